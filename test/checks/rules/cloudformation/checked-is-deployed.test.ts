import { NestedStack } from 'aws-cdk-lib';
import { findingsOf, res } from '../coverage-support';

const cfn1 = (build: Parameters<typeof findingsOf>[0]) => findingsOf(build)['Isolation-CFN1'];
const include = (location: string) => ({ Name: 'AWS::Include', Parameters: { Location: location } });

describe('Isolation-CFN1 what deploys is what was checked', () => {
  test('passes plain resources', () => {
    expect(
      cfn1((s) => {
        res(s, 'Topic', 'AWS::SNS::Topic', { TopicName: 'alerts' });
        res(s, 'Group', 'AWS::Logs::LogGroup', { RetentionInDays: 365 });
      }),
    ).toBeUndefined();
  });

  test('fails Fn::Transform anywhere in a resource, naming where', () => {
    expect(
      cfn1((s) => {
        res(s, 'Sg', 'AWS::EC2::SecurityGroup', {
          GroupDescription: 'training',
          SecurityGroupEgress: [{ 'Fn::Transform': include('s3://elsewhere/egress.yaml') }],
        });
        res(s, 'Topic', 'AWS::SNS::Topic', { 'Fn::Transform': { Name: 'MyMacro' } });
      }),
    ).toEqual([
      'Sg: SecurityGroupEgress(0): Fn::Transform AWS::Include',
      'Topic: Properties: Fn::Transform MyMacro',
    ]);
  });

  test("fails the template's own Transform once, on its first resource", () => {
    expect(
      cfn1((s) => {
        s.addTransform('AWS::Serverless-2016-10-31');
        s.addTransform('MyMacro');
        res(s, 'First', 'AWS::SNS::Topic', {});
        res(s, 'Second', 'AWS::SNS::Topic', {});
      }),
    ).toEqual(["First: the template's Transform AWS::Serverless-2016-10-31, MyMacro"]);
  });

  test.each([
    [
      'AWS::CloudFormation::Stack',
      { TemplateURL: 'https://s3.amazonaws.com/elsewhere/t.json' },
      /nested stack/,
    ],
    [
      'AWS::CloudFormation::StackSet',
      { StackSetName: 's', PermissionModel: 'SELF_MANAGED' },
      /other accounts/,
    ],
    [
      'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
      { ProductName: 'p', ProvisioningArtifactName: 'v1' },
      /provisioned product/,
    ],
    ['Acme::Network::Egress::MODULE', { VpcId: 'vpc-1' }, /a module/],
  ])('fails %s', (type, props, reason) => {
    const found = cfn1((s) => res(s, 'Other', type, props));
    expect(found).toHaveLength(1);
    expect(found?.[0]).toMatch(reason);
  });

  test('passes a CDK nested stack of the checked app: its resources are checked with it', () => {
    const found = findingsOf((s) => {
      const nested = new NestedStack(s, 'Nested');
      res(nested, 'Inner', 'AWS::SNS::Topic', {});
    });
    expect(found['Isolation-CFN1']).toBeUndefined();
  });
});
