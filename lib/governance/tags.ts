/**
 * The release gate's tag: an artifact version carrying it may be read from outside the project
 * endpoint, by the project's deployment role only; only the release role may set or change it.
 */
export const RELEASE_TAG = { key: 'isotrain:release', value: 'approved' } as const;

/** Where evaluation jobs write under the artifact bucket; `results.json` there is what release reads. */
export const EVALUATIONS_PREFIX = 'evaluations/';
export const RESULTS_FILE = 'results.json';

/**
 * Tag keys the runtime needs, kept here so the CLI does not load aws-cdk-lib to know them. They are
 * the same values as `WIPE_TAG` (constructs/secure-bucket.ts) and `PROJECT_TAGS`
 * (lib/project-stage.ts); test/governance/tags.test.ts keeps them equal.
 */
export const WIPE_TAG = { key: 'isotrain:wipe', value: 'true' } as const;
export const PROJECT_TAG = 'isotrain:project';
export const DATA_CLASSIFICATION_TAG = 'isotrain:data-classification';
