import { createHash } from 'node:crypto';
import type { Channel as SageMakerChannel, CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { ConfigProblem, describeValue } from '../config/load';
import { ecrRepositoryArn } from '../config/ecr';
import { isGpuInstanceType } from '../config/gpu';
import type { ProjectConfig } from '../config/schema';
import {
  CHECKPOINT_PREFIX,
  DATASETS_PREFIX,
  JOB_TAGS,
  MODEL_PREFIX,
  REDACTED_PREFIX,
  jobNamePrefix,
} from '../contract';
import type { ResolvedProjectOutputs } from './outputs';
import { redactionGateProblems } from './redaction/gate';
import { JobSpec, SpecError } from './spec';

/** Stands in for the caller's identity in a dry run, which calls nothing (not even STS). */
export const DRY_RUN_CALLER = '(caller identity, read from sts:GetCallerIdentity at launch)';

/** Everything the pure builder needs; nothing here is read from the environment. */
export interface JobContext {
  readonly project: ProjectConfig;
  /** The project file, for messages (`projects/example.yaml`). */
  readonly projectFile: string;
  readonly spec: JobSpec;
  /** The job spec file, for messages. */
  readonly specFile: string;
  readonly outputs: ResolvedProjectOutputs;
  /** The caller's ARN from STS; tagged on the job. */
  readonly caller: string;
  /** Launch time; part of the job name. */
  readonly now: Date;
  /**
   * Random bytes (hex) drawn once per launch: with the content hash they make the job name, and so
   * the run ID, unique even for two identical requests in the same second. The builder stays pure.
   */
  readonly nonce: string;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const PLACEHOLDERS = ['dataBucket', 'artifactsBucket'] as const;
/** Channels that carry the data itself: they must come from the data bucket. */
const DATA_CHANNELS = new Set(['training', 'validation', 'test']);

/**
 * Checks that need only the spec and the project file: run before anything is read or sent.
 * Each problem names the spec file, the field as the spec spells it and the value.
 */
export function specProblems(
  spec: JobSpec,
  specFile: string,
  project: ProjectConfig,
  projectFile: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const refuse = (field: string, message: string, value: unknown) =>
    problems.push({ file: specFile, field, message: `${message}, got ${describeValue(value)}` });
  const { training } = project;

  const type = spec.instance.type;
  if (!isGpuInstanceType(type)) {
    refuse(
      'instance.type',
      'expected a SageMaker GPU instance type such as ml.g5.2xlarge (isotrain fine-tunes on NVIDIA GPUs)',
      type,
    );
  } else if (!training.instanceTypes.includes(type)) {
    refuse(
      'instance.type',
      `expected one of the project's instance types (${projectFile} training.instanceTypes: ${training.instanceTypes.join(', ')})`,
      type,
    );
  }
  if (spec.maxRuntimeSeconds > training.maxRuntimeSeconds) {
    refuse(
      'maxRuntimeSeconds',
      `expected at most the project's limit (${projectFile} training.maxRuntimeSeconds: ${training.maxRuntimeSeconds})`,
      spec.maxRuntimeSeconds,
    );
  }
  if (spec.hyperparameters.learningRate > training.maxLearningRate) {
    refuse(
      'hyperparameters.learningRate',
      `expected at most the project's ceiling (${projectFile} training.maxLearningRate: ${training.maxLearningRate}); low learning rates and adapters keep a model from memorising its training data`,
      spec.hyperparameters.learningRate,
    );
  }
  problems.push(...redactionGateProblems(spec, specFile, project, projectFile));
  const imageProblem = checkImage(spec.image, project, projectFile);
  if (imageProblem) refuse('image', imageProblem, spec.image);

  for (const [name, channel] of Object.entries(spec.channels)) {
    for (const [, placeholder] of channel.source.matchAll(PLACEHOLDER)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(placeholder)) {
        refuse(
          `channels.${name}.source`,
          `expected only the placeholders \${dataBucket} or \${artifactsBucket}`,
          channel.source,
        );
      }
    }
  }
  return problems;
}

/** Returns what is wrong with the image, or undefined when it is in an allowed repository. */
function checkImage(image: string, project: ProjectConfig, projectFile: string): string | undefined {
  const allowed = project.training.ecrRepositories.map((r) =>
    ecrRepositoryArn(r, project.account, project.region),
  );
  const expected = `an image in the project's ECR repositories (${projectFile} training.ecrRepositories: ${allowed.join(', ')})`;
  const m =
    /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._\-/]*?)(?::([\w][\w.-]{0,127})|@(sha256:[a-f0-9]{64}))?$/.exec(
      image,
    );
  if (!m)
    return `expected ${expected}, written <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>`;
  const [, account, region, repository, tag, digest] = m;
  const arn = ecrRepositoryArn(repository, account, region);
  if (!allowed.includes(arn)) return `expected ${expected}`;
  if (!digest && (!tag || tag === 'latest')) {
    return 'expected a pinned tag or an @sha256 digest (not latest): the run record must say exactly which image trained the model';
  }
  return undefined;
}

