import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import { freePort } from '../../lib/sandbox/server';

/**
 * A real moto server on 127.0.0.1 and a free port, for end-to-end tests of runtime code.
 * Never skipped: when moto_server is missing the test fails and says how to install it.
 */
export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  /** Environment for the SDK and the CLI: endpoint, region and dummy credentials. */
  env(region?: string): Record<string, string>;
  /** Clears every resource moto holds, between tests. */
  reset(): Promise<void>;
  /** Done with it: a server of its own ends; the worker's shared server is reset for the next file. */
  stop(): Promise<void>;
}

async function waitUntilUp(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr()}`);
}

/** Where global-setup.ts's moto broker listens (moto-broker.ts): it lends each jest worker one server. */
export const MOTO_BROKER_ENV = 'ISOTRAIN_TEST_MOTO_BROKER';

function handle(endpoint: string, stop: (reset: () => Promise<void>) => Promise<void>): MotoServer {
  const reset = async () => {
    const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`moto reset on ${endpoint} answered ${res.status}`);
  };
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    env: (region = 'eu-west-1') => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
    }),
    reset,
    stop: () => stop(reset),
  };
}

/** A moto_server process of its own, on a free port, and how to stop it. */
export async function spawnMoto(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let err = '';
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.on('error', (e) =>
      reject(
        new Error(`cannot start moto_server (${e.message}); it ships with the Python package moto[server]`),
      ),
    ),
  );
  await Promise.race([waitUntilUp(endpoint, child, () => err), spawnError]);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One request to the broker on a connection of its own. The broker lives in jest's main process, where
 * the test files run too (jest-light-runner with one worker): a kept-alive connection would sit idle
 * while a test blocks the event loop (a spawnSync) and be closed by the broker under the next request.
 */
function askBroker(url: string): Promise<{ status: number; body: { endpoint?: string; error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch (e) {
          reject(new Error(`the moto broker answered ${res.statusCode} with no JSON: ${String(e)}`));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A moto server with nothing in it, for one test file. Under jest it is the server the run's broker
 * (test/support/moto-broker.ts, started by global-setup.ts) lends this worker: starting moto costs
 * about 3 CPU-seconds, and a worker runs its files one after another, so one server per worker is
 * enough. It is reset now, and stop() resets it for the next file instead of ending it. Outside such
 * a run, a server of its own that stop() ends.
 */
export async function startMoto(): Promise<MotoServer> {
  const broker = process.env[MOTO_BROKER_ENV];
  if (broker) {
    const worker = process.env.JEST_WORKER_ID ?? '1';
    const { status, body } = await askBroker(`${broker}/moto/${encodeURIComponent(worker)}`);
    if (status !== 200 || !body.endpoint)
      throw new Error(`the moto broker lent no server: ${body.error ?? status}`);
    const server = handle(body.endpoint, (reset) => reset());
    await server.reset();
    return server;
  }
  const own = await spawnMoto();
  return handle(own.endpoint, () => own.stop());
}
