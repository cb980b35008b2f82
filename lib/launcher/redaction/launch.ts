/* eslint-disable @typescript-eslint/no-require-imports -- a dry run loads no SDK (see launchRedaction) */
import * as path from 'node:path';
import type { CreateProcessingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { AwsClientFactory } from '../../aws/clients';
import { REQUIRED_OUTPUTS, outputsFromFile, type ResolvedProjectOutputs } from '../../aws/outputs-file';
import { formatProblem } from '../../config/load';
import { InputError, type ProjectOutputKey } from '../../contract';
import { DRY_RUN_CALLER } from '../request';
import { loadProject, projectFileOf } from '../projects';
import {
  buildRedactionJobRequest,
  redactedChannelOf,
  redactionProblems,
  type RedactionJobOptions,
} from './request';

export interface RedactionLaunchOptions extends RedactionJobOptions {
  readonly cwd: string;
  readonly projectsDir: string;
  readonly projectName: string;
  readonly outputsFile?: string;
  readonly dryRun: boolean;
  readonly now: Date;
}

export interface RedactionLaunch {
  readonly request: CreateProcessingJobCommandInput;
  /** The prefix training specs read the redacted data from (`redacted/.../<job>/data/`). */
  readonly channel: string;
  /** Undefined in a dry run. */
  readonly jobArn?: string;
  readonly outputsSource: string;
}

const REDACTION_OUTPUTS: readonly ProjectOutputKey[] = [...REQUIRED_OUTPUTS, 'RedactionRoleArn'];

function check(...args: Parameters<typeof redactionProblems>): void {
  const problems = redactionProblems(...args);
  if (problems.length > 0) throw new InputError(problems.map(formatProblem).join('\n'));
}

/**
 * `isotrain redact --project`: the project and the options are checked, then (unless a dry run, which
 * calls nothing) the caller's account, the live outputs if no file was given, and CreateProcessingJob.
 * Every refusal comes before the job is created.
 */
export async function launchRedaction(
  options: RedactionLaunchOptions,
  aws?: AwsClientFactory,
): Promise<RedactionLaunch> {
  const at = (file: string) => path.resolve(options.cwd, file);
  const project = loadProject(at(options.projectsDir), options.projectName);
  const projectFile = projectFileOf(options.cwd, project);
  if (options.dryRun && !options.outputsFile)
    throw new InputError(
      "--dry-run calls nothing (not even STS), so it needs --outputs-file FILE: the file 'cdk deploy --outputs-file' wrote",
    );
  let outputs: ResolvedProjectOutputs | undefined = options.outputsFile
    ? outputsFromFile(options.outputsFile, project.config.name, at(options.outputsFile), REDACTION_OUTPUTS)
    : undefined;
  const ctx = (o: ResolvedProjectOutputs) => ({ project: project.config, projectFile, outputs: o, options });
  if (outputs) check(ctx(outputs));
  if (options.dryRun) {
    const request = buildRedactionJobRequest({ ...ctx(outputs!), caller: DRY_RUN_CALLER, now: options.now });
    return { request, channel: channelKey(request, outputs!), outputsSource: outputs!.source };
  }
  if (!aws) throw new Error('launchRedaction needs AWS clients unless it is a dry run');
  // Loaded here, so a dry run never loads the SDK.
  const { projectCaller } = require('../../aws/identity') as typeof import('../../aws/identity');
  const { outputsLive } = require('../../aws/outputs') as typeof import('../../aws/outputs');
  const { createProcessingJob } = require('./client') as typeof import('./client');
  const clients = aws.clients({
    name: project.config.name,
    region: project.config.region,
    file: projectFile,
  });
  const identity = await projectCaller(clients.sts, { ...project.config, file: projectFile });
  if (!outputs) {
    outputs = await outputsLive(clients, project.config.name, REDACTION_OUTPUTS);
    check(ctx(outputs));
  }
  const request = buildRedactionJobRequest({ ...ctx(outputs), caller: identity.arn, now: options.now });
  const jobArn = await createProcessingJob(clients.sagemaker, request, {
    project: project.config.name,
    projectFile,
    outputsSource: outputs.source,
    region: project.config.region,
  });
  return { request, channel: channelKey(request, outputs), jobArn, outputsSource: outputs.source };
}

function channelKey(request: CreateProcessingJobCommandInput, outputs: ResolvedProjectOutputs): string {
  return redactedChannelOf(request).slice(`s3://${outputs.dataBucket}/`.length);
}
