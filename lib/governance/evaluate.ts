import { randomBytes } from 'node:crypto';
import {
  CreateProcessingJobCommand,
  CreateProcessingJobRequest,
  DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { withAwsErrors } from '../aws/errors';
import { Sleep, describeJob, isTerminalStatus, pollJob } from '../aws/jobs';
import { GovernanceContext } from './context';
import {
  buildEvaluationRequest,
  checkEvaluationSpec,
  currentModel,
  evaluationData,
  loadEvaluationSpec,
  withResultsVersion,
} from './evaluation';
import { refreshJobStatus } from './finalize';
import { appendTo, lastStep } from './record';
import { jobData } from './run';
import { appendStep, readRecord } from './store';

export interface EvaluateOptions {
  readonly runId: string;
  /** The evaluation spec as the user spelled it (for messages) and where to read it. */
  readonly specFile: string;
  readonly specPath: string;
  /** Build the request from what is recorded and deployed; write nothing, create nothing. */
  readonly dryRun: boolean;
  /** Follow the processing job to its end and record its final status and results. */
  readonly wait: boolean;
  readonly pollMs: number;
  readonly sleep?: Sleep;
  readonly signal?: AbortSignal;
  readonly clock: () => Date;
  /** Told once the job exists and is recorded, before following it. */
  readonly onStarted?: (request: CreateProcessingJobRequest) => void;
  readonly onStatus?: (status: string, at: Date) => void;
}

export type EvaluateOutcome =
  | { readonly kind: 'dry-run' | 'started'; readonly request: CreateProcessingJobRequest }
  | {
      readonly kind: 'finished';
      readonly request: CreateProcessingJobRequest;
      readonly job: DescribeProcessingJobCommandOutput;
    };

/**
 * `isotrain evaluate RUN`: the project's privacy evaluation of a run's model as a SageMaker
 * Processing job under the training guardrails. The spec is checked before any call; the run record
 * is brought up to date with the training job (a dry run only reads); the job and, with `wait`, its
 * final status and the version of its results are appended to the record.
 */
export async function evaluateRun(
  ctx: GovernanceContext,
  options: EvaluateOptions,
): Promise<EvaluateOutcome> {
  const spec = loadEvaluationSpec(options.specFile, options.specPath);
  checkEvaluationSpec(options.specFile, spec, ctx.project, ctx.outputs);
  const { runId } = options;
  const by = ctx.caller.arn;
  const region = ctx.project.region;
  let { record } = await readRecord(ctx.store, runId);
  if (!isTerminalStatus(lastStep(record, 'job')?.data.status)) {
    // The record may lag behind the job (train without --wait). A dry run writes nothing.
    record = options.dryRun
      ? appendTo(record, record, {
          type: 'job',
          by,
          data: jobData(await describeJob(ctx.clients.sagemaker, 'training', runId, { region })),
        })
      : await refreshJobStatus(ctx.store, ctx.clients.sagemaker, runId, by);
  }
  const model = await currentModel(ctx.clients.s3, record);
  const request = buildEvaluationRequest({
    file: options.specFile,
    spec,
    project: ctx.project,
    outputs: ctx.outputs,
    runId,
    model,
    caller: ctx.caller,
    now: options.clock(),
    nonce: randomBytes(4).toString('hex'),
  });
  if (options.dryRun) return { kind: 'dry-run', request };

  const name = request.ProcessingJobName!;
  const created = await withAwsErrors(
    {
      action: 'sagemaker:CreateProcessingJob',
      project: ctx.project.name,
      projectFile: ctx.projectFile,
      outputsSource: ctx.outputsSource,
      region,
      resource: name,
    },
    () => ctx.clients.sagemaker.send(new CreateProcessingJobCommand(request)),
  );
  await appendStep(ctx.store, runId, {
    type: 'evaluation',
    by,
    data: evaluationData(request, spec, model, {
      ProcessingJobArn: created.ProcessingJobArn,
      ProcessingJobStatus: 'InProgress',
    }),
  });
  options.onStarted?.(request);
  if (!options.wait) return { kind: 'started', request };

  const job = await pollJob(ctx.clients.sagemaker, 'processing', name, {
    pollMs: options.pollMs,
    sleep: options.sleep,
    signal: options.signal,
    now: options.clock,
    region,
    onEvent: (e) => {
      if (e.kind === 'status') options.onStatus?.(e.status, e.at);
    },
  });
  await appendStep(ctx.store, runId, {
    type: 'evaluation',
    by,
    data: await withResultsVersion(ctx.clients.s3, evaluationData(request, spec, model, job)),
  });
  return { kind: 'finished', request, job };
}
