import { DataKeyUse } from '../../../../lib/checks/rules/kms/data-key-use';
import { KeyPolicyPrincipals } from '../../../../lib/checks/rules/kms/key-policy-principals';
import { DATA_KEY_POLICY, Statement } from '../../fixture';
import { res, tag } from '../../support';
import { flags, reasonsOf } from '../reasons';

const key =
  (statements: Statement[], purpose = 'data-key') =>
  (s: Parameters<Parameters<typeof reasonsOf>[1]>[0]) =>
    res(s, 'K', 'AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: statements },
      Tags: tag(purpose),
    });
const decrypt = DATA_KEY_POLICY[1];

describe('Isolation-KMS2: nobody outside the account uses the key', () => {
  test('passes the sealed data key policy', () => {
    expect(reasonsOf(KeyPolicyPrincipals, key(DATA_KEY_POLICY))).toEqual({});
  });
  test('fails when everyone is "restricted" by StringLike aws:PrincipalArn "*"', () => {
    const f = reasonsOf(
      KeyPolicyPrincipals,
      key([
        ...DATA_KEY_POLICY,
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': '*' } },
        },
      ]),
    );
    expect(flags(f, 'K', /^kms:Decrypt by a role of account 999988887777/)).toBe(true);
  });
  test('fails when a service may use the key for any account, and passes it bound by an encryption context', () => {
    const logs = {
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Decrypt*', 'kms:GenerateDataKey*'],
      Resource: '*',
    };
    expect(
      flags(
        reasonsOf(KeyPolicyPrincipals, key([logs], 'logs-key')),
        'K',
        /logs\.eu-west-1\.amazonaws\.com working for account 999988887777/,
      ),
    ).toBe(true);
    const bound = {
      ...logs,
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:*' },
      },
    };
    expect(reasonsOf(KeyPolicyPrincipals, key([bound], 'logs-key'))).toEqual({});
  });
  test('fails when another account named in the policy may decrypt', () => {
    const f = reasonsOf(
      KeyPolicyPrincipals,
      key([
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ]),
    );
    expect(flags(f, 'K', /by a role of account 444455556666/)).toBe(true);
  });
});

describe('Isolation-KMS3: a data key decrypts only through S3 or SageMaker', () => {
  test('passes the sealed data key policy', () => {
    expect(reasonsOf(DataKeyUse, key(DATA_KEY_POLICY))).toEqual({});
  });
  test('fails when the account may decrypt directly', () => {
    const f = reasonsOf(
      DataKeyUse,
      key([{ ...decrypt, Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }]),
    );
    expect(
      flags(f, 'K', /^kms:Decrypt and 1 more by an unknown administrator.*, e\.g\. called directly/),
    ).toBe(true);
    expect(flags(f, 'K', /^kms:Decrypt and 1 more by /)).toBe(true);
  });
  test('fails when any AWS service may decrypt for the caller', () => {
    const f = reasonsOf(
      DataKeyUse,
      key([{ ...decrypt, Condition: { StringLike: { 'kms:ViaService': '*.amazonaws.com' } } }]),
    );
    expect(flags(f, 'K', /via ec2\.eu-west-1\.amazonaws\.com/)).toBe(true);
  });
  test('fails when grants may go to principals', () => {
    const f = reasonsOf(
      DataKeyUse,
      key([...DATA_KEY_POLICY.slice(0, 3), { ...DATA_KEY_POLICY[3], Condition: undefined }]),
    );
    expect(flags(f, 'K', /^kms:CreateGrant by .* for a principal/)).toBe(true);
  });
  test('fails for a key without a policy (AWS gives the account everything)', () => {
    const f = reasonsOf(DataKeyUse, (s) =>
      res(s, 'K', 'AWS::KMS::Key', { EnableKeyRotation: true, Tags: tag('data-key') }),
    );
    expect(flags(f, 'K', /called directly/)).toBe(true);
  });
  test('does not apply to the logs key', () => {
    expect(
      reasonsOf(
        DataKeyUse,
        key(
          [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:root' },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
          'logs-key',
        ),
      ),
    ).toEqual({});
  });
});
