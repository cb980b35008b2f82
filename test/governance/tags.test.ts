import { WIPE_TAG as CONSTRUCT_WIPE_TAG } from '../../constructs/secure-bucket';
import { PROJECT_TAGS } from '../../lib/project-stage';
import { DATA_CLASSIFICATION_TAG, PROJECT_TAG, WIPE_TAG } from '../../lib/governance/tags';

test('the runtime tag keys are the ones the stacks use (the lifecycle rule and project tags)', () => {
  expect(WIPE_TAG).toEqual(CONSTRUCT_WIPE_TAG);
  expect(PROJECT_TAG).toBe(PROJECT_TAGS.project);
  expect(DATA_CLASSIFICATION_TAG).toBe(PROJECT_TAGS.dataClassification);
});
