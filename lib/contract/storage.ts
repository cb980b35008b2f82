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
