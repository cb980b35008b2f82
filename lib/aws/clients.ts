/* eslint-disable @typescript-eslint/no-require-imports -- each SDK package is required when its client is first used (see SERVICES) */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy, isThrottlingError } from '@smithy/core/retry';
import { AwsEnv, ProjectLocation, chooseRegion } from './region';

export type { AwsEnv, ProjectLocation } from './region';

/** Every client the runtime uses, configured one way. Each is created on first use. */
export interface AwsClients {
  /** The region the clients were configured with; undefined when it comes from the profile. */
  readonly region?: string;
  readonly s3: S3Client;
  readonly sagemaker: SageMakerClient;
  readonly sagemakerRuntime: SageMakerRuntimeClient;
  readonly sts: STSClient;
  readonly ssm: SSMClient;
  readonly cloudformation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
}

type Service = Exclude<keyof AwsClients, 'region'>;

/** What configures every client: the environment and where notices go. */
export interface AwsSettings {
  /** AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL[_<SERVICE>], credentials, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE. */
  readonly env: AwsEnv;
  /** One line for the person at the terminal (a region mismatch, a throttled call being retried). */
  readonly notice?: (line: string) => void;
  /**
   * The wait before each retry, by attempt number.
   * @default - the SDK's own backoff (exponential with jitter, longer for throttling)
   */
  readonly retryDelayMs?: (attempt: number) => number;
}

/** Attempts per call, the first included, unless AWS_MAX_ATTEMPTS says otherwise (the SDK's default is 3). */
export const DEFAULT_MAX_ATTEMPTS = 6;

/**
 * Each client's SDK package is required on first use: the CLI's commands each touch two or three
 * services, and loading all seven packages up front would cost every command about a second.
 * `endpointId` is the SDK's service identifier in AWS_ENDPOINT_URL_<ID>.
 */
const SERVICES: Record<Service, { endpointId: string; create: (config: object) => AwsClients[Service] }> = {
  s3: {
    endpointId: 'S3',
    create: (c) => new (require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')).S3Client(c),
  },
  sagemaker: {
    endpointId: 'SAGEMAKER',
    create: (c) =>
      new (
        require('@aws-sdk/client-sagemaker') as typeof import('@aws-sdk/client-sagemaker')
      ).SageMakerClient(c),
  },
  sagemakerRuntime: {
    endpointId: 'SAGEMAKER_RUNTIME',
    create: (c) =>
      new (
        require('@aws-sdk/client-sagemaker-runtime') as typeof import('@aws-sdk/client-sagemaker-runtime')
      ).SageMakerRuntimeClient(c),
  },
  sts: {
    endpointId: 'STS',
    create: (c) => new (require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts')).STSClient(c),
  },
  ssm: {
    endpointId: 'SSM',
    create: (c) => new (require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm')).SSMClient(c),
  },
  cloudformation: {
    endpointId: 'CLOUDFORMATION',
    create: (c) =>
      new (
        require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation')
      ).CloudFormationClient(c),
  },
  logs: {
    endpointId: 'CLOUDWATCH_LOGS',
    create: (c) =>
      new (
        require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs')
      ).CloudWatchLogsClient(c),
  },
};

/** AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set. */
export function endpointFor(env: AwsEnv, endpointId: string): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${endpointId}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Keys from the given environment when it has them; otherwise the SDK's default chain (profile,
 * SSO, web identity, container and instance roles), which reads AWS_PROFILE from `profile`.
 */
function credentialsFrom(env: AwsEnv) {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

function maxAttemptsFrom(env: AwsEnv): number {
  const n = Number(env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_MAX_ATTEMPTS;
}

/** The SDK configuration shared by every client of one region. */
export function clientConfig(settings: AwsSettings, region: string | undefined, endpointId: string): object {
  const { env } = settings;
  const endpoint = endpointFor(env, endpointId);
  const maxAttempts = maxAttemptsFrom(env);
  const credentials = credentialsFrom(env);
  return {
    ...(region ? { region } : {}),
    ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    // A custom endpoint (moto, LocalStack, a VPC endpoint by URL) rarely resolves bucket subdomains.
    ...(endpoint && endpointId === 'S3' ? { forcePathStyle: true } : {}),
    maxAttempts,
    retryMode: env.AWS_RETRY_MODE === 'adaptive' ? 'adaptive' : 'standard',
    ...(settings.retryDelayMs
      ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, settings.retryDelayMs) }
      : {}),
  };
}

type Handler = (args: { request?: { headers?: Record<string, string> } }) => Promise<unknown>;
type Middleware = (next: Handler, context: { clientName?: string; commandName?: string }) => Handler;
interface WithStack {
  readonly middlewareStack: {
    addRelativeTo(
      middleware: Middleware,
      options: { relation: 'after'; toMiddleware: string; name: string; override: boolean },
    ): void;
  };
}

/**
 * Says on stderr that a call was throttled and the SDK is retrying it. Sits inside the SDK's retry
 * middleware, so it sees each attempt; the SDK's own classification decides what is throttling, and
 * the SDK's retry header says which attempt this was.
 */
function addThrottlingNotice(client: WithStack, say: (line: string) => void): void {
  const middleware: Middleware = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (e) {
      const attempt = /attempt=(\d+); max=(\d+)/.exec(args.request?.headers?.['amz-sdk-request'] ?? '');
      if (
        attempt &&
        Number(attempt[1]) < Number(attempt[2]) &&
        isThrottlingError(e as Parameters<typeof isThrottlingError>[0])
      ) {
        const service = (context.clientName ?? '').replace(/Client$/, '');
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        say(
          `throttled (${(e as Error).name}) on ${service} ${operation}; retrying with backoff ` +
            `(attempt ${Number(attempt[1]) + 1} of ${attempt[2]})`,
        );
      }
      throw e;
    }
  };
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'isotrainThrottlingNotice',
    override: true,
  });
}

