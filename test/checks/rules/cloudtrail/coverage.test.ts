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

describe('Isolation-TRAIL2 management events of every region, global services included', () => {
  const trail = (extra: Record<string, unknown>, other?: Record<string, unknown>) =>
    findingsOf((s) => {
      const base = {
        IsLogging: true,
        EnableLogFileValidation: true,
        KMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1',
        S3BucketName: 'audit',
      };
      res(s, 'Trail', 'AWS::CloudTrail::Trail', { ...base, ...extra });
      if (other) res(s, 'Other', 'AWS::CloudTrail::Trail', { ...base, ...other });
    })['Isolation-TRAIL2'];
  const ONE_REGION =
    "management events of one region only: IAM and STS calls (recorded in us-east-1) and the account's activity in other regions go unrecorded";
  // A data-events-only trail, as the invocation trail of endpoints is.
  const dataOnly = {
    IncludeGlobalServiceEvents: false,
    AdvancedEventSelectors: [
      {
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::SageMaker::Endpoint'] },
        ],
      },
    ],
  };
  test('passes a multi-region trail that records global service events (their default)', () => {
    expect(trail({ IsMultiRegionTrail: true })).toBeUndefined();
    expect(trail({ IsMultiRegionTrail: 'true', IncludeGlobalServiceEvents: true })).toBeUndefined();
  });
  test('fails when the trail records no IAM and STS calls', () => {
    expect(trail({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false })).toEqual([
      'Trail: global service events (IAM, STS) are not recorded',
    ]);
  });
  test("fails when the trail records one region (CloudFormation's default)", () => {
    expect(trail({})).toEqual([`Trail: ${ONE_REGION}`]);
    expect(trail({ IsMultiRegionTrail: false })).toEqual([`Trail: ${ONE_REGION}`]);
    expect(trail({ IsMultiRegionTrail: 'false', IncludeGlobalServiceEvents: false })).toEqual([
      'Trail: global service events (IAM, STS) are not recorded',
      `Trail: ${ONE_REGION}`,
    ]);
  });
  test('fails a single-region trail of management events selected by an advanced selector', () => {
    const management = [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];
    expect(trail({ AdvancedEventSelectors: management })).toEqual([`Trail: ${ONE_REGION}`]);
    expect(trail({ AdvancedEventSelectors: management, IsMultiRegionTrail: true })).toBeUndefined();
  });
  test('passes a single-region trail of data events beside a multi-region project trail', () => {
    expect(trail({ IsMultiRegionTrail: true }, dataOnly)).toBeUndefined();
    expect(
      trail(
        { IsMultiRegionTrail: true },
        { EventSelectors: [{ IncludeManagementEvents: false, DataResources: [] }] },
      ),
    ).toBeUndefined();
  });
  test('fails a trail of data events when no trail of the app records management events everywhere', () => {
    expect(trail(dataOnly)).toEqual([
      'Trail: no trail of the app records management events of every region, global services (IAM, STS) included',
    ]);
    expect(trail(dataOnly, {})).toEqual([
      'Trail: no trail of the app records management events of every region, global services (IAM, STS) included',
      'Other: ' + ONE_REGION,
    ]);
  });
});
