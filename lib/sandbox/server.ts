import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { InputError } from '../contract';

/** A moto server the sandbox started, detached so it outlives the command that started it. */
export interface StartedServer {
  readonly pid: number;
  readonly endpoint: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a moto server answers at the endpoint (its management API, which AWS does not have). */
export async function motoAnswers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

const INSTALL = 'moto_server ships with the Python package moto[server] (pip install "moto[server]>=5.2")';

/**
 * Starts `moto_server` on 127.0.0.1 with the project's account as moto's own (STS answers it, so
 * the account check passes as it would for a caller in the project's account). Waits until it
 * answers; its output goes to `logFile`.
 */
export async function startServer(options: {
  readonly port: number;
  readonly account: string;
  readonly logFile: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}): Promise<StartedServer> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  if (await motoAnswers(endpoint)) {
    throw new InputError(
      `--port: something already answers on ${endpoint}; choose another port, or use it with --endpoint ${endpoint}`,
    );
  }
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(options.port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...options.env, MOTO_ACCOUNT_ID: options.account, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  fs.closeSync(log);
  let failure: string | undefined;
  child.once('error', (e) => (failure = `cannot start moto_server (${e.message}); ${INSTALL}`));
  child.once('exit', (code) => (failure ??= `moto_server exited with ${code}; see ${options.logFile}`));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await motoAnswers(endpoint))) {
    if (failure) throw new InputError(failure);
    if (Date.now() > deadline) {
      stopServer(child.pid);
      throw new InputError(`moto_server did not answer on ${endpoint} in time; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.unref();
  return { pid: child.pid!, endpoint };
}

/** Whether a process with this ID exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops the server the sandbox started (by its recorded ID only). */
export function stopServer(pid: number | undefined): void {
  if (pid === undefined || !isRunning(pid)) return;
  process.kill(pid, 'SIGTERM');
}

/** Waits until the process has gone, so a following `up` can take the port again. */
export async function waitGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
