/**
 * Where things live inside a project's buckets and log groups: the prefixes the stacks' policies and
 * lifecycle rules name and the runtime code writes to.
 */

/** Artifact-bucket prefix where training jobs write checkpoints; they expire (retention.checkpointDays). */
export const CHECKPOINT_PREFIX = 'checkpoints/';

/** Artifact-bucket prefix of evaluation outputs; `results.json` there is what release reads. */
export const EVALUATIONS_PREFIX = 'evaluations/';
export const RESULTS_FILE = 'results.json';

/** The key suffix SageMaker gives a training job's model: `<output path>/<job>/output/model.tar.gz`. */
export const MODEL_ARTIFACT_SUFFIX = 'output/model.tar.gz';

/** Audit-bucket prefix of run records, one key per run. */
export const RUNS_PREFIX = 'runs/';

/** Audit-bucket prefix of CloudTrail log files. */
export const TRAIL_PREFIX = 'cloudtrail';

/** The log group SageMaker writes training-job logs to; AWS fixes the name. */
export const SAGEMAKER_TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** Where processing jobs (evaluation, redaction) write their logs; AWS fixes the name. */
export const SAGEMAKER_PROCESSING_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';
