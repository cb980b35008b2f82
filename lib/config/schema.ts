import { z } from 'zod';
import { integer, oneOf, section, text } from './fields';
import { isGpuInstanceType } from './gpu';
import { isNetworkAligned, isPrivateRange, parseCidr } from './cidr';
import { SERVING_INSTANCE_TYPES, jobNamePrefix } from '../contract';
import { AUDIT_LOCK_MODE_CONTROL, COMPLIANCE_BOUNDS, RETENTION_LIMITS } from '../contract/compliance-bounds';

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

/**
 * A retention CloudWatch Logs accepts, within a compliance bound: one message per value, the
 * control's when the value is a valid retention outside the bound.
 */
function logRetentionDays(bound: { min?: number; max?: number; control: string }) {
  const allowed = LOG_RETENTION_DAYS.filter(
    (n) => n >= (bound.min ?? 0) && n <= (bound.max ?? Number.MAX_SAFE_INTEGER),
  );
  const error = `expected one of: ${allowed.join(', ')}`;
  return z.number({ error }).superRefine((n, ctx) => {
    if (bound.min !== undefined && n < bound.min)
      ctx.addIssue({
        code: 'custom',
        message: `expected at least ${bound.min} (${bound.control})`,
        input: n,
      });
    else if (bound.max !== undefined && n > bound.max)
      ctx.addIssue({ code: 'custom', message: `expected at most ${bound.max} (${bound.control})`, input: n });
    else if (!(allowed as readonly number[]).includes(n))
      ctx.addIssue({ code: 'custom', message: error, input: n });
  });
}

/** An integer from a compliance minimum (saying which control sets it) to `max`. */
function integerAtLeast(bound: { value: number; control: string }, max: number) {
  const error = `expected an integer from ${bound.value} to ${max}`;
  return z
    .number({ error })
    .int({ error })
    .min(bound.value, { error: `expected at least ${bound.value} (${bound.control})` })
    .max(max, { error });
}

const gpuInstanceType = z
  .string({ error: 'expected a SageMaker GPU instance type such as ml.g5.2xlarge' })
  .refine(isGpuInstanceType, { error: 'expected a SageMaker GPU instance type such as ml.g5.2xlarge' });

export const RetentionSchema = section({
  /** Days a training-data object lives after upload before it expires. */
  trainingDataDays: integer(1, RETENTION_LIMITS.maxCurrentDays).default(30),
  /** Days an overwritten or deleted version lingers before it is permanently removed. */
  noncurrentVersionDays: integer(1, RETENTION_LIMITS.maxNoncurrentDays).default(7),
  /** Days a training checkpoint lives. */
  checkpointDays: integer(1, RETENTION_LIMITS.maxCurrentDays).default(14),
  /** Days VPC flow logs, DNS query logs, CloudTrail log events and server access logs are kept. */
  logDays: logRetentionDays({
    min: COMPLIANCE_BOUNDS.minLogDays.value,
    control: COMPLIANCE_BOUNDS.minLogDays.control,
  }).default(365),
  /** Days audit records (CloudTrail files, run records) are locked against deletion and kept. */
  auditDays: integerAtLeast(COMPLIANCE_BOUNDS.minAuditLockDays, 36500).default(2557),
  /**
   * Days the SageMaker job log groups keep what containers print. Short: a container sees the data,
   * and the groups are shared by every project of the account and region.
   */
  jobLogDays: logRetentionDays({
    max: COMPLIANCE_BOUNDS.maxJobLogDays.value,
    control: COMPLIANCE_BOUNDS.maxJobLogDays.control,
  }).default(30),
  /** Days an unreleased model artifact lives after it was written; released versions are kept. */
  unreleasedModelDays: integer(1, RETENTION_LIMITS.maxCurrentDays).default(30),
  rawUploadDays: integer(1, RETENTION_LIMITS.maxCurrentDays)
    .default(7)
    .describe(
      'Days a raw upload (datasets/) lives before it expires, with training.requireRedaction: long enough to redact it, short because it may hold personal data.',
    ),
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
  requireRedaction: z
    .boolean({ error: 'expected true or false' })
    .default(true)
    .describe(
      'Training reads only redacted data: data channels must name the output of a recorded redaction job (redacted/<job>/data/), and the training role cannot read raw uploads (datasets/).',
    ),
});