/** Turns a channel source into an s3:// URI; a bare key prefix is in the data bucket. */
export function channelUri(source: string, outputs: ResolvedProjectOutputs): string {
  if (!source.startsWith('s3://')) return `s3://${outputs.dataBucket}/${source}`;
  return source.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'dataBucket' ? outputs.dataBucket : name === 'artifactsBucket' ? outputs.artifactsBucket : whole,
  );
}

function bucketOf(uri: string): string {
  return uri.slice('s3://'.length).split('/')[0];
}

/**
 * Whether a location holds a run's private data: the data bucket's `datasets/` or `redacted/`.
 * Base models and code (`base-models/`, `code/`) are shared by runs and never private data.
 */
export function isPrivateDataUri(uri: string, dataBucket: string): boolean {
  return [DATASETS_PREFIX, REDACTED_PREFIX].some((p) => uri.startsWith(`s3://${dataBucket}/${p}`));
}

/** Every channel's wipe decision: the spec's `wipe`, else whether it holds private data. */
export function channelWipes(spec: JobSpec, outputs: ResolvedProjectOutputs): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(spec.channels).map(([name, c]) => [
      name,
      c.wipe ?? isPrivateDataUri(channelUri(c.source, outputs), outputs.dataBucket),
    ]),
  );
}

/** Checks that need the deployed outputs: every channel inside the project's buckets. */
export function channelProblems(
  spec: JobSpec,
  specFile: string,
  outputs: ResolvedProjectOutputs,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, channel] of Object.entries(spec.channels)) {
    const bucket = bucketOf(channelUri(channel.source, outputs));
    const allowed = DATA_CHANNELS.has(name)
      ? [outputs.dataBucket]
      : [outputs.dataBucket, outputs.artifactsBucket];
    if (!allowed.includes(bucket)) {
      const where = DATA_CHANNELS.has(name)
        ? `the project's data bucket (\${dataBucket} = ${outputs.dataBucket})`
        : `the project's buckets (\${dataBucket} = ${outputs.dataBucket}, \${artifactsBucket} = ${outputs.artifactsBucket})`;
      problems.push({
        file: specFile,
        field: `channels.${name}.source`,
        message: `expected a location inside ${where}, got ${describeValue(channel.source)}`,
      });
    } else if (channel.wipe === true && bucket !== outputs.dataBucket) {
      problems.push({
        file: specFile,
        field: `channels.${name}.wipe`,
        message: `expected false or nothing for a channel outside the data bucket (${outputs.dataBucket}): a run's wipe deletes inputs, never artifacts, got true`,
      });
    }
  }
  return problems;
}

function num(n: number): string {
  return String(n);
}

/** The hyperparameters the container receives, as SageMaker wants them: strings. */
export function hyperparameters(spec: JobSpec): Record<string, string> {
  const hp = spec.hyperparameters;
  const out: Record<string, string> = {
    method: spec.method.type,
    learning_rate: num(hp.learningRate),
    epochs: num(hp.epochs),
    batch_size: num(hp.batchSize),
    gradient_accumulation_steps: num(hp.gradientAccumulationSteps),
  };
  const m = spec.method;
  if (m.type === 'lora' || m.type === 'qlora') {
    out.lora_rank = num(m.rank);
    out.lora_alpha = num(m.alpha);
    out.lora_dropout = num(m.dropout);
    if (m.targetModules) out.lora_target_modules = m.targetModules.join(',');
    if (m.type === 'qlora') out.quantization_bits = num(m.bits);
  }
  if (m.type === 'prefix-tuning') out.prefix_virtual_tokens = num(m.virtualTokens);
  out.dp_enabled = spec.privacy ? 'true' : 'false';
  if (spec.privacy) {
    out.dp_target_epsilon = num(spec.privacy.targetEpsilon);
    out.dp_target_delta = num(spec.privacy.targetDelta);
    out.dp_max_grad_norm = num(spec.privacy.maxGradNorm);
    if (spec.privacy.noiseMultiplier !== undefined)
      out.dp_noise_multiplier = num(spec.privacy.noiseMultiplier);
  }
  if (spec.checkpoints.enabled) out.checkpoint_dir = spec.checkpoints.localPath;
  for (const [k, v] of Object.entries(hp.extra)) out[k] = String(v);
  return out;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDhhmmss, UTC
}

