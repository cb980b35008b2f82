import { ISOLATION_RULES } from '../../../../lib/checks/rules';
import { COPY_PROTECTIONS, NOT_ABOUT_COPIES } from '../../../../lib/checks/rules/s3/copy-protections';

test('every bucket rule is classified: a replica must pass it, or it is not about copies', () => {
  const bucketRules = ISOLATION_RULES.filter((r) => r.types.includes('AWS::S3::Bucket')).map((r) => r.id);
  const classified = [...COPY_PROTECTIONS.map((r) => r.id), ...NOT_ABOUT_COPIES];
  expect(bucketRules.filter((id) => !classified.includes(id))).toEqual([]);
  expect(COPY_PROTECTIONS.every((r) => ISOLATION_RULES.includes(r))).toBe(true);
});
