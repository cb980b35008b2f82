import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { isTerminalStatus } from '../aws/job-states';

/** What `status` and the end of `train --wait` show about a training job. */
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
  const end = job.TrainingEndTime ?? (isTerminalStatus(job.TrainingJobStatus) ? job.LastModifiedTime : now);
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
