import { RequestContext, explainAccessDenied, explainResourceLimit } from './guardrail-hints';

export type { RequestContext } from './guardrail-hints';

/** The rows of the table below, plus `Other` for an error no row explains. */
export type AwsErrorCode =
  | 'NotAwsResponse'
  | 'Unreachable'
  | 'NoCredentials'
  | 'ExpiredToken'
  | 'InvalidCredentials'
  | 'AccessDenied'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'ParameterNotFound'
  | 'JobNotFound'
  | 'Throttled'
  | 'ResourceLimitExceeded'
  | 'ResourceInUse'
  | 'Other';

/**
 * AWS refused or failed a call, explained for the person at the terminal: what happened and what to
 * do. The CLI prints the message and exits 1. `cause` is the SDK's error.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    message: string,
    readonly code: AwsErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What an explanation may use beyond the error itself. */
export interface ErrorContext extends RequestContext {
  /** The region the call went to, when known. */
  readonly region?: string;
  /** What the call was about, for messages: a job name, an s3:// URI, a parameter name. */
  readonly resource?: string;
}

/** The parts of an SDK error the table reads. */
interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { httpStatusCode?: number; attempts?: number };
  readonly $retryable?: { throttling?: boolean };
  readonly $response?: { headers?: Record<string, string | undefined> };
  readonly BucketName?: string;
  readonly Key?: string;
  /** Node's network error code (ECONNREFUSED, ENOTFOUND, ...). */
  readonly code?: string;
}

export interface ErrorRow {
  readonly code: Exclude<AwsErrorCode, 'Other'>;
  /** The errors this row explains, as docs/cli.md lists them. */
  readonly errors: string;
  /** What to do, in one sentence, as docs/cli.md lists it. */
  readonly advice: string;
  readonly matches: (e: SdkError) => boolean;
  /** The full explanation: what happened, then what to do. */
  readonly explain: (e: SdkError, ctx: ErrorContext) => string;
}

const THROTTLING =
  /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled|RequestThrottledException|SlowDown|ProvisionedThroughputExceededException)$/;
/** How SageMaker says a job does not exist (it answers ValidationException, or ResourceNotFound). */
const NOT_FOUND = /not (be )?found|could not find|does not exist/i;
const where = (ctx: ErrorContext) => (ctx.region ? ` in ${ctx.region}` : '');

const NETWORK = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/;

/** Node's network error code, on the error or (when the SDK wrapped it) in its message. */
function networkCode(e: SdkError): string | undefined {
  return NETWORK.exec(e.code ?? '')?.[1] ?? NETWORK.exec(e.message)?.[1];
}

function isHtml(e: SdkError): boolean {
  const type = e.$response?.headers?.['content-type'] ?? '';
  return /text\/html/i.test(type);
}

/**
 * Every AWS error the CLI can meet, first match wins. Each row says what to do; the message AWS sent
 * is kept in the explanation, since its details (an ARN, a quota name) are often the answer.
 */
