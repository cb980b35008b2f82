import * as fs from 'node:fs';
import type {
  CreateProcessingJobRequest,
  DescribeProcessingJobResponse,
  ProcessingInstanceType,
} from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { EVALUATIONS_PREFIX, InputError, JOB_TAGS, RESULTS_FILE, jobNamePrefix } from '../contract';
import { ProjectConfig, formatProblem, integer, parseYamlDocument, section } from '../config';
import { GovernanceOutputs } from './context';
import { listVersions, parseS3Uri } from './manifest';
import { Caller, EvaluationData, Json, RunRecord, digestText, lastStep, sha256 } from './record';

/** Where the container finds its inputs and leaves its results (SageMaker Processing paths). */
export const PROCESSING_INPUT_ROOT = '/opt/ml/processing/input';
export const PROCESSING_OUTPUT_DIR = '/opt/ml/processing/output';

const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** An evaluation spec (`isotrain evaluate RUN --spec eval.yaml`); see examples/eval.yaml. */
export const EvaluationSpecSchema = section({
  /**
   * Optional, and only ever the project's pinned `evaluation.image`: the platform team chooses the
   * image release trusts, in the project file, not whoever launches the evaluation.
   */
  image: z.string({ error: "expected the project's pinned evaluation.image, or nothing" }).optional(),
  instanceType: z.string({ error: 'expected a SageMaker instance type from the project allowlist' }),
  instanceCount: integer(1, 8).default(1),
  volumeSizeGb: integer(1, 16384).default(100),
  maxRuntimeSeconds: integer(60, 2_419_200).default(3600),
  /**
   * Data channels besides the model: name → a key prefix in the training-data bucket, or an
   * s3:// URI inside the project's data or artifact bucket (`${dataBucket}` / `${artifactsBucket}`
   * placeholders allowed). Each arrives at /opt/ml/processing/input/<name>.
   */
  inputs: z
    .record(
      z.string().regex(CHANNEL_NAME, { error: 'expected a channel name of letters, digits, - and _' }),
      z
        .string({ error: 'expected a key prefix or an s3:// URI' })
        .min(1, { error: 'expected a key prefix or an s3:// URI' }),
      { error: 'expected a mapping of channel names to locations' },
    )
    .refine((r) => !('model' in r), {
      error: 'expected no channel named "model"; the run\'s model arrives there',
    })
    .default({}),
  environment: z
    .record(z.string(), z.string({ error: 'expected a string value (quote numbers)' }), {
      error: 'expected a mapping of variable names to strings',
    })
    .default({}),
  arguments: z
    .array(z.string({ error: 'expected strings' }), { error: 'expected a list of strings' })
    .default([]),
});
export type EvaluationSpec = z.output<typeof EvaluationSpecSchema>;

/**
 * Reads and validates a spec file; every problem names the file (as the user gave it), the field
 * and the value.
 */
export function loadEvaluationSpec(file: string, readFrom: string = file): EvaluationSpec {
  let source: string;
  try {
    source = fs.readFileSync(readFrom, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the evaluation spec: ${(e as Error).message}`);
  }
  const { value, problems } = parseYamlDocument(file, source, EvaluationSpecSchema, 'evaluation spec');
  if (!value) throw new InputError(problems.map(formatProblem).join('\n'));
  return value;
}

/**
 * Spec checks that need the project and its outputs; returns the input channels. Throws InputError
 * (exit 2) naming file, field and value. Pure: run it before any call.
 */
export function checkEvaluationSpec(
  file: string,
  spec: EvaluationSpec,
  project: ProjectConfig,
  outputs: GovernanceOutputs,
): { name: string; s3Uri: string }[] {
  const problems: string[] = [];
  const bad = (field: string, message: string, value: unknown) =>
    problems.push(`${file}: ${field}: ${message}, got ${JSON.stringify(value)}`);
  if (spec.image !== undefined && spec.image !== project.evaluation.image)
    bad(
      'image',
      `expected nothing or the project's pinned evaluation.image (${project.evaluation.image}); release trusts only that image`,
      spec.image,
    );
  if (!project.training.instanceTypes.includes(spec.instanceType))
    bad(
      'instanceType',
      `expected one of the project's instance types: ${project.training.instanceTypes.join(', ')}`,
      spec.instanceType,
    );
  if (spec.maxRuntimeSeconds > project.training.maxRuntimeSeconds)
    bad(
      'maxRuntimeSeconds',
      `expected at most the project's limit of ${project.training.maxRuntimeSeconds}`,
      spec.maxRuntimeSeconds,
    );
  const buckets = [outputs.TrainingDataBucket, outputs.ArtifactsBucket];
  const channels = Object.entries(spec.inputs).flatMap(([name, where]) => {
    const uri = where
      .replace('${dataBucket}', outputs.TrainingDataBucket)
      .replace('${artifactsBucket}', outputs.ArtifactsBucket);
    if (!uri.startsWith('s3://'))
      return [{ name, s3Uri: `s3://${outputs.TrainingDataBucket}/${uri.replace(/^\/+/, '')}` }];
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!m || !buckets.includes(m[1])) {
      bad(`inputs.${name}`, "expected a location inside the project's data or artifact bucket", where);
      return [];
    }
    return [{ name, s3Uri: uri }];
  });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return channels;
}

/**
 * `<project>--eval-<run hash>-<UTC time>-<random>`: prefixed with `jobNamePrefix(project)` (its log
 * streams, IAM patterns and alerts key on it); the random part keeps two evaluations started in the
 * same second apart.
 */
