import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import type { WipeMode } from '../config';
import { describeJob, isJobNotFound, isTerminalStatus } from '../aws/jobs';
import { RunRecord, WipeData, digestText, lastStep } from './record';
import { jobData } from './run';
import { RecordStore, appendStep, readRecord } from './store';
import { wipeRun } from './wipe';
import { markUnreleased } from './artifacts';

/** Brings the record's job status up to date with SageMaker; appends a step only on a change. */
export async function refreshJobStatus(
  store: RecordStore,
  sagemaker: SageMakerClient,
  runId: string,
  by: string,
): Promise<RunRecord> {
  const { record } = await readRecord(store, runId);
  const last = lastStep(record, 'job');
  if (last && isTerminalStatus(last.data.status)) return record;
  try {
    const job = jobData(await describeJob(sagemaker, 'training', runId));
    if (last && last.data.status === job.status && last.data.secondaryStatus === job.secondaryStatus)
      return record;
    return (await appendStep(store, runId, { type: 'job', by, data: job })).record;
  } catch (e) {
    if (!last && isJobNotFound(e)) {
      const data = { status: 'Failed', failureReason: digestText('the training job was never created') };
      return (await appendStep(store, runId, { type: 'job', by, data })).record;
    }
    throw e;
  }
}

/**
 * Ends a run: records the job's final state, wipes as the project says, then tags the model versions
 * the job wrote unreleased (see artifacts.ts). What `isotrain train --wait` calls when the job ends,
 * and `isotrain finalize RUN` later; each part resumes where it stopped.
 */
export async function finalizeRun(
  store: RecordStore,
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  runId: string,
  mode: WipeMode,
  by: string,
): Promise<{ record: RunRecord; wipe: WipeData; alreadyDone: boolean }> {
  await refreshJobStatus(store, clients.sagemaker, runId, by);
  const wiped = await wipeRun(store, clients, runId, mode, by);
  if (wiped.wipe.status === 'partial') return wiped;
  return { ...wiped, record: await markUnreleased(store, clients, runId, by) };
}
