import * as path from 'node:path';
import type {
  CreateTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import type { LoadedProject } from '../config/load';
import type { AwsClientFactory, AwsClients } from '../aws/clients';
import { CallerIdentity, projectCaller } from '../aws/identity';
import { ResolvedProjectOutputs, outputsFromFile, outputsLive } from '../aws/outputs';
import { loadProject, projectFileOf } from './projects';
import { DRY_RUN_CALLER, buildTrainingJobRequest, channelProblems, specProblems } from './request';
import { JobSpec, SpecError, loadJobSpec } from './spec';

export { loadProject, projectOfJobName } from './projects';

export interface PrepareOptions {
  /** Relative paths below are read from here; messages spell them as given. */
  readonly cwd: string;
  readonly projectsDir: string;
  readonly projectName: string;
  readonly specFile: string;
  /** The file `cdk deploy --outputs-file` wrote; without it the outputs are read live. */
  readonly outputsFile?: string;
  /** Builds the request and calls nothing at all, STS included: needs `outputsFile`. */
  readonly dryRun: boolean;
  readonly now: Date;
}

/** Everything known about a job before it is created; what hooks receive. */
export interface PreparedJob {
  readonly project: LoadedProject;
  /** The project file as messages spell it (relative to the working directory). */
  readonly projectFile: string;
  readonly spec: JobSpec;
  readonly specFile: string;
  readonly outputs: ResolvedProjectOutputs;
  /** The caller's ARN, tagged on the job (a placeholder in a dry run). */
  readonly caller: string;
  /** Who STS says is calling; undefined in a dry run, which calls nothing. */
  readonly identity?: CallerIdentity;
  readonly request: CreateTrainingJobCommandInput;
}

function refuse(e: unknown): never {
  if (e instanceof SpecError) throw new InputError(e.message);
  throw e;
}

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
  const at = (file: string) => path.resolve(options.cwd, file);
  const project = loadProject(at(options.projectsDir), options.projectName);
  const projectFile = projectFileOf(options.cwd, project);
  let spec: JobSpec;
  try {
    spec = loadJobSpec(options.specFile, at(options.specFile));
  } catch (e) {
    refuse(e);
  }
  const early = specProblems(spec, options.specFile, project.config, projectFile);
  if (early.length > 0) refuse(new SpecError(early));
  if (options.dryRun && !options.outputsFile)
    throw new InputError(
      "--dry-run calls nothing (not even STS), so it needs --outputs-file FILE: the file 'cdk deploy --outputs-file' wrote",
    );

  let outputs = options.outputsFile
    ? outputsFromFile(options.outputsFile, project.config.name, at(options.outputsFile))
    : undefined;
  const checkChannels = (o: ResolvedProjectOutputs) => {
    const late = channelProblems(spec, options.specFile, o);
    if (late.length > 0) refuse(new SpecError(late));
  };
  if (outputs) checkChannels(outputs);

  let identity: CallerIdentity | undefined;
  if (!options.dryRun) {
    const clients = clientsFor(aws, project, projectFile);
    identity = await projectCaller(clients.sts, { ...project.config, file: projectFile });
    if (!outputs) {
      outputs = await outputsLive(clients, project.config.name);
      checkChannels(outputs);
    }
  }
  const caller = identity?.arn ?? DRY_RUN_CALLER;
  let request: CreateTrainingJobCommandInput;
  try {
    request = buildTrainingJobRequest({
      project: project.config,
      projectFile,
      spec,
      specFile: options.specFile,
      outputs: outputs!,
      caller,
      now: options.now,
    });
  } catch (e) {
    refuse(e);
  }
  return {
    project,
    projectFile,
    spec,
    specFile: options.specFile,
    outputs: outputs!,
    caller,
    identity,
    request,
  };
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
