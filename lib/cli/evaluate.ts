import * as path from 'node:path';
import {
  appendStep,
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
    const file = path.resolve(io.cwd, values.spec as string);
    const spec = loadEvaluationSpec(file);
    const { record } = await withRun(() => readRecord(ctx.store, runId));
    const model = await currentModel(ctx.clients.s3, record);
    const caller = await callerIdentity(ctx.clients.sts);
    const request = buildEvaluationRequest({
      file: values.spec as string,
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
