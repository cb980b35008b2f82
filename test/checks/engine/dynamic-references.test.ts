import { deployTimeValue, dynamicReferencesUnknown } from '../../../lib/checks/engine/dynamic-references';

const SSM = '{{resolve:ssm:/net/endpoint}}';
const SECRET = '{{resolve:secretsmanager:db:SecretString:password}}';

describe('dynamicReferencesUnknown', () => {
  test.each([
    ['a string that is one reference', SSM, deployTimeValue(SSM)],
    [
      'text around references',
      `arn:aws:s3:::${SSM}/${SECRET}`,
      { 'Fn::Join': ['', ['arn:aws:s3:::', deployTimeValue(SSM), '/', deployTimeValue(SECRET)]] },
    ],
    ['a plain string', 'arn:aws:s3:::bucket', 'arn:aws:s3:::bucket'],
    ['braces that are no dynamic reference', '{{not:resolve}}', '{{not:resolve}}'],
    ['a number', 443, 443],
  ])('%s', (_case, value, expected) => {
    expect(dynamicReferencesUnknown(value)).toEqual(expected);
  });

  test('replaces references at any depth and leaves the rest as it was', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: SSM }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', SSM] } } },
      ],
    };
    expect(dynamicReferencesUnknown(policy)).toEqual({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: deployTimeValue(SSM) }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Deny',
          Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', deployTimeValue(SSM)] } },
        },
      ],
    });
  });
});
