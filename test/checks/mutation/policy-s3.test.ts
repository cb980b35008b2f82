/**
 * Policy mutants of the data perimeter (issue 9): bucket policies, the S3 endpoint and exports. Each is
 * one way for data to leave the sealed test project; the rule named must flag it (see harness.ts).
 */
import { Json, Mutant, Templates, add, bucket, fileOf, mutationSuite, one, policyOf } from './harness';
import {
  artifactsPolicy,
  auditPolicy,
  dataPolicy,
  dropSid,
  roleArn,
  s3Endpoint,
  sid,
} from './policy-support';

const OUTSIDE = 'DenyObjectReadsOutsideTheProjectEndpoint';
const objects = (t: Templates, purpose: string, suffix = '/*') => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket(t, purpose).id, 'Arn'] }, suffix]],
});

/** A second VPC with an internet gateway and its own S3 gateway endpoint, in the Data template. */
function internetConnectedEndpoint(t: Templates): Json {
  const file = fileOf(t, 'AWS::S3::Bucket');
  add(t, file, 'OtherVpc', { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.99.0.0/16' } });
  add(t, file, 'OtherIgw', { Type: 'AWS::EC2::InternetGateway' });
  add(t, file, 'OtherIgwAttachment', {
    Type: 'AWS::EC2::VPCGatewayAttachment',
    Properties: { VpcId: { Ref: 'OtherVpc' }, InternetGatewayId: { Ref: 'OtherIgw' } },
  });
  add(t, file, 'OtherS3Endpoint', {
    Type: 'AWS::EC2::VPCEndpoint',
    Properties: {
      VpcId: { Ref: 'OtherVpc' },
      ServiceName: 'com.amazonaws.eu-west-1.s3',
      VpcEndpointType: 'Gateway',
    },
  });
  return { Ref: 'OtherS3Endpoint' };
}

export const MUTANTS: Mutant[] = [
  {
    name: 'the perimeter Deny removed',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => dropSid(dataPolicy(t), OUTSIDE),
  },
  {
    name: 'the perimeter Deny removed and Isolation-S3VPCE acknowledged in the template metadata',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      dropSid(dataPolicy(t), OUTSIDE);
      const ack = { rules_to_suppress: [{ id: 'Isolation-S3VPCE', reason: 'reviewed' }] };
      const b = bucket(t, 'training-data');
      b.r.Metadata = { ...b.r.Metadata, cdk_nag: ack };
      const p = one(t, 'AWS::S3::BucketPolicy', (r) => r.Properties.Bucket?.Ref === b.id);
      p.r.Metadata = { ...p.r.Metadata, cdk_nag: ack };
    },
  },
  {
    name: 'the perimeter Deny narrowed to a prefix nobody uses',
    rule: 'Isolation-S3VPCE',
    mutate: (t) =>
      (sid(dataPolicy(t), OUTSIDE).Resource = objects(t, 'training-data', '/nobody-uses-this/*')),
  },
  {
    name: 'a second aws:SourceVpce value: an endpoint of another account',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const c = sid(dataPolicy(t), OUTSIDE).Condition.StringNotEquals;
      c['aws:SourceVpce'] = [c['aws:SourceVpce'], 'vpce-0a1b2c3d4e5f60718'];
    },
  },
  {
    name: 'a second aws:SourceVpce value: an endpoint in another, internet-connected VPC',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const c = sid(artifactsPolicy(t), OUTSIDE).Condition.StringNotEquals;
      c['aws:SourceVpce'] = [c['aws:SourceVpce'], internetConnectedEndpoint(t)];
    },
  },
  {
    name: 'the deployment role, exempted, "confined" by a Deny that names another principal',
    rule: 'Isolation-S3VPCE',
    mutate: (t) =>
      (sid(artifactsPolicy(t), 'DenyUnreleasedReadsOutsideTheProjectEndpoint').Condition.ArnEquals = {
        'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/nobody',
      }),
  },
  {
    name: 'the release role, exempted, "confined" to every object',
    rule: 'Isolation-S3VPCE',
    mutate: (t) =>
      (sid(artifactsPolicy(t), 'DenyReleaseRoleReadsBeyondResultsOutsideTheProjectEndpoint').NotResource =
        objects(t, 'artifacts')),
  },
  {
    name: 'replication reads (GetObjectVersionForReplication) left out of the perimeter Deny',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const s = sid(dataPolicy(t), OUTSIDE);
      s.Action = s.Action.filter((a: string) => a !== 's3:GetObjectVersionForReplication');
    },
  },
  {
    name: 'reads through an AWS service (Athena) exempted from the perimeter',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => (sid(dataPolicy(t), OUTSIDE).Condition.BoolIfExists = { 'aws:ViaAWSService': 'false' }),
  },
  {
    name: 'the perimeter Deny exempts principals tagged for the project',
    rule: 'Isolation-S3VPCE',
    mutate: (t) =>
      (sid(dataPolicy(t), OUTSIDE).Condition.StringNotEquals['aws:PrincipalTag/isotrain:project'] = 'legal'),
  },
  {
    name: 'replication configuration no longer denied on the training data',
    rule: 'Isolation-S3EXPORT2',
    mutate: (t) => {
      const s = sid(dataPolicy(t), 'DenyExportConfigurations');
      s.Action = s.Action.filter((a: string) => a !== 's3:PutReplicationConfiguration');
    },
  },
  {
    name: 'inventory configuration allowed on the audit bucket',
    rule: 'Isolation-S3EXPORT2',
    mutate: (t) => {
      const s = sid(auditPolicy(t), 'DenyExportConfigurations');
      s.Action = s.Action.filter((a: string) => a !== 's3:PutInventoryConfiguration');
    },
  },
  {
    name: 'the export Deny applies to the uploader only',
    rule: 'Isolation-S3EXPORT2',
    mutate: (t) =>
      (sid(artifactsPolicy(t), 'DenyExportConfigurations').Condition = {
        ArnEquals: { 'aws:PrincipalArn': roleArn(t, 'uploader-role') },
      }),
  },
  {
    name: 'Batch Replication of existing objects no longer denied',
    rule: 'Isolation-S3EXPORT2',
    mutate: (t) => dropSid(artifactsPolicy(t), 'DenyObjectExports'),
  },
  {
    name: 'an Allow to every principal "restricted" by StringLike aws:PrincipalArn "*"',
    rule: 'Isolation-S3POL',
    mutate: (t) =>
      artifactsPolicy(t).Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [{ 'Fn::GetAtt': [bucket(t, 'artifacts').id, 'Arn'] }, objects(t, 'artifacts')],
        Condition: { StringLike: { 'aws:PrincipalArn': '*' } },
      }),
  },
  {
    name: 'an Allow to the whole organization',
    rule: 'Isolation-S3POL',
    mutate: (t) =>
      dataPolicy(t).Statement.push({
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:ListBucket'],
        Resource: { 'Fn::GetAtt': [bucket(t, 'training-data').id, 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }),
  },
  {
    name: 'S3 server access logging granted without aws:SourceAccount',
    rule: 'Isolation-S3POL',
    mutate: (t) => {
      const logs = policyOf(t, bucket(t, 'access-logs').id);
      delete sid(logs, 'AccessLogsFromTrainingData').Condition.StringEquals;
      delete sid(logs, 'AccessLogsFromTrainingData').Condition.ArnLike;
    },
  },
  {
    name: 'an S3 endpoint policy naming buckets by a pattern (legal-*)',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      (s3Endpoint(t).r.Properties.PolicyDocument.Statement[0].Resource = [
        'arn:aws:s3:::legal-*',
        'arn:aws:s3:::legal-*/*',
      ]),
  },
  {
    name: 'an S3 endpoint policy that binds no principal',
    rule: 'Isolation-VPCE2',
    mutate: (t) => delete s3Endpoint(t).r.Properties.PolicyDocument.Statement[0].Condition.ArnEquals,
  },
  {
    name: 'an S3 endpoint policy that also admits a bucket of another account',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      s3Endpoint(t).r.Properties.PolicyDocument.Statement[0].Resource.push('arn:aws:s3:::exfil-bucket/*'),
  },
  // ---- found by the adversarial review (issue 9): the bucket policy alone binds the endpoint's readers ----
  {
    name: 'the endpoint-reader Deny deleted (only the endpoint policy binds the principal)',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => dropSid(dataPolicy(t), 'DenyReadsByOthersThroughTheEndpoint'),
  },
  {
    name: 'the endpoint-reader Deny exempting every role of the account (ArnNotLike role/*)',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const s = sid(dataPolicy(t), 'DenyReadsByOthersThroughTheEndpoint');
      delete s.Condition.ArnNotEquals;
      s.Condition.ArnNotLike = { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' };
    },
  },
  {
    name: 'an S3 endpoint policy that admits unsigned requests (ArnEqualsIfExists, no account)',
    rule: 'Isolation-VPCE2',
    mutate: (t) => {
      const s = s3Endpoint(t).r.Properties.PolicyDocument.Statement[0];
      s.Condition = { ArnEqualsIfExists: s.Condition.ArnEquals };
    },
  },
  {
    name: 'an Allow to everyone "restricted" to an endpoint of another account',
    rule: 'Isolation-S3POL',
    mutate: (t) =>
      artifactsPolicy(t).Statement.push({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: objects(t, 'artifacts'),
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0aaaabbbbccccdddd' } },
      }),
  },
  // ---- second hunt (data half) ----
  {
    name: 'the training-data bucket policy created only when a condition holds',
    rule: 'Isolation-KEEP2',
    mutate: (t) => {
      const id = bucket(t, 'training-data').id;
      const p = one(t, 'AWS::S3::BucketPolicy', (r) => r.Properties.Bucket?.Ref === id);
      t[p.file].Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
      p.r.Condition = 'Never';
    },
  },
  // ---- third hunt ----
  {
    name: 'an S3 endpoint policy that also admits every bucket of this account (aws:ResourceAccount is no perimeter)',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      s3Endpoint(t).r.Properties.PolicyDocument.Statement.push({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::*/*',
        Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } },
      }),
  },
  {
    name: 'an S3 endpoint policy that also admits the bucket its caller is tagged with (${aws:PrincipalTag/bucket})',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      s3Endpoint(t).r.Properties.PolicyDocument.Statement[0].Resource.push(
        'arn:aws:s3:::${aws:PrincipalTag/bucket}/*',
      ),
  },
];

// The unmutated templates pass: isolation.test.ts asserts it for the whole pack, these rules included.

mutationSuite(MUTANTS);
