/** The contract between `bin/isotrain.ts` and each subcommand: parse, run, return an exit code. */

export const EXIT = {
  /** Success; for checks, no findings. */
  OK: 0,
  /** Findings, a failed or stopped job, a refused release, a broken chain. */
  FAILED: 1,
  /** Bad usage or bad input (file, spec, template): nothing was created or sent. */
  USAGE: 2,
} as const;

/** Where a command reads and writes. Injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for `isotrain --help`. */
  readonly summary: string;
  /** Full usage text for `isotrain <name> --help` and usage errors. */
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** The command line itself is wrong (unknown flag, missing argument). Exit 2, usage shown. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export { InputError } from '../contract';
