import { once } from 'node:events';
import * as fs from 'node:fs';

/** A write stream that respects backpressure and counts the bytes it wrote. */
export class Output {
  private readonly stream: fs.WriteStream;
  bytes = 0;

  constructor(path: string) {
    this.stream = fs.createWriteStream(path, { flags: 'wx', mode: 0o600 });
  }

  async write(chunk: string): Promise<void> {
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    const done = once(this.stream, 'close');
    this.stream.end();
    await done;
  }
}
