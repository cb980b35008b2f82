/**
 * What every command receives: where it reads and writes, the shared options, and what tests may
 * swap in. Loaded by `isotrain --help`, so it imports nothing but types.
 */
import type { Sleep } from '../aws/jobs';
import type { TrainHooks } from '../launcher/launch';

export const EXIT = {
  /** Success; for checks, no findings. */
  OK: 0,
  /** Findings, a failed or stopped job, a refused release, a broken chain, AWS refused. */
  FAILED: 1,
  /** Bad usage or bad input (file, spec, template, wrong account): nothing was created or sent. */
  USAGE: 2,
  /** Ctrl-C while following a job: following stopped, the job keeps running. */
  INTERRUPTED: 130,
} as const;

/** Where a command reads and writes. Injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The environment: AWS configuration and ISOTRAIN_PROJECTS_DIR. Only bin/ reads process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** What tests may swap in; everything defaults to the real thing. */
export interface CliDeps {
  readonly now?: () => Date;
  /** The wait between polls while following a job. */
  readonly sleep?: Sleep;
  /** Registers a Ctrl-C handler; returns its removal. @default process SIGINT */
  readonly onInterrupt?: (handler: () => void) => () => void;
  /** The SDK's wait before each retry, by attempt. @default - the SDK's own backoff */
  readonly retryDelayMs?: (attempt: number) => number;
  /** What `train` runs around a launch. @default - the run record and wipe (lib/governance/train-hooks.ts) */
  readonly trainHooks?: TrainHooks;
}

/** The options every command takes (docs/cli.md, "Shared options"). */
export interface SharedOptions {
  readonly project?: string;
  /** As given, or $ISOTRAIN_PROJECTS_DIR, or `projects`; relative to the working directory. */
  readonly projectsDir: string;
  readonly outputsFile?: string;
  /** Exactly one JSON document on stdout. */
  readonly json: boolean;
  /** Stack traces and SDK details on errors. */
  readonly debug: boolean;
  /** Time between status checks while waiting. */
  readonly pollSeconds: number;
}

/** The command line itself is wrong (an option that contradicts another, a missing argument). Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandContext {
  readonly io: CliIo;
  readonly deps: CliDeps;
  readonly shared: SharedOptions;
  /** The command's name, for messages. */
  readonly command: string;
  readonly now: () => Date;
  /** A line on stderr: progress, notices, hints. */
  readonly say: (line: string) => void;
  /** Text on stdout: the result. */
  readonly out: (text: string) => void;
  /** The result as the one JSON document of this call. */
  json(value: unknown): void;
  /** A signal that Ctrl-C aborts while a command follows a job; call `release` when done. */
  following(): { readonly signal: AbortSignal; release(): void };
}

const defaultInterrupt = (handler: () => void) => {
  process.once('SIGINT', handler);
  return () => void process.removeListener('SIGINT', handler);
};

export function commandContext(
  io: CliIo,
  deps: CliDeps,
  shared: SharedOptions,
  command: string,
): CommandContext {
  let printedJson = false;
  return {
    io,
    deps,
    shared,
    command,
    now: deps.now ?? (() => new Date()),
    say: (line) => void io.stderr.write(`${line}\n`),
    out: (text) => void io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    json(value) {
      if (printedJson) throw new Error('a second JSON document: --json prints exactly one');
      printedJson = true;
      io.stdout.write(
        `${JSON.stringify(value, (k, v: unknown) => (k === '$metadata' ? undefined : v), 2)}\n`,
      );
    },
    following() {
      const abort = new AbortController();
      const release = (deps.onInterrupt ?? defaultInterrupt)(() => abort.abort(new Error('interrupted')));
      return { signal: abort.signal, release };
    },
  };
}
