import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import { AwsError, explainAwsError, isAwsSdkError } from '../aws/errors';
import type { TrainHooks, TrainRun } from '../launcher/launch';
import { channelWipes } from '../launcher/request';
import { Json, lastStep, recordKey } from './record';
import { jobData, startRun } from './run';
import { RecordStore, appendStep, readRecord } from './store';
import { WipeIncompleteError, wipeRun } from './wipe';
import { markUnreleased } from './artifacts';

interface RunContext {
  readonly store: RecordStore;
  readonly runId: string;
}

/**
 * Issue 5 inside `isotrain train`: the run record is written before CreateTrainingJob (a failure to
 * write it aborts the launch), the job's ARN and each status change are appended, and when a
 * followed job ends (`--wait`) the run is finalized: its inputs and checkpoints wiped as the project's
 * `wipeAfterTraining` says. A partial wipe fails the command and says how to resume. The hooks use
 * the launch's own clients and caller, so they add no STS call and follow the same region rule.
 */
export function governanceHooks(): TrainHooks {
  const runs = new WeakMap<TrainRun, RunContext>();
  const context = (run: TrainRun): RunContext => {
    const ctx = runs.get(run);
    if (!ctx) throw new Error(`no run record was started for ${run.job.request.TrainingJobName}`);
    return ctx;
  };

  const appendJob = async (run: TrainRun, description: DescribeTrainingJobCommandOutput) => {
    const { store, runId } = context(run);
    const data = jobData(description);
    const { record } = await readRecord(store, runId);
    const last = lastStep(record, 'job')?.data;
    if (last && last.status === data.status && last.secondaryStatus === data.secondaryStatus) return;
    await appendStep(store, runId, { type: 'job', by: run.caller.arn, data });
  };

  return {
    async beforeCreate(run) {
      const { job, clients, caller } = run;
      const { config } = job.project;
      const auditBucket = job.outputs.all.AuditBucket;
      if (!auditBucket)
        throw new InputError(
          `${job.outputs.source}: AuditBucket: expected the project's audit bucket (run records are written there before a job starts), got nothing`,
        );
      const store: RecordStore = { s3: clients.s3, auditBucket, project: config.name };
      const details = {
        spec: JSON.parse(JSON.stringify(job.spec)) as Json,
        specFile: job.specFile,
        projectFile: job.projectFile,
        outputs: job.outputs.source,
        ...(job.redaction ? { redaction: JSON.parse(JSON.stringify(job.redaction)) as Json } : {}),
      };
      const where = `s3://${auditBucket}/${recordKey(job.request.TrainingJobName ?? '')}`;
      const wipes = channelWipes(job.spec, job.outputs);
      const wipe = Object.keys(wipes).filter((name) => wipes[name]);
      let record;
      try {
        record = await startRun(store, clients.s3, job.request, caller, details, wipe);
      } catch (e) {
        if (e instanceof InputError) throw e;
        const why = isAwsSdkError(e)
          ? explainAwsError(e, {
              action: 's3:PutObject',
              project: config.name,
              outputsSource: job.outputs.source,
              region: config.region,
              resource: where,
            })
          : (e as Error);
        const code = why instanceof AwsError ? why.code : why.name;
        throw new AwsError(
          `cannot write the run record to ${where} (${code}); nothing was launched.\n${why.message}`,
          why instanceof AwsError ? why.code : 'Other',
          { cause: e },
        );
      }
      runs.set(run, { store, runId: record.runId });
    },
    async afterCreate(run, jobArn) {
      const { store, runId } = context(run);
      await appendStep(store, runId, {
        type: 'job',
        by: run.caller.arn,
        data: { jobArn, status: 'InProgress' },
      });
    },
    async onStatus(run, _status, description) {
      await appendJob(run, description);
    },
    async afterFinish(run, description) {
      const { store, runId } = context(run);
      await appendJob(run, description);
      const { wipe } = await wipeRun(
        store,
        run.clients,
        runId,
        run.job.project.config.wipeAfterTraining,
        run.caller.arn,
      );
      if (wipe.status === 'partial') throw new WipeIncompleteError(runId, wipe);
      await markUnreleased(store, run.clients, runId, run.caller.arn, description);
    },
  };
}
