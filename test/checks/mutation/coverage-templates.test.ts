/**
 * Template mutants (issue 9): each makes CloudFormation deploy something the check never reads, where a
 * way out could hide: content a transform, module or other template adds (Isolation-CFN1), or a value
 * resolved at deploy from SSM or Secrets Manager, which the rule of the place it stands in must judge as
 * anything it could be (see harness.ts).
 */
import { Mutant, Templates, add, fileOf, managed, mutationSuite, one } from './harness';

const include = (location: string) => ({ Name: 'AWS::Include', Parameters: { Location: location } });
const network = (t: Templates) => fileOf(t, 'AWS::EC2::VPC');
const data = (t: Templates) => one(t, 'AWS::S3::Bucket').file;
const subnet = (t: Templates) => ({ Ref: one(t, 'AWS::EC2::Subnet').id });

export const MUTANTS: Mutant[] = [
  {
    name: 'the data template includes a snippet from S3 (template-level AWS::Include)',
    rule: 'Isolation-CFN1',
    mutate: (t) => (t[data(t)].Transform = include('s3://templates-elsewhere/snippet.yaml')),
  },
  {
    name: 'the network template is processed by a macro',
    rule: 'Isolation-CFN1',
    mutate: (t) => (t[network(t)].Transform = ['AWS::LanguageExtensions', 'EgressMacro']),
  },
  {
    name: "the training security group's egress comes from an included snippet",
    rule: 'Isolation-CFN1',
    mutate: (t) => {
      const sg = one(t, 'AWS::EC2::SecurityGroup', (_r, id) => id.includes('Training'));
      sg.r.Properties.SecurityGroupEgress = [
        { 'Fn::Transform': include('s3://templates-elsewhere/egress.yaml') },
      ];
    },
  },
  {
    name: 'a nested stack from a template in S3, given nothing of the project',
    rule: 'Isolation-CFN1',
    mutate: (t) =>
      add(t, data(t), 'Nested', {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://s3.amazonaws.com/templates-elsewhere/nested.json' },
      }),
  },
  {
    name: 'a StackSet that deploys into another account',
    rule: 'Isolation-CFN1',
    mutate: (t) =>
      add(t, data(t), 'Spread', {
        Type: 'AWS::CloudFormation::StackSet',
        Properties: {
          StackSetName: 'spread',
          PermissionModel: 'SELF_MANAGED',
          TemplateURL: 'https://s3.amazonaws.com/templates-elsewhere/spread.json',
          StackInstancesGroup: [
            { DeploymentTargets: { Accounts: ['999988887777'] }, Regions: ['us-east-1'] },
          ],
        },
      }),
  },
  {
    name: 'a module in the network template, given a project subnet',
    rule: 'Isolation-CFN1',
    mutate: (t) =>
      add(t, network(t), 'Egress', {
        Type: 'Acme::Network::Egress::MODULE',
        Properties: { SubnetId: subnet(t) },
      }),
  },
  {
    name: 'a Service Catalog product provisioned from the data template',
    rule: 'Isolation-CFN1',
    mutate: (t) =>
      add(t, data(t), 'Product', {
        Type: 'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
        Properties: { ProductName: 'sync', ProvisioningArtifactName: 'v1' },
      }),
  },
  {
    name: 'a role trusts a principal read from SSM at deploy',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      one(t, 'AWS::IAM::Role', (_r, id) =>
        id.startsWith('TrainingRole'),
      ).r.Properties.AssumeRolePolicyDocument.Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '{{resolve:ssm:/shared/trusted-principal}}' },
        Action: 'sts:AssumeRole',
      }),
  },
  {
    name: 'the S3 endpoint admits writes to a bucket named in SSM',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      one(t, 'AWS::EC2::VPCEndpoint', (_r, id) =>
        id.startsWith('S3Endpoint'),
      ).r.Properties.PolicyDocument.Statement.push({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::{{resolve:ssm:/shared/bucket}}/*',
      }),
  },
  {
    name: 'the training role may write to a bucket named in SSM',
    rule: 'Isolation-IAM6',
    mutate: (t) =>
      managed(t, 'training-role').Statement.push({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::{{resolve:ssm:/shared/bucket}}/*',
      }),
  },
];

mutationSuite(MUTANTS);
