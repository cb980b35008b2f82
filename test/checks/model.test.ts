import { App, CfnMapping, CfnOutput, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { AppModel } from '../../lib/checks/model';
import { dataPerimeter } from './fixture';
import { ACCOUNT, REGION, arn, isolationFindings, ref, res } from './support';

/**
 * The resolver every rule relies on: which resources a value refers to, and whether it refers to
 * something the model cannot see (then rules are conservative). One app, three stacks:
 * `app-Data` holds the buckets and exports, `app-Other` an output with the same ID as one in
 * `app-Data`, and the stack the values are read from.
 */
const app = new App();
const env = { account: ACCOUNT, region: REGION };
const data = new Stack(app, 'Data', { env, stackName: 'app-Data' });
res(data, 'Bucket', 'AWS::S3::Bucket');
res(data, 'Named', 'AWS::S3::Bucket', { BucketName: 'my-data' });
res(data, 'Role', 'AWS::IAM::Role', { AssumeRolePolicyDocument: {} });
new CfnOutput(data, 'BucketArn', { value: Fn.getAtt('Bucket', 'Arn').toString(), exportName: 'bucket-arn' });
const other = new Stack(app, 'Other', { env, stackName: 'app-Other' });
res(other, 'Elsewhere', 'AWS::S3::Bucket');
new CfnOutput(other, 'BucketArn', { value: Fn.getAtt('Elsewhere', 'Arn').toString() });
const from = new Stack(app, 'From', { env, stackName: 'app-From' });
const reader = res(from, 'Reader', 'AWS::IAM::Policy');
res(from, 'Key', 'AWS::KMS::Key');
new CfnParameter(from, 'Param', { type: 'String' }).overrideLogicalId('Param');
new CfnMapping(from, 'Names', { mapping: { prod: { bucket: 'arn:aws:s3:::my-data/*' } } }).overrideLogicalId(
  'Names',
);

const model = AppModel.of(reader);
const byId = (id: string) => model.resources.find((r) => r.logicalId === id)!;
const ids = (value: unknown) =>
  model
    .references(value, from)
    .map((r) => r.logicalId)
    .sort();

const getAtt = (id: string) => arn(id);
const stackOutput = (stackName: string, outputName: string) => ({
  'Fn::GetStackOutput': { StackName: stackName, OutputName: outputName },
});

// [intrinsic, value, resources it refers to, whether it holds a reference the model cannot follow]
const CASES: [string, unknown, string[], boolean][] = [
  ['literal', 'arn:aws:s3:::somewhere/*', [], false],
  ['Ref to a resource', ref('Bucket'), ['Bucket'], false],
  ['Ref to a pseudo parameter', ref('AWS::AccountId'), [], false],
  ['Ref to a template parameter', ref('Param'), [], true],
  ['Ref to nothing', ref('Nope'), [], true],
  ['Fn::GetAtt list form', getAtt('Bucket'), ['Bucket'], false],
  ['Fn::GetAtt string form', { 'Fn::GetAtt': 'Bucket.Arn' }, ['Bucket'], false],
  ['Fn::GetAtt to nothing', getAtt('Nope'), [], true],
  ['Fn::Sub ${LogicalId}', { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' }, ['Bucket'], false],
  ['Fn::Sub ${LogicalId.Arn}', { 'Fn::Sub': '${Bucket.Arn}/*' }, ['Bucket'], false],
  ['Fn::Sub pseudo parameters', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x-${AWS::AccountId}' }, [], false],
  ['Fn::Sub ${!Literal} escape', { 'Fn::Sub': '${!Bucket}' }, [], false],
  ['Fn::Sub name of nothing', { 'Fn::Sub': '${Nope.Arn}/*' }, [], true],
  ['Fn::Sub variable map', { 'Fn::Sub': ['${B}/*', { B: getAtt('Bucket') }] }, ['Bucket'], false],
  ['Fn::Sub variable map, literal', { 'Fn::Sub': ['${B}/*', { B: 'arn:aws:s3:::x' }] }, [], false],
  ['Fn::Sub variable map to nothing', { 'Fn::Sub': ['${B}/*', { B: ref('Nope') }] }, [], true],
  ['Fn::Sub unused variable', { 'Fn::Sub': ['${Bucket.Arn}', { B: ref('Key') }] }, ['Bucket'], false],
  ['Fn::Join', { 'Fn::Join': ['', [getAtt('Bucket'), '/*']] }, ['Bucket'], false],
  [
    'Fn::Select (every element counts)',
    { 'Fn::Select': [0, [ref('Bucket'), ref('Key')]] },
    ['Bucket', 'Key'],
    false,
  ],
  [
    'Fn::If (both branches count)',
    { 'Fn::If': ['IsProd', ref('Bucket'), ref('Key')] },
    ['Bucket', 'Key'],
    false,
  ],
  ['Fn::Split', { 'Fn::Split': [',', { 'Fn::Sub': '${Bucket.Arn},x' }] }, ['Bucket'], false],
  ['Fn::Base64', { 'Fn::Base64': { 'Fn::Sub': '${Bucket}' } }, ['Bucket'], false],
  ['Fn::ToJsonString', { 'Fn::ToJsonString': { a: ref('Key') } }, ['Key'], false],
  ['Fn::Length', { 'Fn::Length': [ref('Key')] }, ['Key'], false],
  ['Fn::GetAZs', { 'Fn::GetAZs': ref('AWS::Region') }, [], false],
  ['Fn::Cidr', { 'Fn::Cidr': [ref('Param'), 2, 8] }, [], true],
  ['Fn::ImportValue of an export', { 'Fn::ImportValue': 'bucket-arn' }, ['Bucket'], false],
  ['Fn::ImportValue of a missing export', { 'Fn::ImportValue': 'no-such-export' }, [], true],
  ['Fn::GetStackOutput of a stack checked with it', stackOutput('app-Data', 'BucketArn'), ['Bucket'], false],
  ['Fn::GetStackOutput picks the named stack', stackOutput('app-Other', 'BucketArn'), ['Elsewhere'], false],
  // A stack that is not among the templates is unknown, never another stack's output of the same name.
  ['Fn::GetStackOutput of a stack not found', stackOutput('app-Missing', 'BucketArn'), [], true],
  ['Fn::FindInMap with literal keys', { 'Fn::FindInMap': ['Names', 'prod', 'bucket'] }, [], false],
  [
    'Fn::FindInMap with a computed key',
    { 'Fn::FindInMap': ['Names', ref('AWS::Region'), 'bucket'] },
    [],
    false,
  ],
  ['Fn::FindInMap of a missing mapping', { 'Fn::FindInMap': ['Nope', 'prod', 'bucket'] }, [], true],
  ['Fn::FindInMap of a missing key', { 'Fn::FindInMap': ['Names', 'test', 'bucket'] }, [], true],
  [
    'nested in a policy',
    { Statement: [{ Resource: [{ 'Fn::Sub': '${Bucket.Arn}/*' }, ref('Key')] }] },
    ['Bucket', 'Key'],
    false,
  ],
];

describe('references() and hasUnknownReference()', () => {
  test.each(CASES)('%s', (_name, value, expected, unknown) => {
    expect(ids(value)).toEqual(expected);
    expect(model.hasUnknownReference(value, from)).toBe(unknown);
  });
});

describe('refersTo()', () => {
  test.each([
    ['a reference', getAtt('Named'), true],
    ['its literal ARN', 'arn:aws:s3:::my-data/*', true],
    ['its literal name', 'my-data', true],
    ['a name that merely resembles it', 'arn:aws:s3:::my-data-copy/*', false],
    ['its ARN behind Fn::FindInMap', { 'Fn::FindInMap': ['Names', 'prod', 'bucket'] }, true],
    ['its ARN in a Fn::Sub variable', { 'Fn::Sub': ['${B}', { B: 'arn:aws:s3:::my-data' }] }, true],
    ['another bucket', getAtt('Bucket'), false],
  ])('a value refers to the named bucket by %s: %s', (_name, value, expected) => {
    expect(model.refersTo(value, byId('Named'), from)).toBe(expected);
  });
});

describe('deref(): the one resource a value stands for', () => {
  test.each([
    ['Ref', ref('Role'), 'Role'],
    ['Fn::GetAtt', getAtt('Role'), 'Role'],
    ['Fn::Sub of exactly ${Id.Arn}', { 'Fn::Sub': '${Role.Arn}' }, 'Role'],
    ['Fn::Sub of exactly one variable', { 'Fn::Sub': ['${R}', { R: getAtt('Role') }] }, 'Role'],
    ['Fn::Sub with more text', { 'Fn::Sub': 'x-${Role}' }, undefined],
    ['Fn::GetStackOutput', stackOutput('app-Data', 'BucketArn'), 'Bucket'],
    ['Fn::GetStackOutput of a stack not found', stackOutput('app-Missing', 'BucketArn'), undefined],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'bucket-arn' }, 'Bucket'],
    ['a literal', 'arn:aws:iam::111122223333:role/x', undefined],
  ])('%s', (_name, value, expected) => {
    expect(model.deref(value, from)?.logicalId).toBe(expected);
  });
});

describe('Isolation-LAMBDA1 follows Fn::Sub to the data bucket', () => {
  const lambdaReading = (resource: unknown) =>
    isolationFindings((s) => {
      dataPerimeter(s);
      res(s, 'FnRole', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: {},
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] },
          },
        ],
      });
      res(s, 'Fn', 'AWS::Lambda::Function', { Role: arn('FnRole'), Code: { ZipFile: 'x' } });
    })['Isolation-LAMBDA1'];

  test.each([
    ['${Data.Arn}/*', { 'Fn::Sub': '${Data.Arn}/*' }],
    ['arn:aws:s3:::${Data}/*', { 'Fn::Sub': 'arn:aws:s3:::${Data}/*' }],
    ['the variable map', { 'Fn::Sub': ['${B}/*', { B: arn('Data') }] }],
    ['a name the model cannot follow', { 'Fn::Sub': 'arn:aws:s3:::${SomeParameter}/*' }],
  ])('fails when the function reads the data bucket through Fn::Sub: %s', (_name, resource) => {
    expect(lambdaReading(resource)).toEqual(['Fn']);
  });

  test('passes when the Fn::Sub ARN is another, literal bucket', () => {
    expect(lambdaReading({ 'Fn::Sub': 'arn:aws:s3:::public-assets-${AWS::AccountId}/*' })).toBeUndefined();
  });
});
