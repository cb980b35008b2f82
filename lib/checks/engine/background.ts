import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a finished background process left: its exit status and its whole output. */
export interface BackgroundResult {
  /** Exit status; undefined when the command could not be started (not installed). */
  readonly status?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** From start to exit, as the file system saw the exit. */
  readonly elapsedMs: number;
  /** CPU time (user + system) of the command and its children, when the shell reported it. */
  readonly cpuMs?: number;
}

/** A process running beside the checks, joined synchronously when its result is needed. */
export interface BackgroundProcess {
  /** Blocks until the process has exited (at most `timeoutMs`), then returns what it wrote. */
  wait(timeoutMs?: number): BackgroundResult;
  /** Stops the process if it still runs and removes its files. */
  cancel(): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The children's user + system time from the output of `times` (its second line: `0m1.25s 0m0.50s`). */
export function childrenCpuMs(times: string): number | undefined {
  const m = /^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(times.trim().split('\n')[1] ?? '');
  if (!m) return undefined;
  return Math.round((Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000);
}
const NOT_FOUND = 127;

/**
 * Starts a command now and lets the caller keep working on this thread: the external validators run
 * on the second core while the cdk-nag packs run on this one. The checks are a synchronous library
 * (synthesis and the packs are), so the join is synchronous too: the command runs under `sh`, which
 * writes its exit status to a file when it ends, and `wait` sleeps until that file appears.
 * Output goes to files, not pipes, so nothing depends on this thread's event loop.
 */
export function startBackground(command: string, args: readonly string[]): BackgroundProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-tool-'));
  const files = {
    out: path.join(dir, 'stdout'),
    err: path.join(dir, 'stderr'),
    status: path.join(dir, 'status'),
    times: path.join(dir, 'times'),
  };
  // "$@" keeps every argument intact (paths with spaces); the status is renamed into place so that
  // wait() never reads a half-written file. `times` reports the CPU time of the shell's children
  // (the command and everything it started), for the benchmark's breakdown.
  const script = `"$@" >"${files.out}" 2>"${files.err}"; echo $? >"${files.status}.tmp"; times >"${files.times}"; mv "${files.status}.tmp" "${files.status}"`;
  // Its own process group, so that cancel() stops the command as well as its shell.
  const child = spawn('sh', ['-c', script, 'sh', command, ...args], { stdio: 'ignore', detached: true });
  child.unref();
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const started = Date.now();
  let done: BackgroundResult | undefined;
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  return {
    wait(timeoutMs = 15 * 60_000): BackgroundResult {
      if (done) return done;
      const deadline = Date.now() + timeoutMs;
      while (!fs.existsSync(files.status)) {
        if (Date.now() > deadline) {
          stop();
          cleanup();
          throw new Error(`${command} did not finish within ${Math.round(timeoutMs / 1000)} s`);
        }
        Atomics.wait(sleeper, 0, 0, 10);
      }
      const status = Number(fs.readFileSync(files.status, 'utf8').trim());
      const elapsedMs = Math.max(0, Math.round(fs.statSync(files.status).mtimeMs - started));
      const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
      const stdout = read(files.out);
      const stderr = read(files.err);
      const cpuMs = childrenCpuMs(read(files.times));
      cleanup();
      // sh answers 127 when the command is not on PATH, and says so on stderr.
      done =
        status === NOT_FOUND && /not found|No such file/i.test(stderr)
          ? { stdout, stderr, elapsedMs, cpuMs }
          : { status, stdout, stderr, elapsedMs, cpuMs };
      return done;
    },
    cancel(): void {
      if (!done) stop();
      cleanup();
    },
  };
}
