import { JOB_TAGS, PROJECT_TAGS, WIPE_TAG, WIPE_TAG as CONSTRUCT_WIPE_TAG } from '../../lib/contract';

test('the runtime tag keys are the ones the stacks and the launcher guardrails use', () => {
  expect(WIPE_TAG).toEqual(CONSTRUCT_WIPE_TAG);
  expect(JOB_TAGS.project).toBe(PROJECT_TAGS.project);
  expect(JOB_TAGS.dataClassification).toBe(PROJECT_TAGS.dataClassification);
});
