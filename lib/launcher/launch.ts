import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import type { LoadedProject } from '../config/load';
import type { AwsClientFactory, AwsClients } from '../aws/clients';
import { CallerIdentity, projectCaller } from '../aws/identity';
import { outputsFromNamedParameters, outputsLive } from '../aws/outputs';
import { s3ClientAs } from './redaction/client';
import { verifyRedactedChannels } from './redaction/verify';
import { PrepareOptions, PreparedJob, buildRequest, checkChannels, loadJob, prepareDryRun } from './prepare';

export type { PrepareOptions, PreparedJob } from './prepare';
export { loadProject, projectOfJobName } from './projects';

/**
 * Loads, checks and builds, in the order that keeps refusals free of side effects: the spec against
 * the project file first and the channels against an outputs file (nothing called); then, unless it is
 * a dry run, the caller's identity checked against the project's account (the first call), the live
 * outputs when no file was given, and the channels against them.
 */
export async function prepareTrainingJob(
  options: PrepareOptions,
  aws: AwsClientFactory,
): Promise<PreparedJob> {
  if (options.dryRun) return options.outputsFile ? prepareDryRun(options) : prepareDryRunLive(options, aws);
  const job = loadJob(options);
  const clients = clientsFor(aws, job.project, job.projectFile);
  const identity = await projectCaller(clients.sts, { ...job.project.config, file: job.projectFile });
  let outputs = job.outputs;
  if (!outputs) {
    outputs = await outputsLive(clients, job.project.config.name);
    checkChannels(job.spec, options.specFile, outputs);
  }
  const prepared = buildRequest({ ...job, outputs }, options, identity);
  // Read-only calls, before anything is created: the channels name completed redaction jobs.
  const redaction = await verifyRedactedChannels(
    clients,
    job.spec,
    options.specFile,
    job.project.config,
    job.projectFile,
    outputs,
    (credentials) => s3ClientAs(aws.settings, clients.region, credentials),
  );
  return redaction.length > 0 ? { ...prepared, redaction } : prepared;
}

/**
 * `train --dry-run` without an outputs file: the deployed outputs from the project's SSM parameters,
 * read with GetParameters only — no STS, no other call, nothing written — then the exact request.
 */
export async function prepareDryRunLive(
  options: PrepareOptions,
  aws: AwsClientFactory,
): Promise<PreparedJob> {
  const job = loadJob({ ...options, dryRun: true });
  const clients = clientsFor(aws, job.project, job.projectFile);
  const outputs = await outputsFromNamedParameters(clients.ssm, job.project.config.name);
  checkChannels(job.spec, options.specFile, outputs);
  return buildRequest({ ...job, outputs }, options);
}

/** The clients of a project: its region (see lib/aws/region.ts). */
export function clientsFor(aws: AwsClientFactory, project: LoadedProject, projectFile?: string): AwsClients {
  return aws.clients({ name: project.config.name, region: project.config.region, file: projectFile });
}

/** A launch in progress, as hooks see it. */
export interface TrainRun {
  readonly job: PreparedJob;
  readonly clients: AwsClients;
  readonly caller: CallerIdentity;
}

/**
 * Steps a caller may add around a launch (the run record and the wipe hook in here). Each may throw
 * to abort: a throw in `beforeCreate` means nothing is created.
 */
export interface TrainHooks {
  /** After the request is built and before CreateTrainingJob is sent. */
  beforeCreate?(run: TrainRun): Promise<void>;
  /** Right after SageMaker accepted the job. */
  afterCreate?(run: TrainRun, jobArn: string): Promise<void>;
  /** On each status change while following (`--wait`). */
  onStatus?(run: TrainRun, status: string, description: DescribeTrainingJobCommandOutput): Promise<void>;
  /** When the followed job reached Completed, Failed or Stopped. */
  afterFinish?(run: TrainRun, description: DescribeTrainingJobCommandOutput): Promise<void>;
}