/** Hex characters of the unique part of a job name: 32 bits of the hash of content and nonce. */
export const JOB_NAME_UNIQUE_CHARS = 8;

/**
 * `<project>--<spec name>-<UTC time>-<unique>`: starts with `jobNamePrefix(project)` (the IAM
 * patterns, log streams and alerts key on it, and no other project's prefix matches it). `unique`
 * is the hash of everything sent and the launch's random nonce, so two launches never share a name
 * (run IDs are job names), even of the same spec in the same second.
 */
export function trainingJobName(project: string, specName: string, now: Date, uniqueHash: string): string {
  const tail = `-${timestamp(now)}-${uniqueHash.slice(0, JOB_NAME_UNIQUE_CHARS)}`;
  const room = 63 - jobNamePrefix(project).length - tail.length;
  const name = specName.slice(0, Math.max(room, 1)).replace(/-+$/, '');
  return `${jobNamePrefix(project)}${name}${tail}`;
}

/**
 * Builds the CreateTrainingJob request. Pure: the same context gives the same request. Throws
 * SpecError with every refusal (spec and channel problems) before anything could be sent.
 */
export function buildTrainingJobRequest(ctx: JobContext): CreateTrainingJobCommandInput {
  const { project, spec, outputs } = ctx;
  const problems = [
    ...specProblems(spec, ctx.specFile, project, ctx.projectFile),
    ...channelProblems(spec, ctx.specFile, outputs),
  ];
  if (problems.length > 0) throw new SpecError(problems);

  const channels: SageMakerChannel[] = Object.entries(spec.channels).map(([name, c]) => ({
    ChannelName: name,
    DataSource: {
      S3DataSource: {
        S3DataType: c.dataType,
        S3Uri: channelUri(c.source, outputs),
        S3DataDistributionType: c.distribution,
      },
    },
    InputMode: c.inputMode,
    CompressionType: c.compression,
    ...(c.contentType ? { ContentType: c.contentType } : {}),
  }));

  const body = {
    AlgorithmSpecification: { TrainingImage: spec.image, TrainingInputMode: 'File' as const },
    RoleArn: outputs.trainingRoleArn,
    HyperParameters: hyperparameters(spec),
    InputDataConfig: channels,
    OutputDataConfig: {
      S3OutputPath: `s3://${outputs.artifactsBucket}/${MODEL_PREFIX}`,
      KmsKeyId: outputs.artifactsKeyArn,
    },
    ResourceConfig: {
      InstanceType: spec.instance.type as NonNullable<
        CreateTrainingJobCommandInput['ResourceConfig']
      >['InstanceType'],
      InstanceCount: spec.instance.count,
      VolumeSizeInGB: spec.instance.volumeSizeGb,
      VolumeKmsKeyId: outputs.dataKeyArn,
    },
    VpcConfig: { SecurityGroupIds: [outputs.securityGroupId], Subnets: [...outputs.subnetIds] },
    StoppingCondition: {
      MaxRuntimeInSeconds: spec.maxRuntimeSeconds,
      ...(spec.spot.enabled ? { MaxWaitTimeInSeconds: spec.spot.maxWaitSeconds } : {}),
    },
    EnableNetworkIsolation: true,
    EnableInterContainerTrafficEncryption: true,
    EnableManagedSpotTraining: spec.spot.enabled,
    RemoteDebugConfig: { EnableRemoteDebug: false },
    ...(spec.retries > 0 ? { RetryStrategy: { MaximumRetryAttempts: spec.retries } } : {}),
  };
  const hash = createHash('sha256').update(JSON.stringify(body)).update(ctx.nonce).digest('hex');
  const name = trainingJobName(project.name, spec.name, ctx.now, hash);
  return {
    TrainingJobName: name,
    ...body,
    ...(spec.checkpoints.enabled
      ? {
          CheckpointConfig: {
            S3Uri: `s3://${outputs.artifactsBucket}/${CHECKPOINT_PREFIX}${name}/`,
            LocalPath: spec.checkpoints.localPath,
          },
        }
      : {}),
    Tags: [
      { Key: JOB_TAGS.project, Value: project.name },
      { Key: JOB_TAGS.dataClassification, Value: project.tags.dataClassification },
      { Key: JOB_TAGS.launchedBy, Value: ctx.caller },
      { Key: JOB_TAGS.spec, Value: spec.name },
    ],
  };
}
