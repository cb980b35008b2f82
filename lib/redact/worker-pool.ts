import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finder } from './finder';
import type { EntityType, Finding } from './types';

export interface WorkerRequest {
  readonly id: number;
  readonly texts: readonly string[];
}

export type WorkerReply =
  { readonly id: number; readonly found: Finding[][] } | { readonly id: number; readonly error: string };

// From source (tsx, jest) the worker is lib/redact/worker.ts and needs tsx's loader; bundled (the container
// image), it is worker.js beside the bundle that loaded this module.
const WORKER_FILE = path.join(__dirname, `worker${path.extname(__filename) === '.ts' ? '.ts' : '.js'}`);
const TS_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.file);`;

/** Detection spread over worker threads; each batch goes to the worker with the fewest batches pending. */
export class WorkerPool implements Finder {
  private readonly workers: { readonly worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (f: Finding[][]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(threads: number, types?: readonly EntityType[]) {
    const ts = WORKER_FILE.endsWith('.ts');
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(ts ? TS_BOOTSTRAP : WORKER_FILE, {
        eval: ts,
        workerData: { types, file: WORKER_FILE, ...(ts ? { tsx: require.resolve('tsx/cjs/api') } : {}) },
      });
      const slot = { worker, pending: 0 };
      worker.on('message', (reply: WorkerReply) => {
        slot.pending--;
        const w = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('error' in reply) w?.reject(new Error(`a redactor worker failed: ${reply.error}`));
        else w?.resolve(reply.found);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a redactor worker exited with code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  findAll(texts: readonly string[]): Promise<Finding[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const slot = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    slot.pending++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, texts } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private fail(err: Error): void {
    if (this.workers.length === 0) return; // closing
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
