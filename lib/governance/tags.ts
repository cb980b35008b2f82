/**
 * The release gate's tag: an artifact version carrying it may be read from outside the project
 * endpoint, by the project's deployment role only; only the release role may set or change it.
 */
export const RELEASE_TAG = { key: 'isotrain:release', value: 'approved' } as const;

/** Where evaluation jobs write under the artifact bucket; `results.json` there is what release reads. */
export const EVALUATIONS_PREFIX = 'evaluations/';
export const RESULTS_FILE = 'results.json';

/**
 * The lifecycle rule's wipe tag, kept here so the CLI does not load aws-cdk-lib to know it: the same
 * value as `WIPE_TAG` in constructs/secure-bucket.ts (test/governance/tags.test.ts keeps them equal).
 */
export const WIPE_TAG = { key: 'isotrain:wipe', value: 'true' } as const;