/** The clients of one region, each created on first use. */
export function createAwsClients(settings: AwsSettings, region: string | undefined): AwsClients {
  const made = new Map<Service, AwsClients[Service]>();
  const get = <S extends Service>(service: S): AwsClients[S] => {
    if (!made.has(service)) {
      const { endpointId, create } = SERVICES[service];
      const client = create(clientConfig(settings, region, endpointId));
      if (settings.notice) addThrottlingNotice(client as unknown as WithStack, settings.notice);
      made.set(service, client);
    }
    return made.get(service) as AwsClients[S];
  };
  return {
    region,
    get s3() {
      return get('s3');
    },
    get sagemaker() {
      return get('sagemaker');
    },
    get sagemakerRuntime() {
      return get('sagemakerRuntime');
    },
    get sts() {
      return get('sts');
    },
    get ssm() {
      return get('ssm');
    },
    get cloudformation() {
      return get('cloudformation');
    },
    get logs() {
      return get('logs');
    },
  };
}

/**
 * The one place clients come from during a command: applies the region rule (see chooseRegion),
 * keeps one set of clients per region, and says once when AWS_REGION and the project disagree.
 */
export class AwsClientFactory {
  private readonly byRegion = new Map<string, AwsClients>();
  private readonly said = new Set<string>();

  constructor(readonly settings: AwsSettings) {}

  /** Clients for the project's region, or for the standard configuration's when there is no project. */
  clients(project?: ProjectLocation): AwsClients {
    const choice = chooseRegion(this.settings.env, project);
    if (choice.notice && !this.said.has(choice.notice)) {
      this.said.add(choice.notice);
      this.settings.notice?.(choice.notice);
    }
    const key = choice.region ?? '';
    if (!this.byRegion.has(key)) this.byRegion.set(key, createAwsClients(this.settings, choice.region));
    return this.byRegion.get(key)!;
  }
}
