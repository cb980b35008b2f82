import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import type { LoadedProject } from '../config/load';
import type { CallerIdentity } from '../aws/identity';
import { ResolvedProjectOutputs, outputsFromFile } from '../aws/outputs-file';
import { loadProject, projectFileOf } from './projects';
import type { RedactedChannel } from './redaction/gate';
import { DRY_RUN_CALLER, buildTrainingJobRequest, channelProblems, specProblems } from './request';
import { JobSpec, SpecError, loadJobSpec } from './spec';

/**
 * The steps of a launch that call nothing: the project, the spec and its checks against the project
 * file, the outputs from a file and the channels against them, and the request. A dry run is only
 * this, and loads no SDK.
 */

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
  /** Random hex that makes the job name unique (see JobContext.nonce); drawn here when not given. */
  readonly nonce?: string;
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
  /** With training.requireRedaction: the redaction job and report counts behind each data channel. */
  readonly redaction?: readonly RedactedChannel[];
}

/** The project, the spec checked against it, and the outputs file (if any) with the channels checked. */
export interface LoadedJob {
  readonly project: LoadedProject;
  readonly projectFile: string;
  readonly spec: JobSpec;
  readonly outputs?: ResolvedProjectOutputs;
}

function refuse(e: unknown): never {
  if (e instanceof SpecError) throw new InputError(e.message);
  throw e;
}

/** Every channel inside the project's buckets, or bad input naming each one that is not. */
export function checkChannels(spec: JobSpec, specFile: string, outputs: ResolvedProjectOutputs): void {
  const problems = channelProblems(spec, specFile, outputs);
  if (problems.length > 0) refuse(new SpecError(problems));
}

export function loadJob(options: PrepareOptions): LoadedJob {
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
  if (!options.outputsFile) return { project, projectFile, spec };
  const outputs = outputsFromFile(options.outputsFile, project.config.name, at(options.outputsFile));
  checkChannels(spec, options.specFile, outputs);
  return { project, projectFile, spec, outputs };
}

/** The request, built by the pure builder; every refusal is bad input. */
export function buildRequest(
  job: LoadedJob & { readonly outputs: ResolvedProjectOutputs },
  options: PrepareOptions,
  identity?: CallerIdentity,
): PreparedJob {
  const caller = identity?.arn ?? DRY_RUN_CALLER;
  let request: CreateTrainingJobCommandInput;
  try {
    request = buildTrainingJobRequest({
      project: job.project.config,
      projectFile: job.projectFile,
      spec: job.spec,
      specFile: options.specFile,
      outputs: job.outputs,
      caller,
      now: options.now,
      nonce: options.nonce ?? randomBytes(8).toString('hex'),
    });
  } catch (e) {
    refuse(e);
  }
  return { ...job, specFile: options.specFile, caller, identity, request };
}

/** `train --dry-run --outputs-file FILE`: the exact request, with no call at all. */
export function prepareDryRun(options: PrepareOptions): PreparedJob {
  if (!options.outputsFile)
    throw new InputError('a dry run without --outputs-file reads the outputs from SSM (prepareDryRunLive)');
  const job = loadJob({ ...options, dryRun: true });
  return buildRequest({ ...job, outputs: job.outputs! }, options);
}
