import { dataPerimeter } from '../fixture';
import { isolationFindings, res } from '../support';

describe('Isolation-KMS1 rotation', () => {
  test('passes a rotating key', () => {
    expect(isolationFindings((s) => dataPerimeter(s))['Isolation-KMS1']).toBeUndefined();
  });
  test('fails when rotation is off', () => {
    const f = isolationFindings((s) =>
      res(s, 'K', 'AWS::KMS::Key', { EnableKeyRotation: false, KeyPolicy: { Statement: [] } }),
    );
    expect(f['Isolation-KMS1']).toEqual(['K']);
  });
  test('does not apply to asymmetric keys', () => {
    const f = isolationFindings((s) =>
      res(s, 'K', 'AWS::KMS::Key', {
        KeySpec: 'RSA_2048',
        KeyUsage: 'SIGN_VERIFY',
        KeyPolicy: { Statement: [] },
      }),
    );
    expect(f['Isolation-KMS1']).toBeUndefined();
  });
});

describe('Isolation-KMS2 key policy', () => {
  const key =
    (statement: Record<string, unknown>) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
      res(s, 'K', 'AWS::KMS::Key', { EnableKeyRotation: true, KeyPolicy: { Statement: [statement] } });
  test('passes this account and a service scoped by SourceAccount', () => {
    expect(
      isolationFindings(
        key({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        }),
      )['Isolation-KMS2'],
    ).toBeUndefined();
  });
  test('passes * with a kms:CallerAccount condition', () => {
    const f = isolationFindings(
      key({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
      }),
    );
    expect(f['Isolation-KMS2']).toBeUndefined();
  });
  test('fails when * may use the key without a condition', () => {
    expect(
      isolationFindings(
        key({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }),
      )['Isolation-KMS2'],
    ).toEqual(['K']);
  });
  test('fails when another account may use the key', () => {
    expect(
      isolationFindings(
        key({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999988887777:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
        }),
      )['Isolation-KMS2'],
    ).toEqual(['K']);
  });
});

describe('Isolation-TRAIL1 data events cover every data bucket', () => {
  test('passes a bucket named in a validated, encrypted trail', () => {
    expect(isolationFindings((s) => dataPerimeter(s))['Isolation-TRAIL1']).toBeUndefined();
  });
  test('passes an advanced selector on all S3 objects', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: undefined,
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Data'] },
                { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              ],
            },
          ],
        }),
      }),
    );
    expect(f['Isolation-TRAIL1']).toBeUndefined();
  });
  test('fails when the bucket is left out of the data events', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: [
            {
              ReadWriteType: 'All',
              DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::other/'] }],
            },
          ],
        }),
      }),
    );
    expect(f['Isolation-TRAIL1']).toEqual(['Data']);
  });
  test('fails when only writes are recorded', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        trail: (p) => ({
          ...p,
          EventSelectors: [{ ...(p.EventSelectors as object[])[0], ReadWriteType: 'WriteOnly' }],
        }),
      }),
    );
    expect(f['Isolation-TRAIL1']).toEqual(['Data']);
  });
  test('fails when the covering trail does not validate log files', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, { trail: (p) => ({ ...p, EnableLogFileValidation: false }) }),
    );
    expect(f['Isolation-TRAIL1']).toEqual(['Data']);
  });
});

describe('Isolation-TRAIL2 trail integrity', () => {
  test('passes a validated, encrypted trail', () => {
    expect(isolationFindings((s) => dataPerimeter(s))['Isolation-TRAIL2']).toBeUndefined();
  });
  test('fails when the trail is not KMS-encrypted', () => {
    const f = isolationFindings((s) => dataPerimeter(s, { trail: (p) => ({ ...p, KMSKeyId: undefined }) }));
    expect(f['Isolation-TRAIL2']).toEqual(['Trail']);
  });
});

describe('Isolation-LOG1 and LOG2 log groups', () => {
  test('passes an encrypted log group with a retention', () => {
    const f = isolationFindings((s) =>
      res(s, 'L', 'AWS::Logs::LogGroup', {
        KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234',
        RetentionInDays: 365,
      }),
    );
    expect(f['Isolation-LOG1']).toBeUndefined();
    expect(f['Isolation-LOG2']).toBeUndefined();
  });
  test('fails when the log group is not encrypted', () => {
    expect(
      isolationFindings((s) => res(s, 'L', 'AWS::Logs::LogGroup', { RetentionInDays: 365 }))[
        'Isolation-LOG1'
      ],
    ).toEqual(['L']);
  });
  test('fails when the log group keeps events forever', () => {
    expect(
      isolationFindings((s) => res(s, 'L', 'AWS::Logs::LogGroup', { KmsKeyId: 'k' }))['Isolation-LOG2'],
    ).toEqual(['L']);
  });
});
