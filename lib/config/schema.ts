import { z } from 'zod';
import { integer, oneOf, section, text } from './fields';
import { isGpuInstanceType } from './gpu';
import { isNetworkAligned, isPrivateRange, parseCidr } from './cidr';

/**
 * The project file schema. Every field a platform engineer writes in `projects/<name>.yaml` is
 * declared here once; the README's field table and the exported JSON Schema are both derived from it.
 * Messages are phrased as expectations ("expected ..."); the loader appends the value it got.
 */

/** Values CloudWatch Logs accepts for RetentionInDays. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Interface endpoints a project may opt into (for launchers that run inside the VPC). */
export const INTERFACE_ENDPOINT_SERVICES = [
  'sagemaker.api',
  'sagemaker.runtime',
  'sts',
  'logs',
  'monitoring',
  'ecr.api',
  'ecr.dkr',
  'kms',
  'ssm',
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export const DATA_CLASSIFICATIONS = ['internal', 'confidential', 'restricted'] as const;

const PROJECT_NAME = /^(?!.*--)[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ECR_REPOSITORY =
  /^(arn:aws(-cn|-us-gov)?:ecr:[a-z0-9-]+:\d{12}:repository\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

const cidr = z.string({ error: 'expected an IPv4 CIDR such as 10.20.0.0/16' }).superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message, input: value });
  if (!parsed) return fail('expected an IPv4 CIDR such as 10.20.0.0/16');
  if (parsed.prefix < 16 || parsed.prefix > 24) return fail('expected a prefix length from /16 to /24');
  if (!isNetworkAligned(parsed))
    return fail('expected a network address (host bits zero), such as 10.20.0.0/16');
  if (!isPrivateRange(parsed))
    return fail('expected a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
  return undefined;
});

const gpuInstanceType = z
  .string({ error: 'expected a SageMaker GPU instance type such as ml.g5.2xlarge' })
  .refine(isGpuInstanceType, { error: 'expected a SageMaker GPU instance type such as ml.g5.2xlarge' });

export const RetentionSchema = section({
  /** Days a training-data object lives after upload before it expires. */
  trainingDataDays: integer(1, 3650).default(30),
  /** Days an overwritten or deleted version lingers before it is permanently removed. */
  noncurrentVersionDays: integer(1, 365).default(7),
  /** Days a training checkpoint lives. */
  checkpointDays: integer(1, 3650).default(14),
  /** Days VPC flow logs, CloudTrail log events and server access logs are kept. */
  logDays: z
    .number({ error: `expected one of: ${LOG_RETENTION_DAYS.join(', ')}` })
    .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
      error: `expected one of: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(365),
  /** Days audit records (CloudTrail files, run records) are locked against deletion and kept. */
  auditDays: integer(1, 36500).default(2557),
});

export const NetworkSchema = section({
  cidr,
  availabilityZones: z
    .array(z.string({ error: 'expected an availability zone name such as eu-west-1a' }), {
      error: 'expected a list of at least 2 availability zone names',
    })
    .min(2, { error: 'expected a list of at least 2 availability zone names' })
    .max(6, { error: 'expected at most 6 availability zones' })
    .refine((azs) => new Set(azs).size === azs.length, { error: 'expected distinct availability zones' }),
  interfaceEndpoints: z
    .array(oneOf(INTERFACE_ENDPOINT_SERVICES), { error: 'expected a list of endpoint service names' })
    .refine((s) => new Set(s).size === s.length, { error: 'expected each endpoint service once' })
    .default([]),
});

export const TagsSchema = section({
  /** Who answers for this project's data: a team or a mailbox. */
  owner: z
    .string({ error: 'expected a non-empty owner' })
    .trim()
    .min(1, { error: 'expected a non-empty owner' }),
  dataClassification: oneOf(DATA_CLASSIFICATIONS),
});

export const TrainingSchema = section({
  instanceTypes: z
    .array(gpuInstanceType, { error: 'expected a list of GPU instance types' })
    .min(1, { error: 'expected at least one GPU instance type' })
    .default(['ml.g5.2xlarge', 'ml.g5.12xlarge']),
  maxRuntimeSeconds: integer(60, 2_419_200).default(86_400),
  maxLearningRate: z
    .number({ error: 'expected a number greater than 0 and at most 0.01' })
    .gt(0, { error: 'expected a number greater than 0 and at most 0.01' })
    .max(0.01, { error: 'expected a number greater than 0 and at most 0.01' })
    .default(0.0003),
  ecrRepositories: z
    .array(text('an ECR repository name or ARN', ECR_REPOSITORY), {
      error: 'expected a list of ECR repository names or ARNs',
    })
    .min(1, { error: 'expected at least one ECR repository' }),
  createSageMakerLogGroup: z.boolean({ error: 'expected true or false' }).default(true),
});

export const AuditSchema = section({
  objectLockMode: oneOf(['COMPLIANCE', 'GOVERNANCE'] as const).default('COMPLIANCE'),
});

/** What happens to a run's input objects and checkpoints when it ends (`isotrain finalize`). */
export const WIPE_MODES = ['immediate', 'tag', 'off'] as const;
export type WipeMode = (typeof WIPE_MODES)[number];

function ratio(what: string, min: number, max: number) {
  const error = `expected ${what} from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/**
 * Release thresholds: `isotrain release` tags a model approved only when every result of its privacy
 * evaluation is at or below these. A metric the results do not report refuses the release.
 */
export const PrivacySchema = section({
  /** Highest membership-inference AUC (0.5 is chance: the attack cannot tell members from non-members). */
  maxMembershipInferenceAuc: ratio('an AUC', 0.5, 1).default(0.55),
  /** Seeded secrets the evaluation may extract verbatim; zero by default, as any hit is a leak. */
  maxExtractionHits: integer(0, 1_000_000).default(0),
  /** Highest canary exposure in bits (log2 of the candidate space minus log2 of the canary's rank). */
  maxCanaryExposure: ratio('a number of bits', 0, 128).default(10),
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who hears about detective-control alerts (jobs started outside the guardrails). */
export const AlertsSchema = section({
  /** Email addresses subscribed to the project's alert topic; each must confirm its subscription. */
  emails: z
    .array(text('an email address', EMAIL), { error: 'expected a list of email addresses' })
    .refine((e) => new Set(e).size === e.length, { error: 'expected each email address once' })
    .default([]),
});

export const ProjectSchema = section({
  name: text(
    'a project name: 2-24 lowercase letters, digits and single hyphens, starting with a letter',
    PROJECT_NAME,
  ),
  account: text('a 12-digit AWS account ID in quotes', ACCOUNT),
  region: text('an AWS region such as eu-west-1', REGION),
  network: NetworkSchema,
  tags: TagsSchema,
  retention: RetentionSchema.prefault({}),
  training: TrainingSchema,
  audit: AuditSchema.prefault({}),
  /** `immediate` deletes every version at the end of a run; `tag` lets the lifecycle rule do it within a day. */
  wipeAfterTraining: oneOf(WIPE_MODES).default('tag'),
  privacy: PrivacySchema.prefault({}),
  alerts: AlertsSchema.prefault({}),
}).superRefine((project, ctx) => {
  project.network.availabilityZones.forEach((az, i) => {
    if (!new RegExp(`^${project.region}[a-z]$`).test(az)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'availabilityZones', i],
        message: `expected an availability zone of region ${project.region}, such as ${project.region}a`,
        input: az,
      });
    }
  });
});

export type ProjectConfig = z.output<typeof ProjectSchema>;
export type ProjectInput = z.input<typeof ProjectSchema>;
