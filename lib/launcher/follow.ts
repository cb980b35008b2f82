import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { Sleep, TrainingJobs, sleep as realSleep } from './client';

/** What following a job reports, in order. */
export type JobEvent =
  | {
      readonly kind: 'status';
      readonly status: string;
      readonly job: DescribeTrainingJobCommandOutput;
      readonly at: Date;
    }
  | { readonly kind: 'secondary'; readonly status: string; readonly message?: string; readonly at: Date }
  | { readonly kind: 'poll'; readonly job: DescribeTrainingJobCommandOutput; readonly at: Date };

export const FINAL_STATUSES = new Set(['Completed', 'Failed', 'Stopped']);

export interface FollowOptions {
  /** Time between DescribeTrainingJob calls. @default 15000 */
  readonly pollMs?: number;
  readonly sleep?: Sleep;
  /** Aborting stops following (the job keeps running) and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Awaited, so a slow listener (a run record being written) delays the next poll, not the order. */
  readonly onEvent: (event: JobEvent) => void | Promise<void>;
}

/**
 * Polls a training job until it completes, fails or stops, reporting each status change and each new
 * (or reworded) secondary-status transition once. Returns the final description.
 */
export async function followJob(
  jobs: TrainingJobs,
  name: string,
  options: FollowOptions,
): Promise<DescribeTrainingJobCommandOutput> {
  const pollMs = options.pollMs ?? 15_000;
  const wait = options.sleep ?? realSleep;
  const now = options.now ?? (() => new Date());
  let lastStatus: string | undefined;
  const seen: string[] = [];
  for (;;) {
    options.signal?.throwIfAborted();
    const job = await jobs.describe(name, options.signal);
    const at = now();
    const status = job.TrainingJobStatus ?? 'Unknown';
    if (status !== lastStatus) {
      await options.onEvent({ kind: 'status', status, job, at });
      lastStatus = status;
    }
    for (const [i, t] of (job.SecondaryStatusTransitions ?? []).entries()) {
      const key = `${t.Status}\u0000${t.StatusMessage ?? ''}`;
      if (seen[i] !== key) {
        seen[i] = key;
        await options.onEvent({
          kind: 'secondary',
          status: t.Status ?? 'Unknown',
          message: t.StatusMessage,
          at,
        });
      }
    }
    await options.onEvent({ kind: 'poll', job, at });
    if (FINAL_STATUSES.has(status)) return job;
    await wait(pollMs, options.signal);
  }
}

export interface JobSummary {
  readonly name: string;
  readonly status: string;
  readonly secondaryStatus?: string;
  readonly failureReason?: string;
  readonly elapsedSeconds?: number;
  readonly trainingSeconds?: number;
  readonly billableSeconds?: number;
  /** Share of training time not billed thanks to managed spot training, in percent. */
  readonly spotSavingsPercent?: number;
  readonly modelArtifacts?: string;
  readonly checkpoints?: string;
}

export function summarize(job: DescribeTrainingJobCommandOutput, now: Date = new Date()): JobSummary {
  const start = job.TrainingStartTime ?? job.CreationTime;
  const end =
    job.TrainingEndTime ?? (FINAL_STATUSES.has(job.TrainingJobStatus ?? '') ? job.LastModifiedTime : now);
  const elapsed =
    start && end ? Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000)) : undefined;
  const training = job.TrainingTimeInSeconds;
  const billable = job.BillableTimeInSeconds;
  const savings =
    job.EnableManagedSpotTraining && training && billable !== undefined && training > 0
      ? Math.round((1 - billable / training) * 1000) / 10
      : undefined;
  return {
    name: job.TrainingJobName ?? '',
    status: job.TrainingJobStatus ?? 'Unknown',
    secondaryStatus: job.SecondaryStatus,
    failureReason: job.FailureReason,
    elapsedSeconds: elapsed,
    trainingSeconds: training,
    billableSeconds: billable,
    spotSavingsPercent: savings,
    modelArtifacts: job.ModelArtifacts?.S3ModelArtifacts,
    checkpoints: job.CheckpointConfig?.S3Uri,
  };
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The summary as `key: value` lines, for `status` and the end of `train --wait`. */
export function formatSummary(s: JobSummary): string {
  const lines: [string, string | undefined][] = [
    ['job', s.name],
    [
      'status',
      s.secondaryStatus && s.secondaryStatus !== s.status ? `${s.status} (${s.secondaryStatus})` : s.status,
    ],
    ['failure', s.failureReason],
    ['elapsed', duration(s.elapsedSeconds)],
    ['training time', s.trainingSeconds !== undefined ? duration(s.trainingSeconds) : undefined],
    ['billable time', s.billableSeconds !== undefined ? duration(s.billableSeconds) : undefined],
    ['spot savings', s.spotSavingsPercent !== undefined ? `${s.spotSavingsPercent}%` : undefined],
    ['model', s.modelArtifacts],
    ['checkpoints', s.checkpoints],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`)
    .join('\n');
}
