import * as path from 'node:path';
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import {
  GovernanceContext,
  TERMINAL_JOB_STATES,
  appendStep,
  appendTo,
  checkEvaluationSpec,
  jobData,
  lastStep,
  refreshJobStatus,
  buildEvaluationRequest,
  callerIdentity,
  createEvaluationJob,
  currentModel,
  evaluationData,
  loadEvaluationSpec,
  readRecord,
  waitForProcessingJob,
  withResultsVersion,
} from '../governance';
import { CliIo, Command, EXIT, UsageError } from './command';
import { RUN_OPTIONS_USAGE, runCommandContext, withRun } from './runs';

const usage = `usage: isotrain evaluate RUN --spec FILE [--project NAME] [--outputs-file FILE] [--dry-run] [--wait]

Runs the project's privacy evaluation of a run's model as a SageMaker Processing job under the
training guardrails (network isolation, the project's VPC and keys). The evaluation image reads the
model at /opt/ml/processing/input/model and each spec input at /opt/ml/processing/input/<name>, and
writes /opt/ml/processing/output/results.json (see README, "Privacy evaluation results"). The run
record gets the job and, with --wait, its final status. Then: isotrain release RUN.

  --spec FILE           evaluation spec (see examples/eval.yaml)
${RUN_OPTIONS_USAGE}
  --dry-run             print the CreateProcessingJob request as JSON on stdout; call nothing else
  --wait                follow the job to its end; exit 1 if it fails or stops`;

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: "run a privacy evaluation of a run's model (SageMaker Processing, isolated)",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { runId, ctx, values } = await runCommandContext(args, io, {
      spec: { type: 'string' },
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
    });
    if (!values.spec) throw new UsageError('--spec FILE is required');
    const specFile = values.spec as string;
    const spec = loadEvaluationSpec(specFile, path.resolve(io.cwd, specFile));
    checkEvaluationSpec(specFile, spec, ctx.project, ctx.outputs);
    let { record } = await withRun(() => readRecord(ctx.store, runId));
    const caller = await callerIdentity(ctx.clients.sts);
    if (!TERMINAL_JOB_STATES.includes(lastStep(record, 'job')?.data.status ?? '')) {
      // The record may lag behind the job (train without --wait). A dry run writes nothing.
      record = values['dry-run']
        ? appendTo(record, record, {
            type: 'job',
            by: caller.arn,
            data: jobData(await describeJob(ctx, runId)),
          })
        : await refreshJobStatus(ctx.store, ctx.clients.sagemaker, runId, caller.arn);
    }
    const model = await currentModel(ctx.clients.s3, record);
    const request = buildEvaluationRequest({
      file: specFile,
      spec,
      project: ctx.project,
      outputs: ctx.outputs,
      runId,
      model,
      caller,
      now: new Date(),
    });
    if (values['dry-run']) {
      io.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
      return EXIT.OK;
    }
    const created = await createEvaluationJob(ctx.clients.sagemaker, request);
    await appendStep(ctx.store, runId, {
      type: 'evaluation',
      by: caller.arn,
      data: evaluationData(request, spec, model, {
        ProcessingJobArn: created.ProcessingJobArn,
        ProcessingJobStatus: 'InProgress',
      }),
    });
    io.stderr.write(`started evaluation ${request.ProcessingJobName} of run ${runId}\n`);
    io.stdout.write(`${request.ProcessingJobName}\n`);
    if (!values.wait) return EXIT.OK;
    const pollMs = Number(io.env.ISOTRAIN_POLL_MS ?? 15_000);
    const job = await waitForProcessingJob(
      ctx.clients.sagemaker,
      request.ProcessingJobName!,
      (status) => io.stderr.write(`${new Date().toISOString()} ${request.ProcessingJobName}: ${status}\n`),
      pollMs,
    );
    await appendStep(ctx.store, runId, {
      type: 'evaluation',
      by: caller.arn,
      data: await withResultsVersion(ctx.clients.s3, evaluationData(request, spec, model, job)),
    });
    if (job.ProcessingJobStatus !== 'Completed') {
      io.stderr.write(
        `isotrain evaluate: ${request.ProcessingJobName} ${job.ProcessingJobStatus}${job.FailureReason ? `: ${job.FailureReason}` : ''}\n`,
      );
      return EXIT.FAILED;
    }
    io.stderr.write(`evaluation complete; results pinned for 'isotrain release ${runId}'\n`);
    return EXIT.OK;
  },
};

function describeJob(ctx: GovernanceContext, runId: string) {
  return ctx.clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: runId }));
}
