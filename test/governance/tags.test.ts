import { WIPE_TAG as CONSTRUCT_WIPE_TAG } from '../../constructs/secure-bucket';
import { PROJECT_TAGS } from '../../lib/project-stage';
import { JOB_TAGS } from '../../lib/launcher/guardrails';
import { WIPE_TAG } from '../../lib/governance/tags';

test('the runtime tag keys are the ones the stacks and the launcher guardrails use', () => {
  expect(WIPE_TAG).toEqual(CONSTRUCT_WIPE_TAG);
  expect(JOB_TAGS.project).toBe(PROJECT_TAGS.project);
  expect(JOB_TAGS.dataClassification).toBe(PROJECT_TAGS.dataClassification);
});
