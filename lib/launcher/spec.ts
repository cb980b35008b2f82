import * as fs from 'node:fs';
import { z } from 'zod';
import { parseYamlDocument } from '../config/document';
import { integer, section } from '../config/fields';
import { ConfigProblem } from '../config/problems';

/**
 * The job spec: what an ML engineer writes to start one fine-tuning job. Validated like project files
 * (unknown fields refused, every problem at once, each naming file, field and value). Checks that need
 * the project (allowlists, ceilings, buckets) live in the request builder.
 */

function number(what: string, check: (n: number) => boolean) {
  const error = `expected ${what}`;
  return z.number({ error }).refine((n) => Number.isFinite(n) && check(n), { error });
}

/** SageMaker's pattern for training-job names; the spec's name becomes part of one. */
const SPEC_NAME = /^[a-z0-9](-?[a-z0-9])*$/;
/** SageMaker's pattern for channel names. */
const CHANNEL_NAME = /^[A-Za-z0-9.\-_]{1,64}$/;
/** Hyperparameter names the container receives; snake_case like the Hugging Face estimators. */
const PARAM_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Where a channel's data lives: a key prefix in the project's data bucket (`datasets/contracts/`), or
 * an `s3://` URI whose bucket is `${dataBucket}`, `${artifactsBucket}` or one of the project's buckets
 * by name. Buckets only exist after deploy, hence the placeholders.
 */
const source = z
  .string({ error: 'expected a key prefix in the data bucket or an s3:// URI' })
  .min(1, { error: 'expected a key prefix in the data bucket or an s3:// URI' })
  .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith('s3://'), {
    error: 'expected a key prefix in the data bucket or an s3:// URI (no other scheme)',
  })
  .refine((s) => s.startsWith('s3://') || !s.startsWith('/'), {
    error: 'expected a key prefix without a leading slash, such as datasets/contracts/train/',
  })
  .refine((s) => !s.startsWith('s3://') || /^s3:\/\/[^/]+\/?/.test(s), {
    error: 'expected an s3:// URI with a bucket, such as s3://${dataBucket}/datasets/',
  });

export const ChannelSchema = section({
  /** Key prefix in the data bucket, or s3:// URI inside the project's buckets. */
  source,
  /** How the container receives the data. */
  inputMode: z
    .enum(['File', 'FastFile', 'Pipe'], { error: 'expected one of: File, FastFile, Pipe' })
    .default('File'),
  /** S3Prefix: every object under the prefix; ManifestFile: the objects a manifest lists. */
  dataType: z
    .enum(['S3Prefix', 'ManifestFile'], { error: 'expected one of: S3Prefix, ManifestFile' })
    .default('S3Prefix'),
  contentType: z.string({ error: 'expected a MIME type such as application/jsonlines' }).optional(),
  compression: z.enum(['None', 'Gzip'], { error: 'expected one of: None, Gzip' }).default('None'),
  /** ShardedByS3Key splits the objects across instances; FullyReplicated gives each all of them. */
  distribution: z
    .enum(['FullyReplicated', 'ShardedByS3Key'], {
      error: 'expected one of: FullyReplicated, ShardedByS3Key',
    })
    .default('FullyReplicated'),
  /**
   * Whether the run's wipe (the project's wipeAfterTraining) deletes or tags this channel's objects.
   * Unset: yes for the run's private data (a source under datasets/ or redacted/ of the data bucket),
   * no for everything else — base models, code and shared evaluation data, which other runs read.
   */
  wipe: z.boolean({ error: 'expected true or false' }).optional(),
});

const fraction = (what: string) => number(`${what} from 0 to 0.5`, (n) => n >= 0 && n <= 0.5);

export const METHODS = ['full', 'lora', 'qlora', 'ia3', 'prefix-tuning'] as const;

const MethodSchema = z.discriminatedUnion(
  'type',
  [
    section({ type: z.literal('full') }),
    section({
      type: z.literal('lora'),
      rank: integer(1, 512).default(16),
      alpha: number('a number greater than 0', (n) => n > 0).default(32),
      dropout: fraction('a dropout').default(0.05),
      targetModules: z
        .array(z.string({ error: 'expected a module name such as q_proj' }), {
          error: 'expected a list of module names',
        })
        .min(1, { error: 'expected at least one module name' })
        .optional(),
    }),
    section({
      type: z.literal('qlora'),
      rank: integer(1, 512).default(16),
      alpha: number('a number greater than 0', (n) => n > 0).default(32),
      dropout: fraction('a dropout').default(0.05),
      bits: z.union([z.literal(4), z.literal(8)], { error: 'expected 4 or 8' }).default(4),
      targetModules: z
        .array(z.string({ error: 'expected a module name such as q_proj' }), {
          error: 'expected a list of module names',
        })
        .min(1, { error: 'expected at least one module name' })
        .optional(),
    }),
    section({ type: z.literal('ia3') }),
    section({ type: z.literal('prefix-tuning'), virtualTokens: integer(1, 1024).default(20) }),
  ],
  { error: `expected a method with type one of: ${METHODS.join(', ')}` },
);