export const AuditSchema = section({
  objectLockMode: oneOf(['COMPLIANCE', 'GOVERNANCE'] as const)
    .refine((mode): boolean => mode !== 'GOVERNANCE', {
      error: `expected COMPLIANCE (${AUDIT_LOCK_MODE_CONTROL}: in GOVERNANCE mode anyone allowed s3:BypassGovernanceRetention can delete audit records, and the audit bucket policy does not deny it)`,
    })
    .default('COMPLIANCE'),
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
const SQS_QUEUE = /^arn:aws(-cn|-us-gov)?:sqs:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

function distinct<T extends z.ZodType<string>>(item: T, list: string, each: string) {
  return z
    .array(item, { error: `expected a list of ${list}` })
    .refine((e) => new Set(e).size === e.length, { error: `expected each ${each} once` });
}

/**
 * Who hears about detective-control alerts (jobs outside the guardrails, tampering with the trail,
 * buckets, keys, job logs or the alerts themselves). At least one subscriber: a project nobody hears
 * is refused.
 */
export const AlertsSchema = section({
  /** Email addresses subscribed to the project's alert topic; each must confirm its subscription. */
  emails: distinct(text('an email address', EMAIL), 'email addresses', 'email address').default([]),
  /**
   * SQS queue ARNs subscribed to the alert topic (a security team's queue, in any account; its queue
   * policy must let this topic send). SNS cannot subscribe a topic to a topic.
   */
  queues: distinct(
    text('an SQS queue ARN such as arn:aws:sqs:eu-west-1:444455556666:security-alerts', SQS_QUEUE),
    'queue ARNs',
    'queue ARN',
  ).default([]),
});

/**
 * An IAM role or user of the project's account, as `role/<name>`, `user/<name>` (with an optional
 * path) or a full ARN. Trust policies name them; the account root is refused because it would trust
 * every principal of the account whose own policies allow sts:AssumeRole.
 */
const IAM_PRINCIPAL =
  /^(arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:)?(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const PRINCIPAL_EXPECTATION =
  "an IAM role or user of the project's account: role/<name>, user/<name> or arn:aws:iam::<account>:role/<name>";

const principal = z.string({ error: `expected ${PRINCIPAL_EXPECTATION}` }).superRefine((value, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message, input: value });
  if (/:root$/.test(value) || /^\d{12}$/.test(value))
    return fail(
      'expected a role or user, not the account root (it would trust every principal of the account)',
    );
  if (value.includes('*')) return fail(`expected ${PRINCIPAL_EXPECTATION}, without wildcards`);
  if (!IAM_PRINCIPAL.test(value)) return fail(`expected ${PRINCIPAL_EXPECTATION}`);
  return undefined;
});

function principals(who: string) {
  return distinct(principal, 'IAM roles or users', 'IAM role or user').refine((p) => p.length > 0, {
    error: `expected at least one IAM role or user ${who}`,
  });
}

/** The privacy gate: who may assume the release role (`isotrain release`). */
export const ReleaseSchema = section({
  approvers: principals('who may release models (assume the release role)'),
});

/** Who may assume the deployment role, which reads released model versions and nothing else. */
export const DeploymentSchema = section({
  principals: principals('who may read released models (assume the deployment role)'),
});

/** Who puts inputs into the training-data bucket. */
export const UploadsSchema = section({
  /** May assume the uploader role: write `datasets/`, nothing else, no reads. */
  uploaders: principals('who may upload datasets (assume the uploader role)'),
  /** May assume the publisher role: write `code/` and `base-models/`, which every run reads. */
  publishers: principals('who may publish training code and base models (assume the publisher role)'),
});

/** An ECR image pinned by digest: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex>`. */
const PINNED_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?\/([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)@sha256:[0-9a-f]{64}$/;
const IMAGE_EXPECTATION =
  'an ECR image pinned by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex digits>';

const pinnedImage = z.string({ error: `expected ${IMAGE_EXPECTATION}` }).superRefine((value, ctx) => {
  if (PINNED_IMAGE.test(value)) return;
  const tagged = /^[^@]+:[\w][\w.-]{0,127}$/.test(value.replace(/^[^/]*\//, ''));
  ctx.addIssue({
    code: 'custom',
    input: value,
    message: tagged
      ? `expected ${IMAGE_EXPECTATION}; a tag can be moved to another image, a digest cannot`
      : `expected ${IMAGE_EXPECTATION}`,
  });
});

/** The privacy evaluation the release gate trusts: its image is chosen here, by the platform team, not by whoever launches it. */
export const EvaluationSchema = section({
  image: pinnedImage,
});

/** How `isotrain redact --project` runs the redactor inside the project (a SageMaker Processing job). */
export const RedactionSchema = section({
  image: pinnedImage
    .optional()
    .describe(
      "The redactor image (docker/redactor/Dockerfile) in the project's region, pinned by digest; required by isotrain redact --project.",
    ),
});

/** The parts of a pinned image reference. */
export function parsePinnedImage(
  image: string,
): { account: string; region: string; repository: string } | undefined {
  const m = PINNED_IMAGE.exec(image);
  return m ? { account: m[1], region: m[2], repository: m[3] } : undefined;
}

/** The partition of a region: where ARNs of the project live. */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.includes('-gov-') ? 'aws-us-gov' : 'aws';
}

/** A principal of the project file as a full ARN, in the project's account and partition. */
export function iamPrincipalArn(value: string, account: string, region: string): string {
  return value.startsWith('arn:') ? value : `arn:${partitionOf(region)}:iam::${account}:${value}`;
}

const ENDPOINT_NAME = /^(?!.*--)[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** One served model: what `cdk deploy` builds in the project's Serving stack (issue 12). */
export const ServingEndpointSchema = section({
  name: text(
    'an endpoint name: 2-32 lowercase letters, digits and single hyphens, starting with a letter',
    ENDPOINT_NAME,
  ).describe('The endpoint, unique in the project; SageMaker names it <project>--<name>.'),
  run: z
    .string({ error: 'expected a run ID (the training job name, <project>--...)' })
    .min(1, { error: 'expected a run ID (the training job name, <project>--...)' })
    .describe(
      'The run whose released model is served: its models/<run>/output/model.tar.gz, readable only once `isotrain release` tagged it.',
    ),
  image: pinnedImage.describe(
    'The inference container, pinned by digest, in the project region: it gets no network and no credentials.',
  ),
  instanceType: oneOf(SERVING_INSTANCE_TYPES).describe(
    'Hosting instance type, from the allowlist (types without local instance storage, so the volume carries the project key).',
  ),
  instanceCount: integer(1, 4)
    .default(1)
    .describe('Instances behind the endpoint; each is billed every hour the endpoint exists.'),
  consumers: principals('who may invoke the endpoint (assume its invoker role)').describe(
    'IAM roles or users of the project account that may assume the endpoint invoker role, which may call sagemaker:InvokeEndpoint on this endpoint only.',
  ),
});

/** Opt-in private serving of released models; without endpoints nothing is built and nothing is billed. */
export const ServingSchema = section({
  captureDays: integer(1, 30)
    .default(7)
    .describe(
      'Days captured requests and responses (and their noncurrent versions) are kept in the capture bucket.',
    ),
  endpoints: z
    .array(ServingEndpointSchema, { error: 'expected a list of endpoints' })
    .default([])
    .describe('Endpoints serving released models; empty: no Serving stack.'),
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
  release: ReleaseSchema,
  deployment: DeploymentSchema,
  uploads: UploadsSchema,
  evaluation: EvaluationSchema,
  serving: ServingSchema.prefault({}),
  redaction: RedactionSchema.prefault({}),
}).superRefine(
  (project, ctx) => {
    // Runs even when other fields have problems (every problem at once), so each part reads only
    // values that parsed: a wrong region or account is reported once, not again by what depends on it.
    const p = project as unknown as Loose;
    const region = typeof p.region === 'string' && REGION.test(p.region) ? p.region : undefined;
    const account = typeof p.account === 'string' && ACCOUNT.test(p.account) ? p.account : undefined;
    if (region && account) {
      principalProblems(
        {
          account,
          region,
          release: { approvers: listOf(p.release?.approvers) },
          deployment: { principals: listOf(p.deployment?.principals) },
          uploads: { uploaders: listOf(p.uploads?.uploaders), publishers: listOf(p.uploads?.publishers) },
        },
        ctx,
      );
    }
    const redactor = typeof p.redaction?.image === 'string' ? parsePinnedImage(p.redaction.image) : undefined;
    if (region && redactor && redactor.region !== region) {
      ctx.addIssue({
        code: 'custom',
        path: ['redaction', 'image'],
        message: `expected an image in the project's region ${region} (SageMaker pulls from its own region)`,
        input: p.redaction?.image,
      });
    }
    // Endpoints are judged together only once their own fields parsed.
    const serving = ServingSchema.safeParse(p.serving ?? {});
    if (region && account && typeof p.name === 'string' && serving.success) {
      servingProblems({ name: p.name, account, region, serving: serving.data }, ctx);
    }
    const image = typeof p.evaluation?.image === 'string' ? parsePinnedImage(p.evaluation.image) : undefined;
    if (region && image && image.region !== region) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluation', 'image'],
        message: `expected an image in the project's region ${region} (SageMaker pulls from its own region)`,
        input: p.evaluation?.image,
      });
    }
    const emails = p.alerts?.emails;
    const queues = p.alerts?.queues;
    if (Array.isArray(emails) && Array.isArray(queues) && emails.length + queues.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts'],
        message:
          'expected at least one alert subscriber (alerts.emails or alerts.queues): tampering nobody hears about is not detected',
        input: p.alerts,
      });
    }
    const zones = p.network?.availabilityZones;
    if (region && Array.isArray(zones)) {
      zones.forEach((az, i) => {
        if (typeof az === 'string' && !new RegExp(`^${region}[a-z]$`).test(az)) {
          ctx.addIssue({
            code: 'custom',
            path: ['network', 'availabilityZones', i],
            message: `expected an availability zone of region ${region}, such as ${region}a`,
            input: az,
          });
        }
      });
    }
  },
  { when: () => true },
);

