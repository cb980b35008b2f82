import { createHash } from 'node:crypto';
import { RUNS_PREFIX } from '../contract';

/**
 * The run record: an append-only list of steps, one S3 object version per step in the project's
 * Object Lock audit bucket. Each version holds every step so far; each step carries the SHA-256 of
 * the previous step's canonical JSON, and each version must extend the one before it exactly, so an
 * edit, a gap or a reordering anywhere in the history is detectable (`verify`).
 */
export const RECORD_FORMAT = 'isotrain.run-record/1';

export function recordKey(runId: string): string {
  return `${RUNS_PREFIX}${runId}/record.json`;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Free-form text as the record keeps it: its SHA-256 and length, never the text. The record is kept
 * for years and read by run-governance holders from anywhere; text written inside the fence (a job's
 * FailureReason or ExitMessage, an evaluation's details, a file name a container chose) could carry
 * data out of it. Whoever holds the text can prove it is the one recorded.
 */
export interface TextDigest {
  readonly sha256: string;
  /** UTF-8 length in bytes. */
  readonly bytes: number;
}

export function digestText(text: string): TextDigest {
  return { sha256: sha256(text), bytes: Buffer.byteLength(text, 'utf8') };
}

/**
 * An object as the record names it: by key when people outside the fence chose the key (inputs:
 * uploaders, publishers), by the key's digest when a container did (checkpoint files).
 */
export type RecordedObject = { readonly bucket: string } & (
  | { readonly key: string; readonly keyDigest?: undefined }
  | { readonly key?: undefined; readonly keyDigest: TextDigest }
);

/** How messages print a recorded object. */
export function objectName(o: RecordedObject): string {
  return o.key !== undefined
    ? `s3://${o.bucket}/${o.key}`
    : `s3://${o.bucket}/(key sha256 ${o.keyDigest.sha256.slice(0, 16)}…, ${o.keyDigest.bytes} bytes)`;
}

/** One input object as it was when the run started. */
export interface ManifestEntry {
  readonly channel: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
  /** S3's ETag of that version (an MD5 only for single-part uploads without SSE-KMS; always unique per content). */
  readonly etag: string;
  /** Additional checksum algorithms S3 stored for the version (e.g. CRC64NVME), if any. */
  readonly checksumAlgorithms: string[];
  readonly lastModified: string;
}

export interface Caller {
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

export interface StartedData {
  readonly jobName: string;
  readonly caller: Caller;
  readonly image: { readonly uri: string; readonly digest: string | null };
  readonly instance: { readonly type: string; readonly count: number; readonly volumeSizeGb: number | null };
  /** Every hyperparameter as sent, fine-tuning method and DP settings included. */
  readonly hyperparameters: Record<string, string>;
  /** Structured details the launcher knows (fine-tuning method, DP settings, spec file...). */
  readonly details: { [key: string]: Json };
  /** `wipe`: whether the run's wipe deletes the channel's objects (absent in records before issue 8: see channelWiped). */
  readonly channels: { readonly name: string; readonly s3Uri: string; readonly wipe?: boolean }[];
  readonly manifest: ManifestEntry[];
  readonly output: { readonly s3Uri: string };
  readonly checkpoints: { readonly s3Uri: string } | null;
}

export interface JobData {
  readonly jobArn?: string;
  readonly status: string;
  readonly secondaryStatus?: string;
  /** SageMaker's FailureReason (written by the container, so free-form): digest only. */
  readonly failureReason?: TextDigest;
  readonly modelArtifacts?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly billableSeconds?: number;
}

export type WipedObject = RecordedObject & { readonly versions: string[] };

export interface WipeData {
  readonly mode: 'immediate' | 'tag' | 'off';
  /** `complete`: every target handled; `partial`: some failed (run `isotrain finalize` again). */
  readonly status: 'complete' | 'partial' | 'skipped';
  readonly wiped: WipedObject[];
  /** Input objects left alone because another active run uses them. */
  readonly kept: (RecordedObject & { readonly usedBy: string[] })[];
  /** `error`: the AWS error code (an enumeration), never its message. */
  readonly errors: (RecordedObject & { readonly error: string })[];
}

/** The model versions finalize tagged unreleased (they expire unless released). */
export interface ArtifactsData {
  readonly unreleased: { readonly bucket: string; readonly key: string; readonly versionId: string }[];
}

export interface EvaluationData {
  readonly processingJobName: string;
  readonly processingJobArn?: string;
  readonly status: string;
  /** The processing job's FailureReason and ExitMessage: digests only. */
  readonly failureReason?: TextDigest;
  readonly exitMessage?: TextDigest;
  readonly resultsUri: string;
  /** The results version the job wrote, recorded when the job is seen Completed; release reads that one. */
  readonly resultsVersionId?: string;
  readonly spec: { [key: string]: Json };
}

/** The three compared metrics and, of the free-form details, a digest. */
export interface RecordedResults {
  readonly format: string;
  readonly membershipInferenceAuc: number;
  readonly extractionHits: number;
  readonly canaryExposure: number;
  readonly details?: TextDigest;
}

/** What AWS said the release rests on (see ground-truth.ts). */
export interface ReleaseEvidence {
  readonly trainingJobArn: string;
  readonly model: { readonly bucket: string; readonly key: string; readonly versionId: string };
  readonly evaluationJob: { readonly name: string; readonly arn: string; readonly image: string };
  readonly results: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId: string;
    readonly digest: TextDigest;
  };
}

export interface ReleaseData {
  readonly decision: 'approved' | 'refused';
  /** Each built by isotrain from numbers, names and AWS's answers, never from text a container wrote. */
  readonly reasons: string[];
  readonly resultsUri: string | null;
  readonly results: RecordedResults | null;
  readonly thresholds: { [key: string]: Json };
  readonly evidence?: ReleaseEvidence;
  readonly tagged: { readonly bucket: string; readonly key: string; readonly versionId: string }[];
}

/** `isotrain serving stop|start`: an endpoint serving the run's model lost or regained its invoke permission (issue 12). */
export interface ServingData {
  readonly action: 'stop' | 'start';
  /** The endpoint as the project file names it, and its SageMaker name. */
  readonly endpoint: string;
  readonly endpointName: string;
  readonly invokerRoleArn: string;
  /** Why, as the operator said (`--reason`); null when none was given. */
  readonly reason: string | null;
}

export interface StepDataByType {
  started: StartedData;
  job: JobData;
  artifacts: ArtifactsData;
  wipe: WipeData;
  evaluation: EvaluationData;
  release: ReleaseData;
  serving: ServingData;
}
export type StepType = keyof StepDataByType;

export interface Step<T extends StepType = StepType> {
  readonly seq: number;
  readonly type: T;
  /** ISO 8601, UTC. */
  readonly at: string;
  /** ARN of the identity that wrote the step. */
  readonly by: string;
  /** SHA-256 (hex) of the previous step's canonical JSON; null for the first step. */
  readonly prev: string | null;
  readonly data: StepDataByType[T];
}

export interface RunRecord {
  readonly format: typeof RECORD_FORMAT;
  readonly project: string;
  readonly runId: string;
  readonly steps: Step[];
  /** SHA-256 of the last step. */
  readonly head: string;
}

/** JSON with object keys sorted at every level: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot hash ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function stepHash(step: Step): string {
  return sha256(canonicalJson(step));
}

/** The record after appending one step (the input is not changed). */
export function appendTo<T extends StepType>(
  record: RunRecord | null,
  init: { project: string; runId: string },
  step: { type: T; by: string; data: StepDataByType[T]; at?: Date },
): RunRecord {
  const steps = record?.steps ?? [];
  const last = steps[steps.length - 1];
  // Round-trip through JSON so the stored form and the hashed form are the same value.
  const next = JSON.parse(
    JSON.stringify({
      seq: steps.length,
      type: step.type,
      at: (step.at ?? new Date()).toISOString(),
      by: step.by,
      prev: last ? stepHash(last) : null,
      data: step.data,
    }),
  ) as Step;
  const all = [...steps, next];
  return {
    format: RECORD_FORMAT,
    project: record?.project ?? init.project,
    runId: record?.runId ?? init.runId,
    steps: all,
    head: stepHash(next),
  };
}

/** The latest step of a type, if any. */
export function lastStep<T extends StepType>(record: RunRecord, type: T): Step<T> | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    if (record.steps[i].type === type) return record.steps[i] as Step<T>;
  }
  return undefined;
}

