import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { AwsClients, createAwsClients } from '../../lib/aws/clients';
import { AwsError, AwsErrorCode, ERROR_TABLE, withAwsErrors } from '../../lib/aws/errors';
import { callerIdentity } from '../../lib/aws/identity';
import { describeJob } from '../../lib/aws/jobs';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, htmlPage, jsonError, queryError, s3Error, startFaultProxy } from './support/fault-proxy';

/**
 * One case per row of the error table, each from a real SDK error: moto answers what it can (missing
 * buckets, keys, parameters, jobs); a proxy in front of it answers the rest the way AWS does on the
 * wire, so the SDK's parsing and retry run as they would against AWS.
 */
let moto: MotoServer;
let proxy: FaultProxy;
let clients: AwsClients;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  clients = createAwsClients(
    {
      env: { ...moto.env('eu-west-1'), AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '2' },
      retryDelayMs: () => 0,
    },
    'eu-west-1',
  );
  await clients.s3.send(
    new CreateBucketCommand({
      Bucket: 'legal-audit',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
afterEach(() => proxy.clear());

/** The AwsError a call comes out as. */
async function refusal(action: string, call: () => Promise<unknown>, resource?: string): Promise<AwsError> {
  try {
    await withAwsErrors({ action, project: 'legal', region: 'eu-west-1', resource }, call);
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error(`${action} succeeded`);
}

const getObject = (Bucket: string, Key: string) => () =>
  clients.s3.send(new GetObjectCommand({ Bucket, Key }));
const listJobs = () => clients.sagemaker.send(new ListTrainingJobsCommand({}));

/** code → how to provoke it, and what the explanation must tell the user to do. */
const CASES: [AwsErrorCode, () => Promise<AwsError>, RegExp][] = [
  [
    'NotAwsResponse',
    () => {
      proxy.fail(/ListTrainingJobs/, htmlPage(200));
      return refusal('sagemaker:ListTrainingJobs', listJobs);
    },
    /Unexpected token '<'.*\n.*returned an HTML page instead of AWS: check AWS_ENDPOINT_URL/,
  ],
  [
    'Unreachable',
    () => {
      const nowhere = createAwsClients(
        { env: { ...moto.env('eu-west-1'), AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' } },
        'eu-west-1',
      );
      return refusal('sagemaker:ListTrainingJobs', () =>
        nowhere.sagemaker.send(new ListTrainingJobsCommand({})),
      );
    },
    /cannot reach the endpoint in eu-west-1 \(ECONNREFUSED: .*\)\.\nCheck the network and HTTPS_PROXY, and AWS_ENDPOINT_URL/,
  ],
  [
    'NoCredentials',
    () => noCredentials(),
    /No AWS credentials found.*\n.*set AWS_PROFILE and run `aws sso login/,
  ],
  [
    'ExpiredToken',
    () => {
      proxy.fail(
        /GetCallerIdentity/,
        queryError('ExpiredToken', 'The security token included in the request is expired', 403),
      );
      return callerIdentity(clients.sts).then(
        () => Promise.reject(new Error('succeeded')),
        (e: AwsError) => e,
      );
    },
    /your AWS session has expired \(ExpiredToken: .*\)\.\nSign in again/,
  ],
  [
    'InvalidCredentials',
    () => {
      proxy.fail(
        /ListTrainingJobs/,
        jsonError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      );
      return refusal('sagemaker:ListTrainingJobs', listJobs);
    },
    /AWS does not recognise these credentials \(UnrecognizedClientException.*\n.*Check which credentials are in use/,
  ],
  [
    'AccessDenied',
    () => {
      proxy.fail(
        /^S3 GET/,
        s3Error(
          'AccessDenied',
          'User: x is not authorized to perform: s3:GetObject because no identity-based policy allows it',
        ),
      );
      return refusal('s3:GetObject', getObject('legal-audit', 'runs/x/record.json'));
    },
    /AWS refused s3:GetObject: .*\nNo policy allows this for you: attach the project's run-governance policy \(output RunGovernancePolicyArn/,
  ],
  [
    'NoSuchBucket',
    () => refusal('s3:GetObject', getObject('legal-no-such-bucket', 'k')),
    /the bucket legal-no-such-bucket does not exist in eu-west-1 \(NoSuchBucket\)\.\n.*check the region/,
  ],
  [
    'NoSuchKey',
    () =>
      refusal(
        's3:GetObject',
        getObject('legal-audit', 'runs/none/record.json'),
        's3://legal-audit/runs/none/record.json',
      ),
    /no object at s3:\/\/legal-audit\/runs\/none\/record\.json \(NoSuchKey\)\.\nIt was deleted or wiped/,
  ],
  [
    'ParameterNotFound',
    () =>
      refusal(
        'ssm:GetParameter',
        () => clients.ssm.send(new GetParameterCommand({ Name: '/isotrain/legal/audit-bucket' })),
        '/isotrain/legal/audit-bucket',
      ),
    /the SSM parameter \/isotrain\/legal\/audit-bucket does not exist in eu-west-1 \(ParameterNotFound\)\.\n.*deploy the project \(npx cdk deploy 'legal\/\*'\).*or pass --outputs-file/,
  ],
  [
    'JobNotFound',
    () =>
      describeJob(clients.sagemaker, 'training', 'legal-nothing', { region: 'eu-west-1' }).then(
        () => Promise.reject(new Error('succeeded')),
        (e: AwsError) => e,
      ),
    /no job named legal-nothing in eu-west-1 .*\nCheck the name \(isotrain jobs --project <project>/,
  ],
  [
    'Throttled',
    () => {
      proxy.fail(/ListTrainingJobs/, jsonError('ThrottlingException', 'Rate exceeded'));
      return refusal('sagemaker:ListTrainingJobs', listJobs);
    },
    /sagemaker:ListTrainingJobs is still throttled after 2 attempt\(s\) with backoff.*\n.*wait a minute and run the command again, or set AWS_MAX_ATTEMPTS/,
  ],
  [
    'ResourceLimitExceeded',
    () => {
      proxy.fail(
        /CreateTrainingJob/,
        jsonError(
          'ResourceLimitExceeded',
          "The account-level service limit 'ml.g5.2xlarge for training job usage' is 0 Instances",
        ),
      );
      return refusal('sagemaker:CreateTrainingJob', () =>
        clients.sagemaker.send(new CreateTrainingJobCommand({ TrainingJobName: 'legal-q' } as never)),
      );
    },
    /Raise the Service Quotas quota "ml\.g5\.2xlarge for training job usage" \(service SageMaker\)/,
  ],
  [
    'ResourceInUse',
    () => {
      proxy.fail(/CreateTrainingJob/, jsonError('ResourceInUse', 'Training job legal-a already exists'));
      return refusal(
        'sagemaker:CreateTrainingJob',
        () => clients.sagemaker.send(new CreateTrainingJobCommand({ TrainingJobName: 'legal-a' } as never)),
        'legal-a',
      );
    },
    /legal-a already exists .*\nThe same spec was launched within the same second: launch again/,
  ],
];

/**
 * The SDK's default credential chain with nothing to find: no keys, no profile files, no instance
 * metadata. The chain reads process.env, so it is emptied of AWS settings for the call.
 */
async function noCredentials(): Promise<AwsError> {
  const saved = { ...process.env };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-nocreds-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  try {
    const bare = createAwsClients({ env: { AWS_ENDPOINT_URL: moto.endpoint } }, 'eu-west-1');
    return await refusal('sagemaker:ListTrainingJobs', () =>
      bare.sagemaker.send(new ListTrainingJobsCommand({})),
    );
  } finally {
    process.env = saved;
  }
}

describe('the error table', () => {
  test('has a case here for every row', () => {
    expect(CASES.map(([code]) => code)).toEqual(ERROR_TABLE.map((r) => r.code));
    for (const row of ERROR_TABLE) {
      expect(row.advice).toMatch(/[.:]\s|\.$/);
      expect(row.errors.length).toBeGreaterThan(0);
    }
  });

  test.each(CASES)('%s: says what happened and what to do', async (code, provoke, advice) => {
    const e = await provoke();
    expect(e).toBeInstanceOf(AwsError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(advice);
  });

  test('an error no row knows still names the call and what AWS said', async () => {
    proxy.fail(/ListTrainingJobs/, jsonError('InternalFailure', 'something broke', 400));
    const e = await refusal('sagemaker:ListTrainingJobs', listJobs);
    expect(e.code).toBe('Other');
    expect(e.message).toBe('sagemaker:ListTrainingJobs failed: InternalFailure: something broke');
  });

  test("an HTML page behind an XML service (S3's own parser does not fail on it) is still recognised", async () => {
    proxy.fail(/^S3 GET/, htmlPage(502));
    const e = await refusal('s3:GetObject', getObject('legal-audit', 'k'));
    expect(e.code).toBe('NotAwsResponse');
  });

  test('errors that are not AWS errors pass through untouched', async () => {
    const mine = new Error('a bug');
    await expect(withAwsErrors({ action: 'x' }, () => Promise.reject(mine))).rejects.toBe(mine);
  });
});
