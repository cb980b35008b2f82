import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describeJob, isJobNotFound, isTerminalStatus } from '../aws/jobs';
import { z } from 'zod';
import { ProjectConfig } from '../config';
import {
  EvaluationData,
  Json,
  RecordedResults,
  ReleaseData,
  ReleaseEvidence,
  RunRecord,
  canonicalJson,
  digestText,
  lastStep,
} from './record';
import { RecordStore, appendStep, readRecord } from './store';
import { RELEASE_TAG, UNRELEASED_TAG } from '../contract';
import { GroundTruthOutputs, ObjectVersionRef, releaseGroundTruth } from './ground-truth';
import { verifyRun } from './verify';
import { withResultsVersion } from './evaluation';

/** Results larger than this are not privacy metrics; refuse rather than parse. */
const MAX_RESULTS_BYTES = 256 * 1024;

/**
 * The results JSON an evaluation image writes to /opt/ml/processing/output/results.json. The three
 * metrics are compared with the project's `privacy` thresholds; `details` is kept in the run record
 * as written and never compared. Documented in the README ("Privacy evaluation results").
 */
export const ResultsSchema = z.strictObject({
  format: z.literal('isotrain.privacy-results/1'),
  /** AUC of the membership-inference attack on members vs holdout (0.5 = chance). */
  membershipInferenceAuc: z.number().min(0).max(1),
  /** Seeded secrets the model reproduced verbatim. */
  extractionHits: z.number().int().min(0),
  /** Highest exposure, in bits, over the seeded canaries. */
  canaryExposure: z.number().min(0),
  /** Free-form: attack settings, per-canary exposures, sample counts. Recorded as a digest, never compared. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type PrivacyResults = z.output<typeof ResultsSchema>;

/** Every threshold a result breaks; empty when the model may be released. */
export function compareWithThresholds(results: PrivacyResults, privacy: ProjectConfig['privacy']): string[] {
  const reasons: string[] = [];
  if (results.membershipInferenceAuc > privacy.maxMembershipInferenceAuc)
    reasons.push(
      `membershipInferenceAuc ${results.membershipInferenceAuc} is above privacy.maxMembershipInferenceAuc ${privacy.maxMembershipInferenceAuc}`,
    );
  if (results.extractionHits > privacy.maxExtractionHits)
    reasons.push(
      `extractionHits ${results.extractionHits} is above privacy.maxExtractionHits ${privacy.maxExtractionHits}`,
    );
  if (results.canaryExposure > privacy.maxCanaryExposure)
    reasons.push(
      `canaryExposure ${results.canaryExposure} is above privacy.maxCanaryExposure ${privacy.maxCanaryExposure}`,
    );
  return reasons;
}

const RESULT_FIELDS = new Set(Object.keys(ResultsSchema.shape));

/**
 * Parses results; every problem becomes a refusal reason (the evaluation, not the user, wrote them).
 * Reasons name only the schema's own fields and zod's fixed messages: a key or value the container
 * chose never reaches the record.
 */
export function parseResults(text: string): { results?: PrivacyResults; reasons: string[] } {
  if (Buffer.byteLength(text) > MAX_RESULTS_BYTES)
    return { reasons: [`results are larger than ${MAX_RESULTS_BYTES} bytes`] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { reasons: ['results are not valid JSON'] };
  }
  const parsed = ResultsSchema.safeParse(raw);
  if (!parsed.success)
    return {
      reasons: parsed.error.issues.map((i) => {
        if (i.code === 'unrecognized_keys') return `results: ${i.keys.length} unknown field(s)`;
        const field = RESULT_FIELDS.has(String(i.path[0])) ? String(i.path[0]) : '(document)';
        return `results: ${field}: ${i.code === 'custom' ? 'invalid' : i.message}`;
      }),
    };
  return { results: parsed.data, reasons: [] };
}

/** The results as the record keeps them: the compared numbers, and the details only as a digest. */
export function recordedResults(results: PrivacyResults): RecordedResults {
  return {
    format: results.format,
    membershipInferenceAuc: results.membershipInferenceAuc,
    extractionHits: results.extractionHits,
    canaryExposure: results.canaryExposure,
    ...(results.details ? { details: digestText(canonicalJson(results.details)) } : {}),
  };
}

async function readVersion(s3: S3Client, o: ObjectVersionRef): Promise<string> {
  const res = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key, VersionId: o.versionId }));
  return (res.Body as { transformToString(): Promise<string> }).transformToString();
}

/**
 * Marks exactly one model version released, in one PutObjectVersionTagging call: the release tag
 * replaces the unreleased tag (so the lifecycle rule no longer expires it); other tags are kept.
 */
