import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';

/**
 * What every job poller and printer agrees on, without loading the SDK: which states are final and
 * what following a job reports.
 */

/** A job in one of these states has ended: it will not change again. */
export const TERMINAL_JOB_STATUSES: readonly string[] = ['Completed', 'Failed', 'Stopped'];

export function isTerminalStatus(status: string | undefined): boolean {
  return TERMINAL_JOB_STATUSES.includes(status ?? '');
}

/** What following a job reports, in order. */
export type JobEvent<J = DescribeTrainingJobCommandOutput> =
  | { readonly kind: 'status'; readonly status: string; readonly job: J; readonly at: Date }
  | { readonly kind: 'secondary'; readonly status: string; readonly message?: string; readonly at: Date }
  | { readonly kind: 'poll'; readonly job: J; readonly at: Date };
