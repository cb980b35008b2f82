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