export function evaluationJobName(project: string, runId: string, now: Date, nonce: string): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${jobNamePrefix(project)}eval-${sha256(runId).slice(0, 8)}-${stamp}-${nonce.slice(0, 6)}`;
}

export interface ModelVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

/** The run's model artifact and the version an evaluation started now would read. */
export async function currentModel(s3: S3Client, record: RunRecord): Promise<ModelVersion> {
  const job = lastStep(record, 'job');
  if (job?.data.status !== 'Completed' || !job.data.modelArtifacts)
    throw new InputError(
      `RUN: run '${record.runId}' has no completed training job with a model (job status ${job?.data.status ?? 'not recorded'})`,
    );
  const { bucket, key } = parseS3Uri(job.data.modelArtifacts);
  const { versions } = await listVersions(s3, bucket, key, true);
  const latest = versions.find((v) => v.IsLatest);
  if (!latest?.VersionId)
    throw new InputError(
      `RUN: the model ${job.data.modelArtifacts} of run '${record.runId}' no longer exists`,
    );
  return { bucket, key, versionId: latest.VersionId };
}

/**
 * The CreateProcessingJob request of a privacy evaluation, under the same guardrails as training:
 * network isolation, inter-container encryption, the project's subnets and security group, the
 * project's keys for volumes and outputs, its execution role and tags.
 */
export function buildEvaluationRequest(args: {
  file: string;
  spec: EvaluationSpec;
  project: ProjectConfig;
  outputs: GovernanceOutputs;
  runId: string;
  model: ModelVersion;
  caller: Caller;
  now: Date;
  /** Random hex that keeps two evaluations started in one second apart. */
  nonce: string;
}): CreateProcessingJobRequest {
  const { spec, project, outputs, runId, model, caller, now } = args;
  const channels = checkEvaluationSpec(args.file, spec, project, outputs);
  const name = evaluationJobName(project.name, runId, now, args.nonce);
  const input = (InputName: string, S3Uri: string) => ({
    InputName,
    S3Input: {
      S3Uri,
      LocalPath: `${PROCESSING_INPUT_ROOT}/${InputName}`,
      S3DataType: 'S3Prefix' as const,
      S3InputMode: 'File' as const,
      S3DataDistributionType: 'FullyReplicated' as const,
    },
  });
  return {
    ProcessingJobName: name,
    RoleArn: outputs.TrainingRoleArn,
    AppSpecification: {
      ImageUri: project.evaluation.image,
      ...(spec.arguments.length > 0 ? { ContainerArguments: spec.arguments } : {}),
    },
    ProcessingResources: {
      ClusterConfig: {
        InstanceCount: spec.instanceCount,
        InstanceType: spec.instanceType as ProcessingInstanceType,
        VolumeSizeInGB: spec.volumeSizeGb,
        VolumeKmsKeyId: outputs.DataKeyArn,
      },
    },
    ProcessingInputs: [
      input('model', `s3://${model.bucket}/${model.key}`),
      ...channels.map((c) => input(c.name, c.s3Uri)),
    ],
    ProcessingOutputConfig: {
      KmsKeyId: outputs.ArtifactsKeyArn,
      Outputs: [
        {
          OutputName: 'results',
          S3Output: {
            S3Uri: `s3://${outputs.ArtifactsBucket}/${EVALUATIONS_PREFIX}${runId}/${name}`,
            LocalPath: PROCESSING_OUTPUT_DIR,
            S3UploadMode: 'EndOfJob',
          },
        },
      ],
    },
    NetworkConfig: {
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: {
        Subnets: outputs.SubnetIds.split(','),
        SecurityGroupIds: [outputs.TrainingSecurityGroupId],
      },
    },
    StoppingCondition: { MaxRuntimeInSeconds: spec.maxRuntimeSeconds },
    Environment: { ...spec.environment, ISOTRAIN_RUN_ID: runId },
    Tags: [
      { Key: JOB_TAGS.project, Value: project.name },
      { Key: JOB_TAGS.dataClassification, Value: project.tags.dataClassification },
      { Key: JOB_TAGS.spec, Value: 'privacy-evaluation' },
      { Key: 'isotrain:run', Value: runId },
      { Key: JOB_TAGS.launchedBy, Value: caller.arn.slice(0, 256) },
    ],
  };
}

export function resultsUriOf(request: CreateProcessingJobRequest): string {
  return `${request.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri}/${RESULTS_FILE}`;
}

export function evaluationData(
  request: CreateProcessingJobRequest,
  spec: EvaluationSpec,
  model: ModelVersion,
  job: Pick<
    DescribeProcessingJobResponse,
    'ProcessingJobArn' | 'ProcessingJobStatus' | 'FailureReason' | 'ExitMessage'
  >,
): EvaluationData {
  const data: Record<string, unknown> = {
    processingJobName: request.ProcessingJobName!,
    processingJobArn: job.ProcessingJobArn,
    status: job.ProcessingJobStatus ?? 'InProgress',
    failureReason: job.FailureReason === undefined ? undefined : digestText(job.FailureReason),
    exitMessage: job.ExitMessage === undefined ? undefined : digestText(job.ExitMessage),
    resultsUri: resultsUriOf(request),
    spec: { ...(JSON.parse(JSON.stringify(spec)) as { [key: string]: Json }), model: { ...model } },
  };
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return data as unknown as EvaluationData;
}

/**
 * Pins the results a completed job wrote: the current version of results.json, found by listing
 * (reads of the artifact bucket from outside the project endpoint are refused).
 */
export async function withResultsVersion(s3: S3Client, data: EvaluationData): Promise<EvaluationData> {
  if (data.status !== 'Completed' || data.resultsVersionId) return data;
  const { bucket, key } = parseS3Uri(data.resultsUri);
  const latest = (await listVersions(s3, bucket, key, true)).versions.find((v) => v.IsLatest);
  return latest?.VersionId ? { ...data, resultsVersionId: latest.VersionId } : data;
}
