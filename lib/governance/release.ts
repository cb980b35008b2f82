import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describeJob, isTerminalStatus } from '../aws/jobs';
import { z } from 'zod';
import { ProjectConfig } from '../config';
import { parseS3Uri } from './manifest';
import { EvaluationData, Json, ReleaseData, RunRecord, lastStep } from './record';
import { RecordStore, appendStep, readRecord } from './store';
import { RELEASE_TAG } from '../contract';
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
  /** Free-form: attack settings, per-canary exposures, sample counts. Recorded, never compared. */
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

/** Parses results; every problem becomes a refusal reason (the evaluation, not the user, wrote them). */
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
      reasons: parsed.error.issues.map((i) => `results: ${i.path.join('.') || '(document)'}: ${i.message}`),
    };
  return { results: parsed.data, reasons: [] };
}

async function readResults(s3: S3Client, uri: string, versionId?: string): Promise<string> {
  const { bucket, key } = parseS3Uri(uri);
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return (res.Body as { transformToString(): Promise<string> }).transformToString();
}

async function tagReleased(s3: S3Client, model: { bucket: string; key: string; versionId: string }) {
  const current = await s3.send(
    new GetObjectTaggingCommand({ Bucket: model.bucket, Key: model.key, VersionId: model.versionId }),
  );
  const tags = (current.TagSet ?? []).filter((t) => t.Key !== RELEASE_TAG.key);
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
 * The release gate. Reads the results of the run's latest evaluation, compares them with the
 * project's thresholds and, only if every one passes, tags the exact model version that was
 * evaluated `isotrain:release=approved`. The decision is recorded either way.
 */
export async function releaseRun(
  store: RecordStore,
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  project: ProjectConfig,
  runId: string,
  by: string,
): Promise<{ record: RunRecord; release: ReleaseData }> {
  let { record } = await readRecord(store, runId);
  const thresholds = { ...project.privacy } as { [key: string]: Json };
  let evaluation = lastStep(record, 'evaluation');
  if (evaluation && !isTerminalStatus(evaluation.data.status)) {
    // The record may lag behind the job (evaluate without --wait): ask SageMaker.
    const job = await describeJob(clients.sagemaker, 'processing', evaluation.data.processingJobName);
    if (job.ProcessingJobStatus && job.ProcessingJobStatus !== evaluation.data.status) {
      let data: EvaluationData = { ...evaluation.data, status: job.ProcessingJobStatus };
      if (job.FailureReason) data = { ...data, failureReason: job.FailureReason };
      data = await withResultsVersion(clients.s3, data);
      record = (await appendStep(store, runId, { type: 'evaluation', by, data })).record;
      evaluation = lastStep(record, 'evaluation');
    }
  }

  let reasons: string[] = [];
  let results: PrivacyResults | undefined;
  const model = evaluation?.data.spec.model as { bucket: string; key: string; versionId: string } | undefined;
  // A record whose history was tampered with cannot vouch for its evaluation.
  const integrity = await verifyRun(store, runId, {
    project: project.name,
    lockMode: project.audit.objectLockMode,
  });
  if (!integrity.ok)
    reasons.push(`the run record fails verification (isotrain verify ${runId}): ${integrity.problems[0]}`);
  else if (!evaluation)
    reasons.push(`run '${runId}' has no privacy evaluation (run isotrain evaluate first)`);
  else if (evaluation.data.status !== 'Completed')
    reasons.push(
      `evaluation ${evaluation.data.processingJobName} is ${evaluation.data.status}, not Completed`,
    );
  else if (!model?.versionId) reasons.push('the evaluation does not record which model version it read');
  else {
    let text: string | undefined;
    try {
      text = await readResults(clients.s3, evaluation.data.resultsUri, evaluation.data.resultsVersionId);
    } catch (e) {
      reasons.push(
        `cannot read results ${evaluation.data.resultsUri}: ${(e as Error).name}: ${(e as Error).message}`,
      );
    }
    if (text !== undefined) {
      const parsed = parseResults(text);
      reasons = parsed.reasons;
      results = parsed.results;
      if (results) reasons = compareWithThresholds(results, project.privacy);
    }
  }

  const approved = reasons.length === 0 && !!model;
  const release: ReleaseData = {
    decision: approved ? 'approved' : 'refused',
    reasons,
    resultsUri: evaluation?.data.resultsUri ?? null,
    results: results ? (JSON.parse(JSON.stringify(results)) as { [key: string]: Json }) : null,
    thresholds,
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
