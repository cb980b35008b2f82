// A worker thread of the redactor: finds entities in the texts it is sent and answers with the findings.
// Replacing them (and numbering pseudonyms) stays in the main thread, in input order.
import { parentPort, workerData } from 'node:worker_threads';
import { createRedactor } from './redactor';
import type { EntityType } from './types';
import type { WorkerReply, WorkerRequest } from './worker-pool';

const { types } = workerData as { readonly types?: readonly EntityType[] };
const redactor = createRedactor({ types });
// Load the word lists and compile the patterns now, while the main thread is still reading its first batch.
redactor.find('Warm-up: Maria Lopez, 1 Main Street, +44 20 7946 0958.');

parentPort!.on('message', ({ id, texts }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, found: redactor.findAll(texts) };
  } catch (err) {
    // An error's message could quote the text: send its kind and stack frames only.
    const frames = err instanceof Error ? (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
    reply = { id, error: `${err instanceof Error ? err.name : typeof err}\n${frames.join('\n')}` };
  }
  parentPort!.postMessage(reply);
});