export const ERROR_TABLE: readonly ErrorRow[] = [
  {
    code: 'NotAwsResponse',
    errors: "a response that is not AWS's: HTML (`Unexpected token '<'`), or a body the SDK cannot parse",
    advice:
      'An endpoint or proxy answered instead of AWS: check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, HTTPS_PROXY and the network.',
    matches: (e) =>
      (e.name === 'SyntaxError' && (e.$metadata !== undefined || /Unexpected token|JSON/.test(e.message))) ||
      /Deserialization error/.test(e.message) ||
      isHtml(e),
    explain: (e, ctx) =>
      `${ctx.action}: the answer was not an AWS response (${e.message.split('\n')[0]}${e.$metadata?.httpStatusCode ? `, HTTP ${e.$metadata.httpStatusCode}` : ''}).\n` +
      `An endpoint or proxy returned ${/Unexpected token '<'/.test(e.message) || isHtml(e) ? 'an HTML page' : 'something else'} instead of AWS: ` +
      'check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> (unset them to reach AWS itself), HTTPS_PROXY, and that the network does not need a login page.',
  },
  {
    code: 'Unreachable',
    errors:
      'network errors: `ECONNREFUSED`, `ENOTFOUND`, `EAI_AGAIN`, `ETIMEDOUT`, `ECONNRESET`, `TimeoutError` — after the retries',
    advice: 'The endpoint cannot be reached: check the network, HTTPS_PROXY and AWS_ENDPOINT_URL.',
    matches: (e) => networkCode(e) !== undefined || e.name === 'TimeoutError',
    explain: (e, ctx) =>
      `${ctx.action}: cannot reach the endpoint${where(ctx)} (${networkCode(e) ?? e.name}: ${e.message}).\n` +
      'Check the network and HTTPS_PROXY, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> if set (unset them to reach AWS itself).',
  },
  {
    code: 'NoCredentials',
    errors: '`CredentialsProviderError` (no credentials in the default chain)',
    advice:
      'Configure the default credential chain: AWS_PROFILE with `aws sso login`, environment variables, or a role.',
    matches: (e) => e.name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message),
    explain: (e) =>
      `No AWS credentials found: ${e.message}\n` +
      'Configure the default credential chain: set AWS_PROFILE and run `aws sso login --profile <profile>`, export AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or run where a role is attached.',
  },
  {
    code: 'ExpiredToken',
    errors: '`ExpiredToken`, `ExpiredTokenException`',
    advice:
      'Your session expired: sign in again (`aws sso login`, or refresh the role credentials) and retry.',
    matches: (e) => e.name === 'ExpiredToken' || e.name === 'ExpiredTokenException',
    explain: (e, ctx) =>
      `${ctx.action}: your AWS session has expired (${e.name}: ${e.message}).\n` +
      'Sign in again (`aws sso login --profile <profile>`, or refresh the role credentials in your environment) and run the command again.',
  },
  {
    code: 'InvalidCredentials',
    errors:
      '`InvalidClientTokenId`, `UnrecognizedClientException`, `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `InvalidSignatureException`, `AuthFailure`',
    advice:
      'AWS does not know these credentials: check AWS_PROFILE / AWS_ACCESS_KEY_ID and that key and secret belong together.',
    matches: (e) =>
      /^(InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSignatureException|AuthFailure|IncompleteSignature)$/.test(
        e.name,
      ),
    explain: (e, ctx) =>
      `${ctx.action}: AWS does not recognise these credentials (${e.name}: ${e.message}).\n` +
      'Check which credentials are in use (AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN), that the key is active and the secret matches it, and that the profile is for the right partition.',
  },
  {
    code: 'AccessDenied',
    errors: '`AccessDenied`, `AccessDeniedException`, `UnauthorizedOperation`',
    advice:
      'Names the guardrail that most likely refused the request (stale outputs or an undeployed project file), or the policy to attach.',
    matches: (e) => /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|Forbidden)$/.test(e.name),
    explain: (e, ctx) => explainAccessDenied(e.message, ctx),
  },
  {
    code: 'NoSuchBucket',
    errors: '`NoSuchBucket`',
    advice:
      'The outputs name a bucket that does not exist here: check the region and the outputs file, or deploy the project.',
    matches: (e) => e.name === 'NoSuchBucket',
    explain: (e, ctx) =>
      `${ctx.action}: the bucket ${e.BucketName ?? ctx.resource ?? ''} does not exist${where(ctx)} (NoSuchBucket).\n` +
      `The deployed outputs${ctx.outputsSource ? ` (${ctx.outputsSource})` : ''} name a bucket this account and region do not have: ` +
      `check the region (the project's, see docs/cli.md), run without --outputs-file to read the outputs live, or deploy the project (npx cdk deploy '${ctx.project ?? '<project>'}/*').`,
  },
  {
    code: 'NoSuchKey',
    errors: '`NoSuchKey`',
    advice:
      'The object is not there (deleted, wiped or never written): check the name; `isotrain runs` lists the runs.',
    matches: (e) => e.name === 'NoSuchKey',
    explain: (e, ctx) =>
      `${ctx.action}: no object at ${ctx.resource ?? e.Key ?? 'that key'} (NoSuchKey).\n` +
      'It was deleted or wiped, or never written: check the run ID or path (isotrain runs --project <project> lists the runs with records).',
  },
  {
    code: 'ParameterNotFound',
    errors: '`ParameterNotFound`, missing parameters under `/isotrain/<project>/`',
    advice:
      "The project's SSM parameters are missing in this region: deploy the project, or pass --outputs-file.",
    matches: (e) => e.name === 'ParameterNotFound' || e.name === 'ParameterVersionNotFound',
    explain: (e, ctx) =>
      `${ctx.action}: the SSM parameter ${ctx.resource ?? ''} does not exist${where(ctx)} (${e.name}).\n` +
      `${missingParametersAdvice(ctx.project)}`,
  },
  {
    code: 'JobNotFound',
    errors: '`ResourceNotFound`, `ValidationException` "Could not find job"',
    advice:
      "No job of that name in this region: check the name (`isotrain jobs --project <p>`) and the region (the project's).",
    matches: (e) =>
      e.name === 'ResourceNotFound' || (e.name === 'ValidationException' && NOT_FOUND.test(e.message)),
    explain: (e, ctx) =>
      `${ctx.action}: no job named ${ctx.resource ?? ''}${where(ctx)} (${e.message}).\n` +
      "Check the name (isotrain jobs --project <project> lists a project's jobs) and the region: the project's, or AWS_REGION when the job's name starts with no project's.",
  },
  {
    code: 'Throttled',
    errors:
      '`ThrottlingException`, `TooManyRequestsException`, `RequestLimitExceeded`, `SlowDown`, HTTP 429 — after the retries',
    advice:
      'Still throttled after the SDK retried with backoff: wait a minute and run it again (AWS_MAX_ATTEMPTS allows more retries).',
    matches: (e) =>
      THROTTLING.test(e.name) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429,
    explain: (e, ctx) =>
      `${ctx.action} is still throttled after ${e.$metadata?.attempts ?? 'several'} attempt(s) with backoff (${e.name}: ${e.message}).\n` +
      'AWS is rate-limiting this account and region: wait a minute and run the command again, or set AWS_MAX_ATTEMPTS to retry longer.',
  },
  {
    code: 'ResourceLimitExceeded',
    errors: '`ResourceLimitExceeded`',
    advice: 'A Service Quota is exhausted: names the quota to raise and the command that shows it.',
    matches: (e) => e.name === 'ResourceLimitExceeded',
    explain: (e, ctx) => explainResourceLimit(e.message, ctx),
  },
  {
    code: 'ResourceInUse',
    errors: '`ResourceInUse`',
    advice:
      'A job of that name exists already (the same spec launched within the same second): launch again.',
    matches: (e) => e.name === 'ResourceInUse',
    explain: (e, ctx) =>
      `${ctx.action}: ${ctx.request?.TrainingJobName ? `a job named ${ctx.request.TrainingJobName}` : (ctx.resource ?? 'the resource')} already exists (${e.message}).\n` +
      'The same spec was launched within the same second: launch again to get a new name.',
  },
];

