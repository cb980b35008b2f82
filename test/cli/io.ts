import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { CliIo } from '../../lib/cli/command';

/** An in-memory io for running commands in-process: what they wrote, and a chosen TTY flag. */
export function memoryIo(options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const io: CliIo = {
    stdout: Object.assign(out, { isTTY: options.tty }),
    stderr: Object.assign(err, { isTTY: options.tty }),
    env: options.env ?? {},
    cwd: path.join(__dirname, '..', '..'),
  };
  return {
    io,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
