import {
  CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  DescribeTrainingJobResponse,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { buildManifest } from './manifest';
import { Caller, Json, JobData, RunRecord, StartedData, digestText } from './record';
import { refuseInputsTaggedForWipe } from './wipe-tags';
import { RecordStore, appendStep } from './store';

/** The image digest, when the URI pins one (`...@sha256:<hex>`). */
export function imageDigest(uri: string): string | null {
  const m = /@(sha256:[0-9a-f]{64})$/.exec(uri);
  return m ? m[1] : null;
}

/** The run ID of a training job: its name, unique and deterministic (issue 4). */
export function runIdOf(request: Pick<CreateTrainingJobRequest, 'TrainingJobName'>): string {
  if (!request.TrainingJobName) throw new Error('the training request has no TrainingJobName');
  return request.TrainingJobName;
}

/**
 * The first step of a run, derived from the exact request about to be sent. `wipe` names the
 * channels the run's wipe may delete (the launcher decides them from the spec); every other channel
 * is a shared input and is never wiped. An input already tagged for wipe is refused (InputError):
 * it expires within a day, under this run and every other.
 */
export async function startedData(
  s3: S3Client,
  request: CreateTrainingJobRequest,
  caller: Caller,
  details: { [key: string]: Json } = {},
  wipe?: readonly string[],
): Promise<StartedData> {
  // Without the launcher's decisions, channelWiped's default applies (datasets/ and redacted/ only).
  const channels = (request.InputDataConfig ?? []).flatMap((c) => {
    const uri = c.DataSource?.S3DataSource?.S3Uri;
    const name = c.ChannelName ?? '';
    return uri ? [{ name, s3Uri: uri, ...(wipe ? { wipe: wipe.includes(name) } : {}) }] : [];
  });
  const manifest = await buildManifest(s3, channels);
  await refuseInputsTaggedForWipe(s3, manifest);
  const image = request.AlgorithmSpecification?.TrainingImage ?? '';
  return {
    jobName: runIdOf(request),
    caller,
    image: { uri: image, digest: imageDigest(image) },
    instance: {
      type: request.ResourceConfig?.InstanceType ?? '',
      count: request.ResourceConfig?.InstanceCount ?? 0,
      volumeSizeGb: request.ResourceConfig?.VolumeSizeInGB ?? null,
    },
    hyperparameters: { ...(request.HyperParameters ?? {}) },
    details,
    channels,
    manifest,
    output: { s3Uri: request.OutputDataConfig?.S3OutputPath ?? '' },
    checkpoints: request.CheckpointConfig?.S3Uri ? { s3Uri: request.CheckpointConfig.S3Uri } : null,
  };
}

/**
 * Writes a run's record before its job is created: who, what image and instances, hyperparameters,
 * and the manifest of every input object. Fails if a record for this run already exists.
 */
export async function startRun(
  store: RecordStore,
  s3: S3Client,
  request: CreateTrainingJobRequest,
  caller: Caller,
  details: { [key: string]: Json } = {},
  wipe?: readonly string[],
): Promise<RunRecord> {
  const data = await startedData(s3, request, caller, details, wipe);
  return (await appendStep(store, data.jobName, { type: 'started', by: caller.arn, data })).record;
}

export function jobData(job: DescribeTrainingJobResponse): JobData {
  const data: Record<string, unknown> = {
    jobArn: job.TrainingJobArn,
    status: job.TrainingJobStatus ?? 'Unknown',
    secondaryStatus: job.SecondaryStatus,
    failureReason: job.FailureReason === undefined ? undefined : digestText(job.FailureReason),
    modelArtifacts: job.ModelArtifacts?.S3ModelArtifacts,
    startedAt: job.TrainingStartTime?.toISOString(),
    endedAt: job.TrainingEndTime?.toISOString(),
    billableSeconds: job.BillableTimeInSeconds,
  };
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return data as unknown as JobData;
}

/** Appends the job's state as SageMaker reports it (after creation, on each transition, at the end). */
export async function recordJobStatus(
  store: RecordStore,
  sagemaker: SageMakerClient,
  runId: string,
  by: string,
): Promise<{ record: RunRecord; job: JobData }> {
  const job = jobData(await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: runId })));
  const { record } = await appendStep(store, runId, { type: 'job', by, data: job });
  return { record, job };
}

/** Appends a job step when the job could not be created at all, so the run does not count as active. */
export async function recordJobNotCreated(
  store: RecordStore,
  runId: string,
  by: string,
  reason: string,
): Promise<RunRecord> {
  return (
    await appendStep(store, runId, {
      type: 'job',
      by,
      data: { status: 'Failed', failureReason: digestText(reason) },
    })
  ).record;
}
