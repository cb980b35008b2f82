import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateTrainingJobCommand,
  CreateTrainingJobCommandInput,
  DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommand,
  ListTrainingJobsCommandInput,
  SageMakerClient,
  StopTrainingJobCommand,
  TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GUARDRAILS, Guardrail } from '../contract';
import type { ResolvedProjectOutputs } from './outputs';

/**
 * A thin layer over the SDK: retries throttling with backoff, follows a job, and turns AWS errors into
 * messages that say what to do. Clients use the standard configuration: the default credential chain,
 * AWS_PROFILE, AWS_REGION (or the project's region) and AWS_ENDPOINT_URL.
 */
export interface LauncherClients {
  readonly sagemaker: SageMakerClient;
  readonly sts: STSClient;
  readonly ssm: SSMClient;
  readonly cloudformation: CloudFormationClient;
}

export function createClients(region?: string): LauncherClients {
  const config = region ? { region } : {};
  return {
    sagemaker: new SageMakerClient(config),
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    cloudformation: new CloudFormationClient(config),
  };
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);

export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(err?.name ?? '') || err?.$metadata?.httpStatusCode === 429;
}

export interface RetryOptions {
  /** Attempts in all, the first included. @default 6 */
  readonly attempts?: number;
  /** First backoff; doubles each time, with full jitter, capped at 20 s. @default 500 */
  readonly baseDelayMs?: number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Told before each wait, to say what is happening. */
  readonly onRetry?: (info: { attempt: number; attempts: number; delayMs: number; error: Error }) => void;
  readonly signal?: AbortSignal;
}

/** Runs `call`, retrying only throttling errors, with exponential backoff and full jitter. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 500;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isThrottling(e) || attempt >= attempts) throw e;
      const delayMs = Math.round(random() * Math.min(20_000, base * 2 ** (attempt - 1)));
      options.onRetry?.({ attempt, attempts, delayMs, error: e as Error });
      await wait(delayMs, options.signal);
    }
  }
}

/** An AWS error explained for the person at the terminal. Exit 1: the request was valid, AWS said no. */
export class LaunchError extends Error {
  constructor(
    message: string,
    public override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** What the explanation may use: the request and where its values came from. */
export interface ErrorContext {
  readonly action: string;
  readonly project?: string;
  readonly projectFile?: string;
  readonly request?: CreateTrainingJobCommandInput;
  readonly outputs?: ResolvedProjectOutputs;
}

function sentValue(g: Guardrail, request: CreateTrainingJobCommandInput): string {
  switch (g.field) {
    case 'VpcConfig.Subnets':
      return (request.VpcConfig?.Subnets ?? []).join(', ');
    case 'VpcConfig.SecurityGroupIds':
      return (request.VpcConfig?.SecurityGroupIds ?? []).join(', ');
    case 'ResourceConfig.VolumeKmsKeyId':
      return request.ResourceConfig?.VolumeKmsKeyId ?? 'nothing';
    case 'OutputDataConfig.KmsKeyId':
      return request.OutputDataConfig?.KmsKeyId ?? 'nothing';
    case 'ResourceConfig.InstanceType':
      return request.ResourceConfig?.InstanceType ?? 'nothing';
    case 'StoppingCondition.MaxRuntimeInSeconds':
      return String(request.StoppingCondition?.MaxRuntimeInSeconds ?? 'nothing');
    default:
      return '';
  }
}

/** Guardrails whose pinned values come from the deployed outputs: stale outputs break these. */
const FROM_OUTPUTS = new Set([
  'DenyJobsInOtherSubnets',
  'DenyJobsWithOtherSecurityGroups',
  'DenyJobsWithoutProjectVolumeKey',
  'DenyJobsWithoutProjectOutputKey',
]);
/** Guardrails whose pinned values come from the project file: an undeployed edit breaks these. */
const FROM_PROJECT_FILE = new Set(['DenyJobsOnOtherInstanceTypes', 'DenyJobsOverMaxRuntime']);

/**
 * Says which guardrail most likely refused a request. The request always satisfies the guardrails the
 * current project file and outputs imply (the builder refuses anything else), so a Deny means the
 * deployed policy disagrees with them: stale outputs, or a project-file change not yet deployed.
 */
export function explainAccessDenied(e: Error, ctx: ErrorContext): string {
  const message = e.message ?? '';
  const action = /perform: ([\w-]+:\w+)/.exec(message)?.[1] ?? ctx.action;
  const project = ctx.project ?? '<project>';
  const lines = [`AWS refused ${action}: ${message}`];
  const policyHint = `the project's launcher policy (output LauncherPolicyArn, parameter /isotrain/${project}/launcher-policy-arn)`;
  if (action === 'iam:PassRole') {
    lines.push(
      `Most likely guardrail: PassTrainingRoleToSageMaker — ${policyHint} lets you pass only the project's training role, and only to sagemaker.amazonaws.com.`,
      `The request passed ${ctx.request?.RoleArn ?? 'a role'}; check TrainingRoleArn in ${ctx.outputs?.source ?? 'the outputs'}.`,
    );
    return lines.join('\n');
  }
  if (!/explicit deny/i.test(message)) {
    lines.push(
      `No policy allows this for you: attach ${policyHint} to your role or user. It allows only jobs named ${project}-... and tagged isotrain:project=${project}.`,
    );
    return lines.join('\n');
  }
  const guarded = GUARDRAILS.filter((g) => g.actions.includes(action));
  const stale = guarded.filter((g) => FROM_OUTPUTS.has(g.sid));
  const undeployed = guarded.filter((g) => FROM_PROJECT_FILE.has(g.sid));
  const describe = (g: Guardrail) =>
    `  - ${g.sid} (${g.conditionKey}): refuses ${g.refuses}${ctx.request ? `; the request sent ${sentValue(g, ctx.request)}` : ''}`;
  const fromFile =
    ctx.outputs && !ctx.outputs.source.startsWith('SSM') && ctx.outputs.source !== 'CloudFormation';
  const staleHint = `the outputs in ${ctx.outputs?.source ?? 'use'} no longer match the deployed project: run without --outputs-file to read them live, or write them again with cdk deploy --outputs-file`;
  const undeployedHint = `${ctx.projectFile ?? 'the project file'} was changed after the last deploy: deploy it (npx cdk deploy '${project}/*') so the guardrails allow what it allows`;
  lines.push(`A Deny guardrail of ${project}-Access refused the request. Most likely:`);
  const [first, second] = fromFile
    ? [
        [staleHint, stale],
        [undeployedHint, undeployed],
      ]
    : [
        [undeployedHint, undeployed],
        [staleHint, stale],
      ];
  lines.push(`1. ${first[0] as string}:`, ...(first[1] as Guardrail[]).map(describe));
  lines.push(`2. or ${second[0] as string}:`, ...(second[1] as Guardrail[]).map(describe));
  return lines.join('\n');
}

/** Says which Service Quota to raise. */
export function explainResourceLimit(e: Error, ctx: ErrorContext): string {
  const type = ctx.request?.ResourceConfig?.InstanceType ?? 'the instance type';
  const spot = ctx.request?.EnableManagedSpotTraining === true;
  const quoted = /(?:service limit|quota) '([^']+)'/i.exec(e.message)?.[1];
  const quota = quoted ?? `${type} for ${spot ? 'spot ' : ''}training job usage`;
  const count = ctx.request?.ResourceConfig?.InstanceCount ?? 1;
  return [
    `SageMaker refused the job: a quota is exhausted: ${e.message}`,
    `Raise the Service Quotas quota "${quota}" (service SageMaker) to at least ${count} in this account and region,`,
    `or wait for running jobs on ${type} to finish, or use another allowed instance type. To see it:`,
    `  aws service-quotas list-service-quotas --service-code sagemaker --query "Quotas[?QuotaName=='${quota}']"`,
  ].join('\n');
}

