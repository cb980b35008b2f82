import * as path from 'node:path';
import type {
  DescribeTrainingJobCommandOutput,
  TrainingJobStatus,
  TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import type { LoadedProject } from '../config/load';
import type { AwsClientFactory, AwsClients } from '../aws/clients';
import { AwsError } from '../aws/errors';
import { CallerIdentity, projectCaller } from '../aws/identity';
import { JobEvent, Sleep, describeJob, isJobNotFound, pollJob } from '../aws/jobs';
import { listTrainingJobs, stopTrainingJob } from './client';
import { clientsFor } from './launch';
import { loadAllProjects, loadProject, projectFileOf, projectOfJobName } from './projects';

/** Where a job command looks: the project files and, optionally, the project named with --project. */
export interface JobScopeOptions {
  readonly cwd: string;
  readonly projectsDir: string;
  readonly projectName?: string;
}

/** The project of a job, when known, and the clients of its region; the caller checked against its account. */
export interface JobScope {
  readonly project?: LoadedProject;
  readonly clients: AwsClients;
  readonly caller?: CallerIdentity;
}

/**
 * The project is --project, else the one the job's name starts with. Without --project the project
 * files are only a hint: a broken one must not stop `status` or `stop`, which then use the standard
 * configuration's region and skip the account check.
 */
export async function jobScope(
  options: JobScopeOptions,
  aws: AwsClientFactory,
  job?: string,
): Promise<JobScope> {
  const dir = path.resolve(options.cwd, options.projectsDir);
  let project: LoadedProject | undefined;
  if (options.projectName) project = loadProject(dir, options.projectName);
  else if (job) {
    try {
      project = projectOfJobName(loadAllProjects(dir), job);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  if (!project) return { clients: aws.clients() };
  const file = projectFileOf(options.cwd, project);
  const clients = clientsFor(aws, project, file);
  const caller = await projectCaller(clients.sts, { ...project.config, file });
  return { project, clients, caller };
}

/** A job the user named does not exist: bad input (exit 2), with the table's advice. */
function notFound(job: string, scope: JobScope, e: unknown): InputError {
  const advice = e instanceof AwsError ? (e.message.split('\n')[1] ?? '') : '';
  return new InputError(
    `JOB: expected a training job in ${scope.clients.region ?? 'the configured region'}, got "${job}" (not found)${advice ? `\n${advice}` : ''}`,
  );
}

export async function jobStatus(
  options: JobScopeOptions & { readonly job: string },
  aws: AwsClientFactory,
): Promise<DescribeTrainingJobCommandOutput> {
  const scope = await jobScope(options, aws, options.job);
  try {
    return await describeJob(scope.clients.sagemaker, 'training', options.job, {
      region: scope.clients.region,
    });
  } catch (e) {
    if (isJobNotFound(e)) throw notFound(options.job, scope, e);
    throw e;
  }
}

export interface StopOptions extends JobScopeOptions {
  readonly job: string;
  /** Follow the job until it has stopped. */
  readonly wait: boolean;
  readonly pollMs: number;
  readonly sleep?: Sleep;
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  readonly onRequested?: () => void;
  readonly onEvent?: (event: JobEvent) => void;
}

/** Asks SageMaker to stop a training job; with `wait`, follows it to its end and returns that. */
export async function stopJob(
  options: StopOptions,
  aws: AwsClientFactory,
): Promise<DescribeTrainingJobCommandOutput | undefined> {
  const scope = await jobScope(options, aws, options.job);
  const region = scope.clients.region;
  try {
    await stopTrainingJob(scope.clients.sagemaker, options.job, {
      region,
      project: scope.project?.config.name,
    });
  } catch (e) {
    if (isJobNotFound(e)) throw notFound(options.job, scope, e);
    throw e;
  }
  options.onRequested?.();
  if (!options.wait) return undefined;
  return pollJob(scope.clients.sagemaker, 'training', options.job, {
    pollMs: options.pollMs,
    sleep: options.sleep,
    signal: options.signal,
    now: options.clock,
    region,
    onEvent: options.onEvent,
  });
}

export const JOB_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

/** A project's training jobs (named <project>-...), newest first, in the project's region. */
export async function listJobs(
  options: JobScopeOptions & {
    readonly projectName: string;
    readonly status?: TrainingJobStatus;
    readonly max: number;
  },
  aws: AwsClientFactory,
): Promise<{ project: LoadedProject; jobs: TrainingJobSummary[] }> {
  const scope = await jobScope(options, aws);
  const project = scope.project!;
  const jobs = await listTrainingJobs(
    scope.clients.sagemaker,
    `${project.config.name}-`,
    options.max,
    options.status,
    {
      project: project.config.name,
      region: project.config.region,
    },
  );
  return { project, jobs };
}
