import {
  DeleteObjectsCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { WIPE_TAG } from '../contract';
import type { WipeMode } from '../config';
import { describeJob, isJobNotFound, isTerminalStatus } from '../aws/jobs';
import { listVersions, parseS3Uri } from './manifest';
import {
  RecordedObject,
  RunRecord,
  StartedData,
  WipeData,
  digestText,
  isActive,
  lastStep,
  objectName,
} from './record';
import { RecordStore, appendStep, listRunIds, readRecord } from './store';

export interface WipeTarget {
  readonly bucket: string;
  readonly key: string;
  /** A file a container named (a checkpoint): the record keeps its key's digest, not the key. */
  readonly containerNamed: boolean;
}

/** The target as the record names it (see RecordedObject). */
function recorded(target: WipeTarget): RecordedObject {
  return target.containerNamed
    ? { bucket: target.bucket, keyDigest: digestText(target.key) }
    : { bucket: target.bucket, key: target.key };
}

/**
 * Whether the run's wipe may touch a channel: as the run recorded it, or, for records written
 * before channels carried the decision, only channels under `datasets/` or `redacted/` — never base
 * models or code, which other runs read.
 */
export function channelWiped(channel: StartedData['channels'][number]): boolean {
  return channel.wipe ?? /^s3:\/\/[^/]+\/(datasets|redacted)\//.test(channel.s3Uri);
}

/** What another active run reads: its manifest's objects and everything under its channels and checkpoints. */
interface Usage {
  readonly runId: string;
  readonly keys: Set<string>;
  readonly prefixes: string[];
}

const id = (bucket: string, key: string) => `${bucket}/${key}`;

/** How long after its record a run's job may take to appear in SageMaker. */
export const LAUNCH_GRACE_MS = 15 * 60_000;

function usageOf(record: RunRecord): Usage | null {
  const started = lastStep(record, 'started');
  if (!started) return null;
  const { manifest, channels, checkpoints } = started.data;
  return {
    runId: record.runId,
    keys: new Set(manifest.map((m) => id(m.bucket, m.key))),
    prefixes: [...channels.map((c) => c.s3Uri), ...(checkpoints ? [checkpoints.s3Uri] : [])].map((uri) => {
      const { bucket, key } = parseS3Uri(uri);
      return id(bucket, key);
    }),
  };
}

function usedBy(target: WipeTarget, usages: readonly Usage[]): string[] {
  const full = id(target.bucket, target.key);
  return usages
    .filter((u) => u.keys.has(full) || u.prefixes.some((p) => p !== '' && full.startsWith(p)))
    .map((u) => u.runId);
}

/**
 * Records of the project's other runs that may still read their inputs. A record that says a job is
 * running is checked against SageMaker, so a run that ended without being recorded does not block.
 */
export async function activeRuns(
  store: RecordStore,
  sagemaker: SageMakerClient,
  exceptRunId: string,
): Promise<RunRecord[]> {
  const active: RunRecord[] = [];
  for (const runId of await listRunIds(store)) {
    if (runId === exceptRunId) continue;
    const { record } = await readRecord(store, runId);
    if (!isActive(record)) continue;
    const recent = Date.now() - Date.parse(record.steps[0]?.at ?? '') < LAUNCH_GRACE_MS;
    // A run recorded moments ago may be between its record and CreateTrainingJob: active, unasked.
    if (lastStep(record, 'job') || !recent) {
      try {
        const job = await describeJob(sagemaker, 'training', runId);
        if (isTerminalStatus(job.TrainingJobStatus)) continue;
      } catch (e) {
        // A job never created (its launch was refused) reads nothing. Any other doubt: active, since
        // wiping too little is the safe side.
        if (!lastStep(record, 'job') && isJobNotFound(e)) continue;
      }
    }
    active.push(record);
  }
  return active;
}

/** Every key to wipe for a run: the input objects of its private data channels, and its checkpoints. */
export async function wipeTargets(s3: S3Client, record: RunRecord): Promise<WipeTarget[]> {
  const started = lastStep(record, 'started');
  if (!started) return [];
  const wiped = new Set(started.data.channels.filter(channelWiped).map((c) => c.name));
  const seen = new Map<string, WipeTarget>();
  for (const m of started.data.manifest)
    if (wiped.has(m.channel))
      seen.set(id(m.bucket, m.key), { bucket: m.bucket, key: m.key, containerNamed: false });
  if (started.data.checkpoints) {
    const { bucket, key } = parseS3Uri(started.data.checkpoints.s3Uri);
    // An empty prefix would mean the whole bucket: never wipe that.
    if (key !== '') {
      const { versions, deleteMarkers } = await listVersions(s3, bucket, key);
      for (const v of [...versions, ...deleteMarkers])
        if (v.Key) seen.set(id(bucket, v.Key), { bucket, key: v.Key, containerNamed: true });
    }
  }
  return [...seen.values()].sort((a, b) => (id(a.bucket, a.key) < id(b.bucket, b.key) ? -1 : 1));
}

/** Deletes every version and delete marker of one key. Returns the version IDs removed. */
async function deleteAllVersions(s3: S3Client, target: WipeTarget): Promise<string[]> {
  const { versions, deleteMarkers } = await listVersions(s3, target.bucket, target.key, true);
  const ids = [...versions.map((v) => v.VersionId!), ...deleteMarkers.map((m) => m.VersionId)];
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = ids.slice(i, i + 1000);
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: target.bucket,
        Delete: { Objects: batch.map((VersionId) => ({ Key: target.key, VersionId })), Quiet: true },
      }),
    );
    if (res.Errors && res.Errors.length > 0) {
      const e = res.Errors[0];
      const err = new Error(`${e.Message ?? ''} (version ${e.VersionId})`);
      err.name = e.Code ?? 'Error';
      throw err;
    }
  }
  return ids;
}