/** What a run is now, folded from its steps; what `runs` and `show` print. */
export interface RunSummary {
  readonly runId: string;
  readonly project: string;
  readonly startedAt: string;
  readonly startedBy: string;
  readonly jobStatus: string;
  readonly wipe: string;
  readonly evaluation: string;
  readonly release: string;
  readonly steps: number;
}

/** Job states after which a run no longer reads its inputs. */
export const TERMINAL_JOB_STATES = ['Completed', 'Failed', 'Stopped'];

export function summarize(record: RunRecord): RunSummary {
  const started = lastStep(record, 'started');
  const job = lastStep(record, 'job');
  const wipe = lastStep(record, 'wipe');
  const evaluation = lastStep(record, 'evaluation');
  const release = lastStep(record, 'release');
  return {
    runId: record.runId,
    project: record.project,
    startedAt: record.steps[0]?.at ?? '',
    startedBy: started?.data.caller.arn ?? record.steps[0]?.by ?? '',
    jobStatus: job?.data.status ?? 'NotCreated',
    wipe: wipe ? `${wipe.data.mode}:${wipe.data.status}` : 'pending',
    evaluation: evaluation?.data.status ?? 'none',
    release: release?.data.decision ?? 'none',
    steps: record.steps.length,
  };
}

/**
 * Whether a run may still read its inputs: its job has not reached a terminal state. A run whose
 * job was never created counts as active until finalized, so its inputs are never wiped from under it.
 */
export function isActive(record: RunRecord): boolean {
  if (lastStep(record, 'wipe')?.data.status === 'complete') return false;
  const job = lastStep(record, 'job');
  if (!job) return !lastStep(record, 'wipe');
  return !TERMINAL_JOB_STATES.includes(job.data.status);
}
