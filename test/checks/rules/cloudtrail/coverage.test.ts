import { dataPerimeter } from '../../fixture';
import { arn, findingsOf, res, tag } from '../coverage-support';

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

describe('Isolation-TRAIL1 data events cover whole buckets', () => {
  const values = (v: unknown[], rw = 'All') =>
    findingsOf((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: [{ ReadWriteType: rw, DataResources: [{ Type: 'AWS::S3::Object', Values: v }] }],
        }),
      }),
    )['Isolation-TRAIL1'];
  test('passes "<bucket ARN>/" and all buckets', () => {
    expect(values([join(arn('Data'), '/')])).toBeUndefined();
    expect(values(['arn:aws:s3'])).toBeUndefined();
  });
  test('fails when the selector names a prefix of the bucket', () => {
    expect(values([join(arn('Data'), '/datasets/')])).toEqual(['Data']);
  });
  test('fails when only writes are recorded', () => {
    expect(values([join(arn('Data'), '/')], 'WriteOnly')).toEqual(['Data']);
  });
  test('passes reads and writes recorded by two selectors', () => {
    const f = findingsOf((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: ['ReadOnly', 'WriteOnly'].map((rw) => ({
            ReadWriteType: rw,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [join(arn('Data'), '/')] }],
          })),
        }),
      }),
    );
    expect(f['Isolation-TRAIL1']).toBeUndefined();
  });
  test('fails when an advanced selector narrows to a prefix', () => {
    const f = findingsOf((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: undefined,
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Data'] },
                { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
                { Field: 'resources.ARN', StartsWith: [join(arn('Data'), '/datasets/')] },
              ],
            },
          ],
        }),
      }),
    );
    expect(f['Isolation-TRAIL1']).toEqual(['Data']);
  });
});

describe('Isolation-TRAIL3 run-record writes are recorded', () => {
  const audit = (selectors: unknown[]) =>
    findingsOf((s) => {
      res(s, 'Audit', 'AWS::S3::Bucket', { Tags: tag('audit') });
      res(s, 'Trail', 'AWS::CloudTrail::Trail', {
        IsLogging: true,
        EnableLogFileValidation: true,
        KMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1',
        S3BucketName: { Ref: 'Audit' },
        EventSelectors: selectors,
      });
    })['Isolation-TRAIL3'];
  const writes = (value: unknown, rw = 'WriteOnly') => [
    { ReadWriteType: rw, DataResources: [{ Type: 'AWS::S3::Object', Values: [value] }] },
  ];
  test('passes writes recorded under runs/ or on the whole bucket', () => {
    expect(audit(writes(join(arn('Audit'), '/runs/')))).toBeUndefined();
    expect(audit(writes(join(arn('Audit'), '/'), 'All'))).toBeUndefined();
  });
  test('fails when no selector records them', () => {
    expect(audit([{ ReadWriteType: 'All' }])).toEqual(['Audit: writes to runs/ are not recorded']);
  });
  test('fails when only reads are recorded, or another prefix', () => {
    expect(audit(writes(join(arn('Audit'), '/runs/'), 'ReadOnly'))).toEqual([
      'Audit: writes to runs/ are not recorded',
    ]);
    expect(audit(writes(join(arn('Audit'), '/runs/2026/')))).toEqual([
      'Audit: writes to runs/ are not recorded',
    ]);
  });
});

describe('Isolation-TRAIL2 global service events', () => {
  const trail = (extra: Record<string, unknown>) =>
    findingsOf((s) =>
      res(s, 'Trail', 'AWS::CloudTrail::Trail', {
        IsLogging: true,
        EnableLogFileValidation: true,
        KMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1',
        S3BucketName: 'audit',
        ...extra,
      }),
    )['Isolation-TRAIL2'];
  test('passes a trail that records them (the default)', () => {
    expect(trail({})).toBeUndefined();
  });
  test('fails when no trail records IAM and STS calls', () => {
    expect(trail({ IncludeGlobalServiceEvents: false })).toEqual([
      'Trail: global service events (IAM, STS) are not recorded',
    ]);
  });
});
