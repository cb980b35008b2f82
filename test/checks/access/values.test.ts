import { App, CfnOutput, CfnParameter, Stack } from 'aws-cdk-lib';
import { Inventory } from '../../../lib/checks/access/inventory';
import { UNKNOWN_ACCOUNT } from '../../../lib/checks/access/values';
import { AppModel } from '../../../lib/checks/model';
import { ACCOUNT, REGION, res } from '../support';

/** Two stacks, the second reading the first's outputs; returns a resolver over the app. */
function app(env: { account?: string; region?: string } = { account: ACCOUNT, region: REGION }) {
  const a = new App();
  const keys = new Stack(a, 'Keys', { env, stackName: 'legal-Keys' });
  const data = new Stack(a, 'Data', { env, stackName: 'legal-Data' });
  res(keys, 'Key', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] } });
  new CfnOutput(keys, 'KeyArn', {
    value: keys.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }) as string,
    exportName: 'legal-key-arn',
  }).overrideLogicalId('KeyArn');
  const role = res(data, 'Role', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [] },
    Path: '/jobs/',
  });
  res(data, 'Named', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [] },
    RoleName: 'approvers',
  });
  res(data, 'Bucket', 'AWS::S3::Bucket', {});
  res(data, 'Endpoint', 'AWS::EC2::VPCEndpoint', {
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.eu-west-1.s3',
  });
  new CfnParameter(data, 'Outside', { type: 'String' }).overrideLogicalId('Outside');
  AppModel.reset(role);
  const inv = Inventory.of(role);
  return (value: unknown) => inv.symbols.resolve(value, data);
}

describe('values as the evaluator compares them', () => {
  const resolve = app();
  test.each([
    [{ Ref: 'Bucket' }, '<Bucket>'],
    [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'arn:aws:s3:::<Bucket>'],
    [{ 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::111122223333:role/jobs/<Role>'],
    [{ 'Fn::GetAtt': ['Named', 'Arn'] }, 'arn:aws:iam::111122223333:role/approvers'],
    [{ Ref: 'Endpoint' }, 'vpce-<Endpoint>'],
    [
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/datasets/*']] },
      'arn:aws:s3:::<Bucket>/datasets/*',
    ],
    [
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/x-${AWS::Region}' },
      'arn:aws:s3:::<Bucket>/x-eu-west-1',
    ],
    [
      { 'Fn::Sub': ['${A}-${Bucket.Arn}', { A: { Ref: 'AWS::AccountId' } }] },
      '111122223333-arn:aws:s3:::<Bucket>',
    ],
    [
      { 'Fn::GetStackOutput': { StackName: 'legal-Keys', OutputName: 'KeyArn' } },
      'arn:aws:kms:eu-west-1:111122223333:key/<Key>',
    ],
    [{ 'Fn::ImportValue': 'legal-key-arn' }, 'arn:aws:kms:eu-west-1:111122223333:key/<Key>'],
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
  ])('%j resolves to %s', (value, expected) => {
    expect(resolve(value)).toBe(expected);
  });
  test.each([
    [{ Ref: 'Outside' }],
    [{ 'Fn::ImportValue': 'nobody-exports-this' }],
    [{ 'Fn::GetStackOutput': { StackName: 'another-app', OutputName: 'KeyArn' } }],
    [{ 'Fn::If': ['Cond', 'a', 'b'] }],
    [{ 'Fn::GetAtt': ['Bucket', 'WebsiteURL'] }],
  ])('%j is an unknown value', (value) => {
    expect(resolve(value)).toMatch(/^\{\{unknown:.*\}\}$/);
  });
  test('an account the templates do not know is a name no 12-digit account matches', () => {
    const r = app({});
    expect(r({ Ref: 'AWS::AccountId' })).toBe(UNKNOWN_ACCOUNT);
    expect(r({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(`arn:aws:iam::${UNKNOWN_ACCOUNT}:role/jobs/<Role>`);
  });
});
