/**
 * An input file or value is wrong: names the file, the field and the value. The CLI exits 2; nothing
 * was created or sent. Several problems may be reported at once, one per line.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