export const HyperparametersSchema = section({
  /** Peak learning rate; must not exceed the project's training.maxLearningRate. */
  learningRate: number('a number greater than 0', (n) => n > 0),
  epochs: integer(1, 100).default(1),
  /** Per-device batch size. */
  batchSize: integer(1, 4096).default(8),
  gradientAccumulationSteps: integer(1, 1024).default(1),
  /** More hyperparameters, passed to the container as given (names in snake_case). */
  extra: z
    .record(
      z.string().regex(PARAM_NAME, { error: 'expected a snake_case name such as warmup_ratio' }),
      z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' }),
      { error: 'expected a mapping of name: value' },
    )
    .default({}),
});

/**
 * Differential privacy (DP-SGD). targetEpsilon and targetDelta state the guarantee the run must meet;
 * maxGradNorm clips each example's gradient; noiseMultiplier, when given, fixes the noise instead of
 * letting the trainer's accountant derive it from the target.
 */
export const PrivacySchema = section({
  targetEpsilon: number(
    'a number greater than 0 and at most 20 (larger values guarantee nothing useful)',
    (n) => n > 0 && n <= 20,
  ),
  targetDelta: number(
    'a number greater than 0 and below 0.001 (δ must be far below 1/#examples)',
    (n) => n > 0 && n < 1e-3,
  ),
  maxGradNorm: number('a number greater than 0 and at most 100', (n) => n > 0 && n <= 100),
  noiseMultiplier: number('a number greater than 0 and at most 100', (n) => n > 0 && n <= 100).optional(),
});

export const InstanceSchema = section({
  type: z.string({ error: 'expected a SageMaker GPU instance type such as ml.g5.2xlarge' }),
  count: integer(1, 64).default(1),
  volumeSizeGb: integer(1, 16384).default(100),
});

export const SpotSchema = section({
  enabled: z.boolean({ error: 'expected true or false' }).default(false),
  /** Total time allowed including waiting for capacity; at least maxRuntimeSeconds. */
  maxWaitSeconds: integer(1, 2_419_200).optional(),
});

export const CheckpointsSchema = section({
  enabled: z.boolean({ error: 'expected true or false' }).default(true),
  /** Where the container writes checkpoints; SageMaker syncs it to the artifact bucket. */
  localPath: z
    .string({ error: 'expected an absolute path such as /opt/ml/checkpoints' })
    .regex(/^\/[A-Za-z0-9._\-/]*$/, { error: 'expected an absolute path such as /opt/ml/checkpoints' })
    .default('/opt/ml/checkpoints'),
});

export const REQUIRED_CHANNELS = ['training', 'model'] as const;