/** The project as it may be when some fields failed to parse: anything may be missing or wrong. */
interface Loose {
  readonly name?: unknown;
  readonly region?: unknown;
  readonly serving?: unknown;
  readonly redaction?: { readonly image?: unknown };
  readonly account?: unknown;
  readonly release?: { readonly approvers?: unknown };
  readonly deployment?: { readonly principals?: unknown };
  readonly uploads?: { readonly uploaders?: unknown; readonly publishers?: unknown };
  readonly evaluation?: { readonly image?: unknown };
  readonly alerts?: { readonly emails?: unknown; readonly queues?: unknown };
  readonly network?: { readonly availabilityZones?: unknown };
}

/** A list as parsed, with entries that are not strings blanked (their own problem is reported already). */
function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

/** Endpoints: unique names, runs and images of this project, consumers of its account. */
function servingProblems(
  project: {
    name: string;
    account: string;
    region: string;
    serving: { endpoints: { name: string; run: string; image: string; consumers: string[] }[] };
  },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  const partition = partitionOf(project.region);
  project.serving.endpoints.forEach((e, i) => {
    const at = (...rest: (string | number)[]) => ['serving', 'endpoints', i, ...rest];
    const fail = (path: (string | number)[], message: string, input: unknown) =>
      ctx.addIssue({ code: 'custom', path, message, input });
    if (seen.has(e.name)) fail(at('name'), 'expected each endpoint name once', e.name);
    seen.add(e.name);
    if (project.name.length + 2 + e.name.length > 63)
      fail(at('name'), `expected <project>--<name> to fit SageMaker's 63 characters`, e.name);
    if (!e.run.startsWith(jobNamePrefix(project.name)) || e.run.length > 63)
      fail(
        at('run'),
        `expected a run of this project (a training job name starting ${jobNamePrefix(project.name)})`,
        e.run,
      );
    const image = parsePinnedImage(e.image);
    if (image && image.region !== project.region)
      fail(at('image'), `expected an image in the project's region ${project.region}`, e.image);
    e.consumers.forEach((c, j) => {
      const m = /^arn:([^:]+):iam::(\d{12}):/.exec(c);
      if (m && (m[2] !== project.account || m[1] !== partition))
        fail(
          at('consumers', j),
          `expected a role or user of the project's account ${project.account} (arn:${partition}:iam::${project.account}:...)`,
          c,
        );
    });
  });
}

/** Principals named by ARN must be of the project's account and partition. */
function principalProblems(
  project: {
    account: string;
    region: string;
    release: { approvers: string[] };
    deployment: { principals: string[] };
    uploads: { uploaders: string[]; publishers: string[] };
  },
  ctx: z.RefinementCtx,
): void {
  const lists: [string[], (string | number)[]][] = [
    [project.release.approvers, ['release', 'approvers']],
    [project.deployment.principals, ['deployment', 'principals']],
    [project.uploads.uploaders, ['uploads', 'uploaders']],
    [project.uploads.publishers, ['uploads', 'publishers']],
  ];
  const partition = partitionOf(project.region);
  for (const [values, path] of lists) {
    values.forEach((value, i) => {
      const m = /^arn:([^:]+):iam::(\d{12}):/.exec(value);
      if (!m || (m[2] === project.account && m[1] === partition)) return;
      ctx.addIssue({
        code: 'custom',
        path: [...path, i],
        message: `expected a role or user of the project's account ${project.account} (arn:${partition}:iam::${project.account}:...)`,
        input: value,
      });
    });
  }
}

export type ProjectConfig = z.output<typeof ProjectSchema>;
export type ProjectInput = z.input<typeof ProjectSchema>;