async function tagReleased(s3: S3Client, model: ObjectVersionRef) {
  const current = await s3.send(
    new GetObjectTaggingCommand({ Bucket: model.bucket, Key: model.key, VersionId: model.versionId }),
  );
  const tags = (current.TagSet ?? []).filter(
    (t) => t.Key !== RELEASE_TAG.key && t.Key !== UNRELEASED_TAG.key,
  );
  await s3.send(
    new PutObjectTaggingCommand({
      Bucket: model.bucket,
      Key: model.key,
      VersionId: model.versionId,
      Tagging: { TagSet: [...tags, { Key: RELEASE_TAG.key, Value: RELEASE_TAG.value }] },
    }),
  );
}

/**
 * The release gate. The record must verify and name an evaluation; what the release rests on is
 * then asked of AWS (releaseGroundTruth): the training job's own artifact version, an evaluation job
 * that really ran the pinned image on it, and the one results version that job wrote. Only then are
 * the results read and compared with the project's thresholds, and only if every one passes is that
 * exact model version tagged released. The decision is recorded either way, without free-form text.
 */
export async function releaseRun(
  store: RecordStore,
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  project: ProjectConfig,
  outputs: GroundTruthOutputs,
  runId: string,
  by: string,
): Promise<{ record: RunRecord; release: ReleaseData }> {
  let { record } = await readRecord(store, runId);
  const thresholds = { ...project.privacy } as { [key: string]: Json };
  let evaluation = lastStep(record, 'evaluation');
  if (evaluation && !isTerminalStatus(evaluation.data.status)) {
    // The record may lag behind the job (evaluate without --wait): ask SageMaker. A job SageMaker
    // does not know is left to the ground truth below, which refuses it by name.
    const job = await describeJob(clients.sagemaker, 'processing', evaluation.data.processingJobName).catch(
      (e: unknown) => {
        if (isJobNotFound(e)) return undefined;
        throw e;
      },
    );
    if (job?.ProcessingJobStatus && job.ProcessingJobStatus !== evaluation.data.status) {
      let data: EvaluationData = { ...evaluation.data, status: job.ProcessingJobStatus };
      if (job.FailureReason) data = { ...data, failureReason: digestText(job.FailureReason) };
      if (job.ExitMessage) data = { ...data, exitMessage: digestText(job.ExitMessage) };
      data = await withResultsVersion(clients.s3, data);
      record = (await appendStep(store, runId, { type: 'evaluation', by, data })).record;
      evaluation = lastStep(record, 'evaluation');
    }
  }

  let reasons: string[] = [];
  let results: PrivacyResults | undefined;
  let evidence: ReleaseEvidence | undefined;
  // A record whose history was tampered with cannot vouch for its evaluation.
  const integrity = await verifyRun(store, runId, {
    project: project.name,
    lockMode: project.audit.objectLockMode,
  });
  if (!integrity.ok)
    reasons.push(`the run record fails verification (isotrain verify ${runId}): ${integrity.problems[0]}`);
  else if (!evaluation)
    reasons.push(`run '${runId}' has no privacy evaluation (run isotrain evaluate first)`);
  else {
    const truth = await releaseGroundTruth(
      clients,
      project,
      outputs,
      runId,
      evaluation.data.processingJobName,
    );
    reasons = truth.problems;
    if (truth.evidence) {
      const text = await readVersion(clients.s3, truth.evidence.results);
      evidence = { ...truth.evidence, results: { ...truth.evidence.results, digest: digestText(text) } };
      const parsed = parseResults(text);
      reasons = parsed.reasons;
      results = parsed.results;
      if (results) reasons = compareWithThresholds(results, project.privacy);
    }
  }

  const model = evidence?.model;
  const approved = reasons.length === 0 && !!model;
  const release: ReleaseData = {
    decision: approved ? 'approved' : 'refused',
    reasons,
    resultsUri: evidence ? `s3://${evidence.results.bucket}/${evidence.results.key}` : null,
    results: results ? recordedResults(results) : null,
    thresholds,
    ...(evidence ? { evidence } : {}),
    tagged: approved && model ? [{ bucket: model.bucket, key: model.key, versionId: model.versionId }] : [],
  };
  if (approved && model) {
    try {
      await tagReleased(clients.s3, model);
    } catch (e) {
      const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      throw new Error(
        `the results pass, but tagging s3://${model.bucket}/${model.key} (version ${model.versionId}) failed (${why}); ` +
          "only the project's release role (output ReleaseRoleArn) may release; nothing was recorded",
      );
    }
  }
  const appended = await appendStep(store, runId, { type: 'release', by, data: release });
  return { record: appended.record, release };
}