export const JobSpecSchema = section({
  /** Short name of this fine-tune; the job is named `<project>-<name>-<time>-<hash>`. */
  name: z
    .string({ error: 'expected a name: lowercase letters, digits and single hyphens, at most 24' })
    .regex(SPEC_NAME, { error: 'expected a name: lowercase letters, digits and single hyphens, at most 24' })
    .max(24, { error: 'expected a name: lowercase letters, digits and single hyphens, at most 24' }),
  description: z
    .string({ error: 'expected text' })
    .max(256, { error: 'expected at most 256 characters' })
    .optional(),
  /** Training image in one of the project's ECR repositories, by tag or digest. */
  image: z.string({
    error: 'expected an ECR image URI such as 111122223333.dkr.ecr.eu-west-1.amazonaws.com/repo:tag',
  }),
  instance: InstanceSchema,
  maxRuntimeSeconds: integer(60, 2_419_200).default(86_400),
  method: MethodSchema,
  hyperparameters: HyperparametersSchema,
  privacy: PrivacySchema.optional(),
  /** Input channels by name: `training` and `model` (base-model weights) are required. */
  channels: z
    .record(
      z.string().regex(CHANNEL_NAME, { error: 'expected a channel name: letters, digits, . - _' }),
      ChannelSchema,
      {
        error: 'expected a mapping of channel name: { source: ... }',
      },
    )
    .superRefine((channels, ctx) => {
      for (const required of REQUIRED_CHANNELS) {
        if (!(required in channels)) {
          ctx.addIssue({
            code: 'custom',
            path: [required],
            message:
              required === 'model'
                ? 'expected a channel with the base-model weights (an isolated container cannot download them)'
                : 'expected a channel with the training data',
          });
        }
      }
      if (Object.keys(channels).length > 20) {
        ctx.addIssue({ code: 'custom', message: 'expected at most 20 channels' });
      }
    }),
  checkpoints: CheckpointsSchema.prefault({}),
  spot: SpotSchema.prefault({}),
  /** Times SageMaker restarts the job after an internal failure or a spot interruption (0 = never). */
  retries: integer(0, 30).default(0),
}).superRefine((spec, ctx) => {
  const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (spec.spot.enabled) {
    if (spec.spot.maxWaitSeconds === undefined) {
      problem(
        ['spot', 'maxWaitSeconds'],
        `expected an integer of at least maxRuntimeSeconds (${spec.maxRuntimeSeconds}) when spot.enabled is true`,
      );
    } else if (spec.spot.maxWaitSeconds < spec.maxRuntimeSeconds) {
      problem(['spot', 'maxWaitSeconds'], `expected at least maxRuntimeSeconds (${spec.maxRuntimeSeconds})`);
    }
    if (!spec.checkpoints.enabled) {
      problem(
        ['checkpoints', 'enabled'],
        'expected true when spot.enabled is true (an interrupted spot job resumes from its checkpoints)',
      );
    }
  } else if (spec.spot.maxWaitSeconds !== undefined) {
    problem(['spot', 'maxWaitSeconds'], 'expected nothing when spot.enabled is false');
  }
  if (spec.method.type === 'lora' || spec.method.type === 'qlora') {
    if (spec.method.alpha > 16 * spec.method.rank) {
      problem(
        ['method', 'alpha'],
        `expected at most 16 × rank (${16 * spec.method.rank}); a larger scale amplifies the adapter's updates like a higher learning rate`,
      );
    }
  }
  if (spec.privacy?.noiseMultiplier !== undefined && spec.privacy.noiseMultiplier < 0.3) {
    problem(
      ['privacy', 'noiseMultiplier'],
      'expected at least 0.3; less noise than that cannot reach a meaningful epsilon',
    );
  }
  for (const key of Object.keys(spec.hyperparameters.extra)) {
    if (RESERVED_HYPERPARAMETERS.has(key)) {
      problem(
        ['hyperparameters', 'extra', key],
        'expected a name isotrain does not set itself; use the spec field instead',
      );
    }
  }
});

export type JobSpec = z.output<typeof JobSpecSchema>;
export type JobSpecInput = z.input<typeof JobSpecSchema>;
export type Channel = z.output<typeof ChannelSchema>;

/** Names the request builder sets from spec fields; `extra` may not override them. */
export const RESERVED_HYPERPARAMETERS = new Set([
  'method',
  'learning_rate',
  'epochs',
  'batch_size',
  'gradient_accumulation_steps',
  'lora_rank',
  'lora_alpha',
  'lora_dropout',
  'lora_target_modules',
  'quantization_bits',
  'prefix_virtual_tokens',
  'dp_enabled',
  'dp_target_epsilon',
  'dp_target_delta',
  'dp_max_grad_norm',
  'dp_noise_multiplier',
  'checkpoint_dir',
]);

/** Thrown with every problem of a job spec at once. */
export class SpecError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      problems
        .map((p) => (p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`))
        .join('\n'),
    );
    this.name = 'SpecError';
  }
}

/** Parses one job spec document; problems name the file, the field as the spec spells it and the value. */
export function parseJobSpec(file: string, source: string): { spec?: JobSpec; problems: ConfigProblem[] } {
  const { value, problems } = parseYamlDocument(file, source, JobSpecSchema, 'job spec');
  return { spec: value, problems };
}

/** Reads and validates a job spec file (messages name `file`); throws SpecError with every problem. */
export function loadJobSpec(file: string, readFrom: string = file): JobSpec {
  let source: string;
  try {
    source = fs.readFileSync(readFrom, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new SpecError([{ file, field: '', message: `cannot read the job spec: ${reason}` }]);
  }
  const { spec, problems } = parseJobSpec(file, source);
  if (!spec) throw new SpecError(problems);
  return spec;
}
