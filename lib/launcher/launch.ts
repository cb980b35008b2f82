import * as path from 'node:path';
import type {
  CreateTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import { ConfigError, LoadedProject, loadProjects } from '../config/load';
import { LauncherClients, TrainingJobs } from './client';
import { ResolvedProjectOutputs, outputsFromFile, outputsLive } from './outputs';
import { DRY_RUN_CALLER, buildTrainingJobRequest, channelProblems, specProblems } from './request';
import { JobSpec, SpecError, loadJobSpec } from './spec';

/** Finds one project among the project files; every project-file problem is bad input. */
export function loadProject(projectsDir: string, name: string): LoadedProject {
  let projects: LoadedProject[];
  try {
    projects = loadProjects(projectsDir);
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(`the project files have problems:\n${e.message}`);
    throw e;
  }
  const found = projects.find((p) => p.config.name === name);
  if (!found) {
    throw new InputError(
      `--project: expected one of the projects in ${projectsDir} (${projects.map((p) => p.config.name).join(', ')}), got "${name}"`,
    );
  }
  return found;
}

/** The longest project name that prefixes a job name (`legal-eu-...` belongs to legal-eu, not legal). */
export function projectOfJob(projectsDir: string, jobName: string): LoadedProject | undefined {
  // Only a hint for the region: a broken project file must not stop `status` or `stop`.
  try {
    return loadProjects(projectsDir)
      .filter((p) => jobName.startsWith(`${p.config.name}-`))
      .sort((a, b) => b.config.name.length - a.config.name.length)[0];
  } catch {
    return undefined;
  }
}

export interface PrepareOptions {
  /** Relative paths below are read from here; messages spell them as given. */
  readonly cwd: string;
  readonly projectsDir: string;
  readonly projectName: string;
  readonly specFile: string;
  /** The file `cdk deploy --outputs-file` wrote; without it the outputs are read live. */
  readonly outputsFile?: string;
  /** Builds the request without calling anything but the live outputs lookup (no STS). */
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
  readonly caller: string;
  readonly request: CreateTrainingJobCommandInput;
}

function refuse(e: unknown): never {
  if (e instanceof SpecError) throw new InputError(e.message);
  throw e;
}

/**
 * Loads, checks and builds, in the order that keeps refusals free of side effects: the spec against
 * the project file first (nothing read), then the outputs (a file, or read-only live lookups), then the
 * channels against the buckets, and only then the caller's identity.
 */
export async function prepareTrainingJob(
  options: PrepareOptions,
  clients: (region: string) => LauncherClients,
  jobs: (region: string) => TrainingJobs,
): Promise<PreparedJob> {
  const at = (file: string) => path.resolve(options.cwd, file);
  const project = loadProject(at(options.projectsDir), options.projectName);
  const projectFile = path.relative(options.cwd, project.file) || project.file;
  let spec: JobSpec;
  try {
    spec = loadJobSpec(options.specFile, at(options.specFile));
  } catch (e) {
    refuse(e);
  }
  const early = specProblems(spec, options.specFile, project.config, projectFile);
  if (early.length > 0) refuse(new SpecError(early));

  const outputs = options.outputsFile
    ? outputsFromFile(options.outputsFile, project.config.name, at(options.outputsFile))
    : await outputsLive(clients(project.config.region), project.config.name);
  const late = channelProblems(spec, options.specFile, outputs);
  if (late.length > 0) refuse(new SpecError(late));

  const caller = options.dryRun ? DRY_RUN_CALLER : await jobs(project.config.region).callerArn();
  let request: CreateTrainingJobCommandInput;
  try {
    request = buildTrainingJobRequest({
      project: project.config,
      projectFile,
      spec,
      specFile: options.specFile,
      outputs,
      caller,
      now: options.now,
    });
  } catch (e) {
    refuse(e);
  }
  return { project, projectFile, spec, specFile: options.specFile, outputs, caller, request };
}

/**
 * Steps a caller may add around a launch (issue 5's run record and wipe hook in here). Each may throw
 * to abort: a throw in `beforeCreate` means nothing is created.
 */
export interface TrainHooks {
  /** After the request is built and before CreateTrainingJob is sent. */
  beforeCreate?(job: PreparedJob): Promise<void>;
  /** Right after SageMaker accepted the job. */
  afterCreate?(job: PreparedJob, jobArn: string): Promise<void>;
  /** On each status change while following (`--wait`). */
  onStatus?(job: PreparedJob, status: string, description: DescribeTrainingJobCommandOutput): Promise<void>;
  /** When the followed job reached Completed, Failed or Stopped. */
  afterFinish?(job: PreparedJob, description: DescribeTrainingJobCommandOutput): Promise<void>;
}
