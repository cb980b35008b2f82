import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import type { AwsClientFactory } from '../aws/clients';
import { JobEvent, Sleep, pollJob } from '../aws/jobs';
import { createTrainingJob } from './client';
import { PrepareOptions, PreparedJob, TrainHooks, TrainRun, clientsFor, prepareTrainingJob } from './launch';

export interface TrainOptions extends PrepareOptions {
  /** Follow the job to its end. */
  readonly wait: boolean;
  /** Time between status checks while following. */
  readonly pollMs: number;
  readonly hooks?: TrainHooks;
  /** Aborting (Ctrl-C) stops following; the job keeps running. Rejects with FollowInterrupted. */
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly clock?: () => Date;
  /** Told as soon as SageMaker accepted the job, before following it. */
  readonly onLaunched?: (job: PreparedJob, jobArn: string, region: string) => void;
  /** Progress while following. */
  readonly onEvent?: (event: JobEvent) => void;
}

export type TrainOutcome =
  | { readonly kind: 'dry-run'; readonly job: PreparedJob }
  | { readonly kind: 'launched'; readonly job: PreparedJob; readonly jobArn: string }
  | {
      readonly kind: 'finished';
      readonly job: PreparedJob;
      readonly jobArn: string;
      readonly final: DescribeTrainingJobCommandOutput;
    };

/**
 * `isotrain train`: prepares the request (refusals have no side effects), then runs the hooks around
 * CreateTrainingJob and, with `wait`, follows the job to its end. A dry run returns the request and
 * calls nothing.
 */
export async function trainJob(options: TrainOptions, aws: AwsClientFactory): Promise<TrainOutcome> {
  const job = await prepareTrainingJob(options, aws);
  if (options.dryRun || !job.identity) return { kind: 'dry-run', job };

  const clients = clientsFor(aws, job.project, job.projectFile);
  const run: TrainRun = { job, clients, caller: job.identity };
  const hooks = options.hooks ?? {};
  await hooks.beforeCreate?.(run);
  const jobArn = await createTrainingJob(clients.sagemaker, job.request, {
    project: job.project.config.name,
    projectFile: job.projectFile,
    outputsSource: job.outputs.source,
    region: job.project.config.region,
  });
  options.onLaunched?.(job, jobArn, job.project.config.region);
  await hooks.afterCreate?.(run, jobArn);
  if (!options.wait) return { kind: 'launched', job, jobArn };

  const final = await pollJob(clients.sagemaker, 'training', job.request.TrainingJobName!, {
    pollMs: options.pollMs,
    sleep: options.sleep,
    signal: options.signal,
    now: options.clock,
    region: job.project.config.region,
    onEvent: async (event) => {
      options.onEvent?.(event);
      if (event.kind === 'status') await hooks.onStatus?.(run, event.status, event.job);
    },
  });
  await hooks.afterFinish?.(run, final);
  return { kind: 'finished', job, jobArn, final };
}