/** Turns an SDK error into a LaunchError with a message that says what to do; rethrows the unknown. */
export function explainError(e: unknown, ctx: ErrorContext): LaunchError {
  const err = e as Error & { $metadata?: { httpStatusCode?: number } };
  const name = err?.name ?? '';
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    return new LaunchError(explainAccessDenied(err, ctx), e);
  }
  if (name === 'ResourceLimitExceeded') return new LaunchError(explainResourceLimit(err, ctx), e);
  if (name === 'ResourceInUse' && ctx.request) {
    return new LaunchError(
      `A job named ${ctx.request.TrainingJobName} already exists: the same spec was launched within the same second. Launch again to get a new name.`,
      e,
    );
  }
  if (isThrottling(e)) {
    return new LaunchError(
      `${ctx.action} is still throttled after retrying with backoff: ${err.message}. Try again in a minute.`,
      e,
    );
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(err?.message ?? '')) {
    return new LaunchError(
      `No AWS credentials found: ${err.message}. Configure the default chain (AWS_PROFILE, aws sso login, or environment variables).`,
      e,
    );
  }
  return new LaunchError(`${ctx.action} failed: ${name ? `${name}: ` : ''}${err?.message ?? String(e)}`, e);
}

/** True when DescribeTrainingJob says the job does not exist. */
export function isNotFound(e: unknown): boolean {
  const err = e as Error;
  return (
    err?.name === 'ResourceNotFound' ||
    (err?.name === 'ValidationException' && /not (be )?found|could not find/i.test(err.message))
  );
}

export type JobApiOptions = Pick<RetryOptions, 'onRetry' | 'sleep' | 'random' | 'attempts' | 'baseDelayMs'>;

/** The training-job calls the CLI makes, each with throttling retried. */
export class TrainingJobs {
  constructor(
    private readonly clients: LauncherClients,
    private readonly options: JobApiOptions = {},
  ) {}

  private retry<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(call, { ...this.options, signal });
  }

  async callerArn(): Promise<string> {
    const id = await this.retry(() => this.clients.sts.send(new GetCallerIdentityCommand({})));
    if (!id.Arn) throw new LaunchError('sts:GetCallerIdentity returned no ARN');
    return id.Arn;
  }

  async create(request: CreateTrainingJobCommandInput): Promise<string> {
    const out = await this.retry(() => this.clients.sagemaker.send(new CreateTrainingJobCommand(request)));
    return out.TrainingJobArn ?? request.TrainingJobName!;
  }

  describe(name: string, signal?: AbortSignal): Promise<DescribeTrainingJobCommandOutput> {
    return this.retry(
      () => this.clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
      signal,
    );
  }

  async stop(name: string): Promise<void> {
    await this.retry(() =>
      this.clients.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })),
    );
  }

  /** Jobs whose names start with `<prefix>`, newest first, following pages up to `max`. */
  async list(
    prefix: string,
    max: number,
    status?: ListTrainingJobsCommandInput['StatusEquals'],
  ): Promise<TrainingJobSummary[]> {
    const jobs: TrainingJobSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.retry(() =>
        this.clients.sagemaker.send(
          new ListTrainingJobsCommand({
            NameContains: prefix,
            StatusEquals: status,
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: 100,
            NextToken,
          }),
        ),
      );
      jobs.push(...(page.TrainingJobSummaries ?? []).filter((j) => j.TrainingJobName?.startsWith(prefix)));
      NextToken = page.NextToken;
    } while (NextToken && jobs.length < max);
    return jobs
      .sort((a, b) => (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0))
      .slice(0, max);
  }
}
