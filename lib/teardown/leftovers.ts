import {
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetObjectLockConfigurationCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { withAwsErrors } from '../aws/errors';
import { PROJECT_TAGS } from '../contract';

/** List prices (USD, eu-west-1) of what a removed project leaves behind; docs/teardown.md states them. */
export const LEFTOVER_PRICES = {
  s3StandardGbMonth: 0.023,
  logsStorageGbMonth: 0.03,
  kmsKeyMonth: 1.0,
} as const;

const GB = 1024 ** 3;

export interface Leftover {
  readonly kind: 'bucket' | 'log group' | 'key';
  readonly name: string;
  readonly bytes?: number;
  /** USD per month at list prices. */
  readonly monthly: number;
  /** When it can be removed at the earliest, if something locks it. */
  readonly lockedUntil?: string;
  readonly note: string;
}

export interface LeftoverClients {
  readonly s3: S3Client;
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
}

const round = (n: number) => Math.round(n * 100) / 100;

function isProjects(tags: readonly { Key?: string; Value?: string }[] | undefined, project: string): boolean {
  return (tags ?? []).some((t) => t.Key === PROJECT_TAGS.project && t.Value === project);
}

async function bucketLeftover(s3: S3Client, bucket: string, project: string): Promise<Leftover> {
  const ctx = { action: 's3:ListBucketVersions', project, resource: `s3://${bucket}` };
  let bytes = 0;
  let newest = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await withAwsErrors(ctx, () =>
      s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker })),
    );
    for (const v of page.Versions ?? []) {
      bytes += v.Size ?? 0;
      newest = Math.max(newest, v.LastModified?.getTime() ?? 0);
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker);
  const lock = await s3
    .send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))
    .then((r) => r.ObjectLockConfiguration?.Rule?.DefaultRetention)
    .catch(() => undefined);
  const lockDays = lock ? (lock.Days ?? 0) + (lock.Years ?? 0) * 365 : 0;
  const lockedUntil =
    lock && newest > 0 ? new Date(newest + lockDays * 86_400_000).toISOString().slice(0, 10) : undefined;
  return {
    kind: 'bucket',
    name: bucket,
    bytes,
    monthly: round((bytes / GB) * LEFTOVER_PRICES.s3StandardGbMonth),
    ...(lockedUntil ? { lockedUntil } : {}),
    note: lock
      ? `Object Lock ${lock.Mode} ${lockDays} days: nobody${lock.Mode === 'COMPLIANCE' ? ', the root included,' : ''} can delete a version before its retention ends; the bucket can go once empty`
      : 'retained with its lifecycle rules, which keep expiring objects; empty it to delete it',
  };
}

async function buckets(s3: S3Client, project: string, region: string): Promise<Leftover[]> {
  const all = await withAwsErrors({ action: 's3:ListAllMyBuckets', project }, () =>
    s3.send(new ListBucketsCommand({})),
  );
  const found: Leftover[] = [];
  for (const { Name } of all.Buckets ?? []) {
    if (!Name) continue;
    const location = await s3
      .send(new GetBucketLocationCommand({ Bucket: Name }))
      .then((r) => r.LocationConstraint || 'us-east-1')
      .catch(() => undefined);
    if (location !== region) continue;
    // A bucket without tags answers NoSuchTagSet: not the project's.
    const tags = await s3
      .send(new GetBucketTaggingCommand({ Bucket: Name }))
      .then((r) => r.TagSet)
      .catch(() => undefined);
    if (isProjects(tags, project)) found.push(await bucketLeftover(s3, Name, project));
  }
  return found;
}

async function logGroups(logs: CloudWatchLogsClient, project: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withAwsErrors({ action: 'logs:DescribeLogGroups', project }, () =>
      logs.send(new DescribeLogGroupsCommand({ nextToken })),
    );
    for (const g of page.logGroups ?? []) {
      if (!g.arn || !g.logGroupName) continue;
      const resourceArn = g.arn.replace(/:\*$/, '');
      const tags = await logs
        .send(new ListTagsForResourceCommand({ resourceArn }))
        .then((r) => Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })))
        .catch(() => undefined);
      if (!isProjects(tags, project)) continue;
      const bytes = g.storedBytes ?? 0;
      found.push({
        kind: 'log group',
        name: g.logGroupName,
        bytes,
        monthly: round((bytes / GB) * LEFTOVER_PRICES.logsStorageGbMonth),
        note: `retained; events expire after ${g.retentionInDays ?? 'no'} days; delete it when you no longer need them`,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

async function keys(kms: KMSClient, project: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  let Marker: string | undefined;
  do {
    const page = await withAwsErrors({ action: 'kms:ListKeys', project }, () =>
      kms.send(new ListKeysCommand({ Marker })),
    );
    for (const k of page.Keys ?? []) {
      if (!k.KeyId) continue;
      const tags = await kms
        .send(new ListResourceTagsCommand({ KeyId: k.KeyId }))
        .then((r) => r.Tags?.map((t) => ({ Key: t.TagKey, Value: t.TagValue })))
        .catch(() => undefined);
      if (!isProjects(tags, project)) continue;
      const state = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeyState;
      found.push({
        kind: 'key',
        name: k.KeyArn ?? k.KeyId,
        monthly: state === 'PendingDeletion' ? 0 : LEFTOVER_PRICES.kmsKeyMonth,
        note:
          state === 'PendingDeletion'
            ? 'pending deletion'
            : `${state ?? 'Enabled'}; every object it encrypts becomes unreadable once it is deleted (keep the logs key while the audit bucket holds records)`,
      });
    }
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return found;
}

export interface Leftovers {
  readonly project: string;
  readonly region: string;
  readonly leftovers: readonly Leftover[];
  /** USD per month at list prices. */
  readonly monthly: number;
}

/**
 * What a project leaves in its account and region, found by its `isotrain:project` tag: the
 * retained buckets (with every version's bytes and the Object Lock that holds them), log groups and
 * keys, each with its monthly cost. Works before and after `cdk destroy`.
 */
export async function findLeftovers(
  clients: LeftoverClients,
  project: string,
  region: string,
): Promise<Leftovers> {
  const leftovers = [
    ...(await buckets(clients.s3, project, region)),
    ...(await logGroups(clients.logs, project)),
    ...(await keys(clients.kms, project)),
  ];
  return { project, region, leftovers, monthly: round(leftovers.reduce((s, l) => s + l.monthly, 0)) };
}
