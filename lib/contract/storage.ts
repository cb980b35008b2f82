import { jobNamePrefix } from './naming';

/**
 * Where things live inside a project's buckets and log groups: the prefixes the stacks' policies and
 * lifecycle rules name and the runtime code writes to. Inputs live in the training-data bucket,
 * everything a run produces in the artifact bucket.
 */

// ---- the training-data bucket: inputs ----

/** Datasets as uploaded (the uploader role writes here). Raw: they may hold personal data. */
export const DATASETS_PREFIX = 'datasets/';
/** Redacted datasets, written only by redaction jobs; with training.requireRedaction, the only data training reads. */
export const REDACTED_PREFIX = 'redacted/';
/** What a redaction job writes beside its redacted files (`<output>/<job>/data/...`): counts, never values. */
export const REDACTION_REPORT_FILE = 'report.json';
/** Where a redaction job puts the redacted files, under its own prefix `<output>/<job>/`. */
export const REDACTED_DATA_DIR = 'data/';
/** Training code tarballs, shared by runs: written by the project's publishers, never by the uploader. */
export const CODE_PREFIX = 'code/';
/** Base-model weights, shared by runs: written by the project's publishers, never by the uploader. */
export const BASE_MODELS_PREFIX = 'base-models/';

// ---- the serving capture bucket (issue 12) ----

/** Where an endpoint's captured requests and responses go: `capture/<endpoint>/...`; they expire (serving.captureDays). */
export const CAPTURE_PREFIX = 'capture/';

// ---- the artifact bucket: what runs produce ----

/** Where training jobs write their model: `models/<job>/output/model.tar.gz`. */
export const MODEL_PREFIX = 'models/';

/** Where training jobs write checkpoints; they expire (retention.checkpointDays). */
export const CHECKPOINT_PREFIX = 'checkpoints/';

/** Artifact-bucket prefix of evaluation outputs; `results.json` there is what release reads. */
export const EVALUATIONS_PREFIX = 'evaluations/';
export const RESULTS_FILE = 'results.json';

/** The key suffix SageMaker gives a training job's model: `<output path>/<job>/output/model.tar.gz`. */
export const MODEL_ARTIFACT_SUFFIX = 'output/model.tar.gz';

/**
 * The artifact-bucket prefixes a project's jobs write, one per kind of output, each narrowed to the
 * project's job names (`models/<project>--`, ...): the training role writes nothing else.
 */
export function jobOutputPrefixes(project: string): string[] {
  return [MODEL_PREFIX, CHECKPOINT_PREFIX, EVALUATIONS_PREFIX].map((p) => `${p}${jobNamePrefix(project)}`);
}

/** The training-data bucket's prefixes, each with who writes it. */
export const INPUT_PREFIXES = [DATASETS_PREFIX, REDACTED_PREFIX, CODE_PREFIX, BASE_MODELS_PREFIX] as const;

/** Audit-bucket prefix of run records, one key per run. */
export const RUNS_PREFIX = 'runs/';

/** Audit-bucket prefix of CloudTrail log files. */
export const TRAIL_PREFIX = 'cloudtrail';

/** The log group SageMaker writes training-job logs to; AWS fixes the name. */
export const SAGEMAKER_TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** Where processing jobs (evaluation, redaction) write their logs; AWS fixes the name. */
export const SAGEMAKER_PROCESSING_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';

// ---- redaction jobs' outputs (issue 13) ----

/** Every redaction job of a project is named `<project>--redact-<UTC yyyymmddhhmmss>-<4 hex>`. */
export function redactionJobPrefix(project: string): string {
  return `${jobNamePrefix(project)}redact-`;
}

/** A redaction job name as an IAM pattern: `?` is exactly one character, so it spans no `/`. */
function redactionJobGlob(project: string): string {
  return `${redactionJobPrefix(project)}${'?'.repeat(14)}-????`;
}

/**
 * The keys of a project's redaction reports, as IAM resource patterns (key part): a job's
 * `report.json` right under its own prefix, `redacted/<job>/report.json` or
 * `redacted/<...>/<job>/report.json`. The one set of objects of the training-data bucket read from
 * outside the project endpoint, by the redaction report role only (S3DataPerimeter).
 */
export function redactionReportKeys(project: string): string[] {
  const job = redactionJobGlob(project);
  return [
    `${REDACTED_PREFIX}${job}/${REDACTION_REPORT_FILE}`,
    `${REDACTED_PREFIX}*/${job}/${REDACTION_REPORT_FILE}`,
  ];
}

/**
 * Every redacted file of every redaction job of a project (`<...><job>/data/...`), as an IAM pattern.
 * A redacted file may itself be named like a report (`.../<job>/data/x/<job2>/report.json`, from an
 * upload laid out that way): this pattern covers it, and the perimeter denies it from outside whoever asks.
 */
export function redactedDataKeys(project: string): string {
  return `${REDACTED_PREFIX}*${redactionJobGlob(project)}/${REDACTED_DATA_DIR}*`;
}
