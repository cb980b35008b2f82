import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { InputError } from '../contract';
import type { PreparedJob, TrainHooks } from '../launcher/launch';
import { AwsClients, awsClients, callerIdentity } from './context';
import { Json, lastStep, recordKey } from './record';
import { jobData, startRun } from './run';
import { RecordStore, appendStep, readRecord } from './store';
import { wipeRun } from './wipe';

export interface GovernanceHookOptions {
  /**
   * SDK clients for a region.
   * @default - standard configuration (default credential chain, AWS_REGION, AWS_ENDPOINT_URL) in the project's region
   */
  readonly clients?: (region: string) => Pick<AwsClients, 's3' | 'sagemaker' | 'sts'>;
}

interface RunContext {
  readonly store: RecordStore;
  readonly clients: Pick<AwsClients, 's3' | 'sagemaker' | 'sts'>;
  readonly by: string;
  readonly runId: string;
}

/**
 * Issue 5 inside `isotrain train`: the run record is written before CreateTrainingJob (a failure to
 * write it aborts the launch), the job's ARN and each status change are appended, and when a
 * followed job ends (`--wait`) the run is finalized: its inputs and checkpoints wiped as the project's
 * `wipeAfterTraining` says. A partial wipe fails the command and says how to resume.
 */
export function governanceHooks(options: GovernanceHookOptions = {}): TrainHooks {
  const make = options.clients ?? ((region: string) => awsClients({}, region));
  const runs = new WeakMap<PreparedJob, RunContext>();
  const context = (job: PreparedJob): RunContext => {
    const run = runs.get(job);
    if (!run) throw new Error(`no run record was started for ${job.request.TrainingJobName}`);
    return run;
  };

  const appendJob = async (run: RunContext, description: DescribeTrainingJobCommandOutput) => {
    const data = jobData(description);
    const { record } = await readRecord(run.store, run.runId);
    const last = lastStep(record, 'job')?.data;
    if (last && last.status === data.status && last.secondaryStatus === data.secondaryStatus) return;
    await appendStep(run.store, run.runId, { type: 'job', by: run.by, data });
  };

  return {
    async beforeCreate(job) {
      const { config } = job.project;
      const auditBucket = job.outputs.all.AuditBucket;
      if (!auditBucket)
        throw new InputError(
          `${job.outputs.source}: AuditBucket: expected the project's audit bucket (run records are written there before a job starts), got nothing`,
        );
      const clients = make(config.region);
      const caller = await callerIdentity(clients.sts);
      const store: RecordStore = { s3: clients.s3, auditBucket, project: config.name };
      const details = {
        spec: JSON.parse(JSON.stringify(job.spec)) as Json,
        specFile: job.specFile,
        projectFile: job.projectFile,
        outputs: job.outputs.source,
      };
      let record;
      try {
        record = await startRun(store, clients.s3, job.request, caller, details);
      } catch (e) {
        const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        throw new Error(
          `cannot write the run record to s3://${auditBucket}/${recordKey(job.request.TrainingJobName ?? '')} (${why}); nothing was launched`,
        );
      }
      runs.set(job, { store, clients, by: caller.arn, runId: record.runId });
    },
    async afterCreate(job, jobArn) {
      const run = context(job);
      await appendStep(run.store, run.runId, {
        type: 'job',
        by: run.by,
        data: { jobArn, status: 'InProgress' },
      });
    },
    async onStatus(job, _status, description) {
      await appendJob(context(job), description);
    },
    async afterFinish(job, description) {
      const run = context(job);
      await appendJob(run, description);
      const { wipe } = await wipeRun(
        run.store,
        run.clients,
        run.runId,
        job.project.config.wipeAfterTraining,
        run.by,
      );
      if (wipe.status === 'partial') {
        const failed = wipe.errors.map((e) => `s3://${e.bucket}/${e.key}: ${e.error}`).join('; ');
        throw new Error(
          `the job ended but its wipe is incomplete (${failed}); resume with: npx isotrain finalize ${run.runId}`,
        );
      }
    },
  };
}
