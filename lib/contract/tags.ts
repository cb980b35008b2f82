/**
 * Tag keys and values isotrain writes and reads. The stacks write them, the checks recognise
 * resources by them, the launcher and the governance commands key access and wiping on them.
 */

/** Tag keys every resource of a project carries. */
export const PROJECT_TAGS = {
  project: 'isotrain:project',
  owner: 'isotrain:owner',
  dataClassification: 'isotrain:data-classification',
} as const;

/** The tag keys the launcher sets on every job. */
export const JOB_TAGS = {
  project: PROJECT_TAGS.project,
  dataClassification: PROJECT_TAGS.dataClassification,
  launchedBy: 'isotrain:launched-by',
  spec: 'isotrain:job-spec',
} as const;

/**
 * The release gate's tag: an artifact version carrying it may be read from outside the project
 * endpoint, by the project's deployment role only; only the release role may set or change it.
 */
export const RELEASE_TAG = { key: 'isotrain:release', value: 'approved' } as const;

/** The tag that marks an object for deletion within a day (the buckets' wipe lifecycle rule). */
export const WIPE_TAG = { key: 'isotrain:wipe', value: 'true' } as const;

/**
 * Marks a model artifact version that has not been released. The artifact bucket expires objects
 * carrying it after `retention.unreleasedModelDays` (S3 lifecycle filters can select a tag but never
 * exclude one, so "everything but released" has to be written as "everything tagged unreleased").
 * The run's finalize step sets it on the versions its training job wrote; `release` replaces it with
 * the release tag in the same PutObjectVersionTagging call.
 */
export const UNRELEASED_TAG = { key: 'isotrain:artifact', value: 'unreleased' } as const;

/**
 * On the training-data bucket: whether the project trains only on redacted data
 * (`training.requireRedaction`), so that a check of the templates alone (`isotrain check --template`)
 * knows raw uploads must be unreadable to every principal but the redaction role (Isolation-S3RAW).
 */
export const REDACTION_GATE_TAG = { key: 'isotrain:require-redaction', on: 'true', off: 'false' } as const;