/** What to do when the project's parameters are missing: shared by this table and outputs.ts. */
export function missingParametersAdvice(project: string | undefined): string {
  const p = project ?? '<project>';
  return (
    `The project's parameters under /isotrain/${p}/ are missing in this region: deploy the project (npx cdk deploy '${p}/*'), ` +
    "check that you are in the project's region, or pass --outputs-file with the file cdk deploy --outputs-file wrote."
  );
}

/** The row that explains an error, if any. */
export function rowFor(e: unknown): ErrorRow | undefined {
  if (!isAwsSdkError(e)) return undefined;
  return ERROR_TABLE.find((row) => row.matches(e as SdkError));
}

/**
 * True for what the SDK throws: service errors (they carry `$metadata`), credential-chain errors and
 * unparseable responses. Not for InputError, AwsError or the program's own errors.
 */
export function isAwsSdkError(e: unknown): boolean {
  if (!(e instanceof Error) || e instanceof AwsError) return false;
  const err = e as Error & { $metadata?: unknown; $fault?: unknown; $response?: unknown };
  return (
    err.$metadata !== undefined ||
    err.$fault !== undefined ||
    err.$response !== undefined ||
    err.name === 'CredentialsProviderError' ||
    err.name === 'TimeoutError'
  );
}

/** Explains an SDK error with the table; an error no row knows still says which call failed. */
export function explainAwsError(e: unknown, ctx: ErrorContext): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e instanceof Error ? e : new Error(String(e))) as Error & SdkError;
  const row = rowFor(err);
  if (row) return new AwsError(row.explain(err, ctx), row.code, { cause: e });
  return new AwsError(`${ctx.action} failed: ${err.name ? `${err.name}: ` : ''}${err.message}`, 'Other', {
    cause: e,
  });
}

/** Runs `call`; an SDK error comes out as an AwsError explained for `ctx`. Other errors pass as they are. */
export async function withAwsErrors<T>(ctx: ErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isAwsSdkError(e)) throw explainAwsError(e, ctx);
    throw e;
  }
}
