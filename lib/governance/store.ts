import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { RUNS_PREFIX } from '../contract';
import { RunRecord, StepDataByType, StepType, appendTo, recordKey } from './record';

/** Where a project's run records live and who is writing. */
export interface RecordStore {
  readonly s3: S3Client;
  readonly auditBucket: string;
  readonly project: string;
}

/** A record version as stored, with what S3 says about it. */
export interface StoredVersion {
  readonly versionId: string;
  readonly etag: string;
  readonly body: string;
  readonly lastModified?: Date;
  readonly lockMode?: string;
  readonly lockUntil?: Date;
}

export class RunNotFoundError extends Error {
  constructor(
    public readonly runId: string,
    where: string,
  ) {
    super(`no run record for run '${runId}' in ${where}`);
    this.name = 'RunNotFoundError';
  }
}

/** Another writer appended first (S3 conditional write refused): re-read and try again. */
export class ConcurrentAppendError extends Error {
  constructor(runId: string) {
    super(`the run record of '${runId}' changed while this step was being written; try again`);
    this.name = 'ConcurrentAppendError';
  }
}

async function readBody(body: unknown): Promise<string> {
  return (body as { transformToString(): Promise<string> }).transformToString();
}

function isPreconditionFailed(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'PreconditionFailed' || err?.$metadata?.httpStatusCode === 412;
}

function isNoSuchKey(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404;
}

/** The current record of a run, with its ETag (for the conditional write of the next step). */
export async function readRecord(
  store: RecordStore,
  runId: string,
): Promise<{ record: RunRecord; etag: string; versionId: string }> {
  try {
    const res = await store.s3.send(
      new GetObjectCommand({ Bucket: store.auditBucket, Key: recordKey(runId) }),
    );
    return {
      record: JSON.parse(await readBody(res.Body)) as RunRecord,
      etag: res.ETag ?? '',
      versionId: res.VersionId ?? '',
    };
  } catch (e) {
    if (isNoSuchKey(e)) throw new RunNotFoundError(runId, `s3://${store.auditBucket}/${RUNS_PREFIX}`);
    throw e;
  }
}

/**
 * Appends one step as a new object version. The first step is written only if no record exists
 * (If-None-Match); later steps only if the record is still the version read (If-Match), so two
 * writers cannot fork the chain. Object Lock's default retention applies to every version.
 */
export async function appendStep<T extends StepType>(
  store: RecordStore,
  runId: string,
  step: { type: T; by: string; data: StepDataByType[T]; at?: Date },
): Promise<{ record: RunRecord; versionId: string }> {
  let current: { record: RunRecord; etag: string } | null = null;
  if (step.type !== 'started') current = await readRecord(store, runId);
  const record = appendTo(current?.record ?? null, { project: store.project, runId }, step);
  try {
    const res = await store.s3.send(
      new PutObjectCommand({
        Bucket: store.auditBucket,
        Key: recordKey(runId),
        Body: `${JSON.stringify(record, null, 2)}\n`,
        ContentType: 'application/json',
        ...(current ? { IfMatch: current.etag } : { IfNoneMatch: '*' }),
      }),
    );
    return { record, versionId: res.VersionId ?? '' };
  } catch (e) {
    if (isPreconditionFailed(e)) {
      if (!current) throw new Error(`a run record for '${runId}' already exists; run IDs are unique`);
      throw new ConcurrentAppendError(runId);
    }
    throw e;
  }
}

/** Every version of a run's record, oldest first, with its Object Lock retention. */
export async function readAllVersions(
  store: RecordStore,
  runId: string,
): Promise<{ versions: StoredVersion[]; deleteMarkers: string[] }> {
  const key = recordKey(runId);
  const listed: { versionId: string; lastModified?: Date }[] = [];
  const deleteMarkers: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await store.s3.send(
      new ListObjectVersionsCommand({
        Bucket: store.auditBucket,
        Prefix: key,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    for (const v of page.Versions ?? []) {
      if (v.Key === key && v.VersionId) listed.push({ versionId: v.VersionId, lastModified: v.LastModified });
    }
    for (const m of page.DeleteMarkers ?? [])
      if (m.Key === key && m.VersionId) deleteMarkers.push(m.VersionId);
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  if (listed.length === 0 && deleteMarkers.length === 0) {
    throw new RunNotFoundError(runId, `s3://${store.auditBucket}/${RUNS_PREFIX}`);
  }
  const versions: StoredVersion[] = [];
  for (const v of listed) {
    // GetObject returns the version's Object Lock mode and retain-until date with the body.
    const res = await store.s3.send(
      new GetObjectCommand({ Bucket: store.auditBucket, Key: key, VersionId: v.versionId }),
    );
    versions.push({
      versionId: v.versionId,
      etag: res.ETag ?? '',
      body: await readBody(res.Body),
      lastModified: res.LastModified ?? v.lastModified,
      lockMode: res.ObjectLockMode,
      lockUntil: res.ObjectLockRetainUntilDate,
    });
  }
  // S3 lists versions newest first; order by write time, oldest first (ties keep S3's reversed order).
  const order = new Map(listed.map((v, i) => [v.versionId, listed.length - i]));
  versions.sort((a, b) => order.get(a.versionId)! - order.get(b.versionId)!);
  return { versions, deleteMarkers };
}

/** Run IDs with a record in the audit bucket. */
export async function listRunIds(store: RecordStore): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await store.s3.send(
      new ListObjectsV2Command({ Bucket: store.auditBucket, Prefix: RUNS_PREFIX, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      const m = /^runs\/(.+)\/record\.json$/.exec(o.Key ?? '');
      if (m) ids.push(m[1]);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return ids.sort();
}