/** Tags every version of one key for the lifecycle rule, keeping the tags it has. */
async function tagAllVersions(s3: S3Client, target: WipeTarget): Promise<string[]> {
  const { versions } = await listVersions(s3, target.bucket, target.key, true);
  const ids: string[] = [];
  for (const v of versions) {
    const current = await s3.send(
      new GetObjectTaggingCommand({ Bucket: target.bucket, Key: target.key, VersionId: v.VersionId }),
    );
    const tags = (current.TagSet ?? []).filter((t) => t.Key !== WIPE_TAG.key);
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: target.bucket,
        Key: target.key,
        VersionId: v.VersionId,
        Tagging: { TagSet: [...tags, { Key: WIPE_TAG.key, Value: WIPE_TAG.value }] },
      }),
    );
    ids.push(v.VersionId!);
  }
  return ids;
}

/** A wipe that failed on some objects: recorded as partial; `isotrain finalize RUN` resumes it. */
export class WipeIncompleteError extends Error {
  override readonly name = 'WipeIncompleteError';
  constructor(
    readonly runId: string,
    wipe: WipeData,
  ) {
    const failed = wipe.errors.map((e) => `${objectName(e)}: ${e.error}`).join('; ');
    super(
      `the job ended but its wipe is incomplete (${failed}); resume with: npx isotrain finalize ${runId}`,
    );
  }
}

export class RunStillActiveError extends Error {
  constructor(runId: string, status: string) {
    super(`run '${runId}' is still ${status}; finalize it after its job ends (its inputs are in use)`);
    this.name = 'RunStillActiveError';
  }
}

/**
 * Wipes a run after its job ended, as the project's `wipeAfterTraining` says: `immediate` deletes
 * every version of every input object and checkpoint, `tag` tags them for the lifecycle rule, `off`
 * records that nothing was wiped. Objects another active run uses are kept and listed. A failure on
 * some objects is recorded (`partial`) and the rest carry on; running it again resumes, since it
 * works from what is still there. A run whose wipe completed is not wiped again.
 */
export async function wipeRun(
  store: RecordStore,
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  runId: string,
  mode: WipeMode,
  by: string,
): Promise<{ record: RunRecord; wipe: WipeData; alreadyDone: boolean }> {
  const { record } = await readRecord(store, runId);
  const done = lastStep(record, 'wipe');
  if (done?.data.status === 'complete' || done?.data.status === 'skipped')
    return { record, wipe: done.data, alreadyDone: true };
  const job = lastStep(record, 'job');
  if (job && !isTerminalStatus(job.data.status)) throw new RunStillActiveError(runId, job.data.status);
  if (!job && !lastStep(record, 'started')) throw new Error(`run '${runId}' has no started step`);

  let wipe: WipeData;
  if (mode === 'off') {
    wipe = { mode, status: 'skipped', wiped: [], kept: [], errors: [] };
  } else {
    const usages = (await activeRuns(store, clients.sagemaker, runId)).flatMap((r) => usageOf(r) ?? []);
    const wiped: WipeData['wiped'][number][] = [];
    const kept: WipeData['kept'][number][] = [];
    const errors: WipeData['errors'][number][] = [];
    for (const target of await wipeTargets(clients.s3, record)) {
      const users = usedBy(target, usages);
      if (users.length > 0) {
        kept.push({ ...recorded(target), usedBy: users });
        continue;
      }
      try {
        const versions =
          mode === 'immediate'
            ? await deleteAllVersions(clients.s3, target)
            : await tagAllVersions(clients.s3, target);
        wiped.push({ ...recorded(target), versions });
      } catch (e) {
        // The error's name (AWS's code), not its message: the record keeps no free-form text.
        errors.push({ ...recorded(target), error: e instanceof Error ? e.name : 'Error' });
      }
    }
    wipe = { mode, status: errors.length > 0 ? 'partial' : 'complete', wiped, kept, errors };
  }
  const appended = await appendStep(store, runId, { type: 'wipe', by, data: wipe });
  return { record: appended.record, wipe, alreadyDone: false };
}
