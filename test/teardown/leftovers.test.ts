import {
  CreateBucketCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { Leftovers } from '../../lib/teardown';
import { PROJECTS, REGION, awsEnv, runIn } from '../cli/support';
import { MotoServer, startMoto } from '../support/moto';

/**
 * `isotrain leftovers` on moto, as after `cdk destroy`: the project's retained buckets, log groups
 * and keys are found by their tag, with their bytes, locks and monthly cost; another project's and
 * untagged resources are not listed.
 */
let moto: MotoServer;
let result: Leftovers;
let text: string;
const tag = (project: string) => [{ Key: 'isotrain:project', Value: project }];

beforeAll(async () => {
  moto = await startMoto();
  const config = {
    region: REGION,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const bucket = async (Bucket: string, project: string | undefined, lock = false) => {
    await s3.send(
      new CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: REGION },
        ...(lock ? { ObjectLockEnabledForBucket: true } : {}),
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    if (project) await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tag(project) } }));
  };
  await bucket('legal-data-left', 'legal');
  await bucket('legal-audit-left', 'legal', true);
  await bucket('health-data-left', 'health');
  await bucket('untagged-left', undefined);
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: 'legal-audit-left',
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
      },
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: 'legal-data-left', Key: 'a', Body: 'x'.repeat(1000) }));
  await s3.send(new PutObjectCommand({ Bucket: 'legal-data-left', Key: 'a', Body: 'y'.repeat(500) }));
  await s3.send(new PutObjectCommand({ Bucket: 'legal-audit-left', Key: 'runs/r/record.json', Body: '{}' }));

  const logs = new CloudWatchLogsClient(config);
  await logs.send(
    new CreateLogGroupCommand({
      logGroupName: '/isotrain/legal/flow-logs',
      tags: { 'isotrain:project': 'legal' },
    }),
  );
  await logs.send(
    new PutRetentionPolicyCommand({ logGroupName: '/isotrain/legal/flow-logs', retentionInDays: 365 }),
  );
  await logs.send(
    new CreateLogGroupCommand({
      logGroupName: '/isotrain/health/flow-logs',
      tags: { 'isotrain:project': 'health' },
    }),
  );

  const kms = new KMSClient(config);
  const key = async (project?: string) =>
    (
      await kms.send(
        new CreateKeyCommand({ Tags: project ? [{ TagKey: 'isotrain:project', TagValue: project }] : [] }),
      )
    ).KeyMetadata!.KeyId!;
  await key('legal');
  await key('legal');
  const pending = await key('legal');
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending, PendingWindowInDays: 7 }));
  await key('health');
  await key();

  const env = awsEnv(moto.endpoint);
  const json = await runIn(['leftovers', '--project', 'legal', '--projects-dir', PROJECTS, '--json'], {
    env,
  });
  expect(json.stderr).toBe('');
  expect(json.code).toBe(0);
  result = JSON.parse(json.stdout) as Leftovers;
  text = (await runIn(['leftovers', '--project', 'legal', '--projects-dir', PROJECTS], { env })).stdout;
});

afterAll(async () => {
  await moto?.stop();
});

describe('isotrain leftovers', () => {
  test("lists only the project's buckets, with every version's bytes", () => {
    const buckets = result.leftovers.filter((l) => l.kind === 'bucket');
    expect(buckets.map((b) => b.name).sort()).toEqual(['legal-audit-left', 'legal-data-left']);
    expect(buckets.find((b) => b.name === 'legal-data-left')?.bytes).toBe(1500);
  });

  test('says until when Object Lock holds the audit bucket', () => {
    const audit = result.leftovers.find((l) => l.name === 'legal-audit-left')!;
    expect(audit.note).toMatch(/^Object Lock COMPLIANCE 2557 days: nobody, the root included,/);
    const until = new Date(audit.lockedUntil!).getTime();
    expect(Math.round((until - Date.now()) / 86_400_000)).toBeGreaterThanOrEqual(2555);
  });

  test("lists the project's log groups and keys; a key pending deletion costs nothing", () => {
    expect(result.leftovers.filter((l) => l.kind === 'log group').map((l) => l.name)).toEqual([
      '/isotrain/legal/flow-logs',
    ]);
    const keys = result.leftovers.filter((l) => l.kind === 'key');
    expect(keys).toHaveLength(3);
    expect(keys.map((k) => k.monthly).sort()).toEqual([0, 1, 1]);
    expect(result.monthly).toBe(2);
  });

  test('prints a table and the monthly total', () => {
    expect(text).toMatch(/^KIND\s+NAME\s+SIZE\s+USD\/MONTH/);
    expect(text).toMatch(/^total: \$2\.00 a month at list prices/m);
  });
});
