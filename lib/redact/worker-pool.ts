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

/**
 * A batch goes to a worker while one has fewer than this many pending; otherwise the calling thread searches
 * it itself. Deep enough that a worker still has work queued while the calling thread searches a batch (its
 * replies are read only between batches), shallow enough that the calling thread shares the searching.
 */
export const WORKER_QUEUE = 3;

/**
 * Detection spread over worker threads and, when given a local finder, the calling thread: each batch goes to
 * the worker with the fewest batches pending, or is searched here when every worker has a full queue. The
 * calling thread would otherwise wait for the workers; searching alongside one worker instead of starting a
 * second saves that worker's start-up and first-pass compilation (about 1.4 CPU-seconds) on two cores.
 */
export class WorkerPool implements Finder {
  private readonly workers: { readonly worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (f: Finding[][]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failed: Error | undefined;

  /**
   * @param workers how many worker threads to start
   * @param local searches a batch in the calling thread; without it, batches always wait for a worker
   */
  constructor(
    workers: number,
    types?: readonly EntityType[],
    private readonly local?: (texts: readonly string[]) => Finding[][],
  ) {
    const ts = WORKER_FILE.endsWith('.ts');
    for (let i = 0; i < workers; i++) {
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
    if (this.local && slot.pending >= WORKER_QUEUE) {
      try {
        return Promise.resolve(this.local(texts));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
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
