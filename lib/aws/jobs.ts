import {
  DescribeProcessingJobCommand,
  DescribeProcessingJobCommandOutput,
  DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { AwsError, ErrorContext, rowFor, withAwsErrors } from './errors';
import { JobEvent, isTerminalStatus } from './job-states';

export * from './job-states';

/**
 * SageMaker jobs, one way for both kinds: what "ended" means, what "not found" looks like, and one
 * poller that reports status and secondary-status changes. Used by train --wait, stop --wait,
 * status, evaluate --wait, release and wipe.
 */
export type JobKind = 'training' | 'processing';

export type JobDescription<K extends JobKind> = K extends 'training'
  ? DescribeTrainingJobCommandOutput
  : DescribeProcessingJobCommandOutput;

/** True when SageMaker says the named job does not exist: the error table's JobNotFound row, raw or explained. */
export function isJobNotFound(e: unknown): boolean {
  return (e instanceof AwsError ? e.code : rowFor(e)?.code) === 'JobNotFound';
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** setTimeout as a promise that an AbortSignal ends early (rejecting with the signal's reason). */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const ACTIONS: Record<JobKind, string> = {
  training: 'sagemaker:DescribeTrainingJob',
  processing: 'sagemaker:DescribeProcessingJob',
};

/** One DescribeTrainingJob / DescribeProcessingJob; errors come out explained (AwsError, code JobNotFound when absent). */
export async function describeJob<K extends JobKind>(
  sagemaker: SageMakerClient,
  kind: K,
  name: string,
  options: { signal?: AbortSignal; region?: string } = {},
): Promise<JobDescription<K>> {
  const ctx: ErrorContext = { action: ACTIONS[kind], resource: name, region: options.region };
  const send = { abortSignal: options.signal };
  const call = (): Promise<unknown> =>
    kind === 'training'
      ? sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }), send)
      : sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }), send);
  return (await withAwsErrors(ctx, call)) as JobDescription<K>;
}

export function statusOf(job: DescribeTrainingJobCommandOutput | DescribeProcessingJobCommandOutput): string {
  return ('TrainingJobStatus' in job ? job.TrainingJobStatus : job.ProcessingJobStatus) ?? 'Unknown';
}

export interface PollOptions<J> {
  /** Time between Describe calls. @default 15000 */
  readonly pollMs?: number;
  readonly sleep?: Sleep;
  /** Aborting stops following (the job keeps running) and rejects with FollowInterrupted. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly region?: string;
  /** Awaited, so a slow listener (a run record being written) delays the next poll, not the order. */
  readonly onEvent?: (event: JobEvent<J>) => void | Promise<void>;
}

/** Following a job was stopped (Ctrl-C); the job itself keeps running. */
export class FollowInterrupted extends Error {
  override readonly name = 'FollowInterrupted';
  constructor(
    readonly kind: JobKind,
    readonly job: string,
  ) {
    super(`stopped following; ${job} keeps running`);
  }
}

/**
 * Polls a job until it completes, fails or stops, reporting each status change and each new (or
 * reworded) secondary-status transition once. Returns the final description.
 */
export async function pollJob<K extends JobKind>(
  sagemaker: SageMakerClient,
  kind: K,
  name: string,
  options: PollOptions<JobDescription<K>> = {},
): Promise<JobDescription<K>> {
  const pollMs = options.pollMs ?? 15_000;
  const wait = options.sleep ?? sleep;
  const now = options.now ?? (() => new Date());
  const emit = async (event: JobEvent<JobDescription<K>>) => options.onEvent?.(event);
  let lastStatus: string | undefined;
  const seen: string[] = [];
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const job = await describeJob(sagemaker, kind, name, {
        signal: options.signal,
        region: options.region,
      });
      const at = now();
      const status = statusOf(job);
      if (status !== lastStatus) {
        await emit({ kind: 'status', status, job, at });
        lastStatus = status;
      }
      const transitions = 'SecondaryStatusTransitions' in job ? (job.SecondaryStatusTransitions ?? []) : [];
      for (const [i, t] of transitions.entries()) {
        const key = `${t.Status}\u0000${t.StatusMessage ?? ''}`;
        if (seen[i] !== key) {
          seen[i] = key;
          await emit({ kind: 'secondary', status: t.Status ?? 'Unknown', message: t.StatusMessage, at });
        }
      }
      await emit({ kind: 'poll', job, at });
      if (isTerminalStatus(status)) return job;
      await wait(pollMs, options.signal);
    }
  } catch (e) {
    if (options.signal?.aborted) throw new FollowInterrupted(kind, name);
    throw e;
  }
}
