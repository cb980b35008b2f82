/**
 * The first mutants of the Isolation pack (issue 3): network paths, endpoints, buckets, keys, trail,
 * logs, Lambda and IAM. Each is one way for data to leave; see harness.ts.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  Json,
  Mutant,
  Templates,
  add,
  bucket,
  compliant,
  dataKeyRef,
  fileOf,
  managed,
  mutationSuite,
  one,
  policyOf,
  purposeOf,
  rulesFlagged,
  write,
} from './harness';
import { runIn } from '../../cli/support';

const ROOT = path.join(__dirname, '..', '..', '..');

const VPC = 'AWS::EC2::VPC';
export const MUTANTS: Mutant[] = [
  {
    name: 'an internet gateway',
    rule: 'Isolation-NET1',
    mutate: (t) => add(t, fileOf(t, VPC), 'Igw', { Type: 'AWS::EC2::InternetGateway' }),
  },
  {
    name: 'a NAT gateway',
    rule: 'Isolation-NET1',
    mutate: (t) => {
      const s = one(t, 'AWS::EC2::Subnet');
      add(t, s.file, 'Nat', {
        Type: 'AWS::EC2::NatGateway',
        Properties: { SubnetId: { Ref: s.id }, ConnectivityType: 'private' },
      });
    },
  },
  {
    name: 'a VPC peering connection',
    rule: 'Isolation-NET1',
    mutate: (t) => {
      const v = one(t, VPC);
      add(t, v.file, 'Peer', {
        Type: 'AWS::EC2::VPCPeeringConnection',
        Properties: { VpcId: { Ref: v.id }, PeerVpcId: 'vpc-0123456789abcdef0' },
      });
    },
  },
  {
    name: 'a default route',
    rule: 'Isolation-NET2',
    mutate: (t) => {
      const rt = one(t, 'AWS::EC2::RouteTable');
      add(t, rt.file, 'Default', {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: rt.id },
          DestinationCidrBlock: '0.0.0.0/0',
          TransitGatewayId: 'tgw-1',
        },
      });
    },
  },
  {
    name: 'a subnet that maps public IPs',
    rule: 'Isolation-NET3',
    mutate: (t) => (one(t, 'AWS::EC2::Subnet').r.Properties.MapPublicIpOnLaunch = true),
  },
  {
    name: 'open egress on the training security group',
    rule: 'Isolation-SG1',
    mutate: (t) => {
      const sg = one(t, 'AWS::EC2::SecurityGroup', (r) => /training/i.test(r.Properties.GroupDescription));
      sg.r.Properties.SecurityGroupEgress = [
        { CidrIp: '0.0.0.0/0', IpProtocol: '-1', Description: 'Allow all outbound traffic by default' },
      ];
    },
  },
  {
    name: 'a separate IPv6 egress rule to ::/0',
    rule: 'Isolation-SG1',
    mutate: (t) => {
      const sg = one(t, 'AWS::EC2::SecurityGroup', (r) => /training/i.test(r.Properties.GroupDescription));
      add(t, sg.file, 'OpenV6', {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: { GroupId: { 'Fn::GetAtt': [sg.id, 'GroupId'] }, IpProtocol: '-1', CidrIpv6: '::/0' },
      });
    },
  },
  {
    name: 'ingress from the internet',
    rule: 'Isolation-SG2',
    mutate: (t) => {
      const sg = one(t, 'AWS::EC2::SecurityGroup', (r) => /training/i.test(r.Properties.GroupDescription));
      add(t, sg.file, 'Ssh', {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [sg.id, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIp: '0.0.0.0/0',
        },
      });
    },
  },
  {
    name: 'a wildcard interface endpoint policy',
    rule: 'Isolation-VPCE1',
    mutate: (t) =>
      (one(
        t,
        'AWS::EC2::VPCEndpoint',
        (r) => r.Properties.VpcEndpointType === 'Interface',
      ).r.Properties.PolicyDocument = {
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      }),
  },
  {
    name: 'an interface endpoint for a service off the allowlist',
    rule: 'Isolation-VPCE1',
    mutate: (t) =>
      (one(
        t,
        'AWS::EC2::VPCEndpoint',
        (r) => r.Properties.VpcEndpointType === 'Interface',
      ).r.Properties.ServiceName = 'com.amazonaws.eu-west-1.secretsmanager'),
  },
  {
    name: 'an S3 endpoint policy on every bucket',
    rule: 'Isolation-VPCE2',
    mutate: (t) => {
      const ep = one(t, 'AWS::EC2::VPCEndpoint', (r) => r.Properties.VpcEndpointType !== 'Interface');
      ep.r.Properties.PolicyDocument.Statement[0].Resource = ['arn:aws:s3:::*', 'arn:aws:s3:::*/*'];
    },
  },
  {
    name: 'an S3 endpoint without a policy',
    rule: 'Isolation-VPCE2',
    mutate: (t) =>
      delete one(t, 'AWS::EC2::VPCEndpoint', (r) => r.Properties.VpcEndpointType !== 'Interface').r.Properties
        .PolicyDocument,
  },
  {
    name: 'SSE-S3 instead of KMS',
    rule: 'Isolation-S3ENC',
    mutate: (t) =>
      (bucket(t, 'training-data').r.Properties.BucketEncryption = {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      }),
  },
  {
    name: 'no TLS-only deny',
    rule: 'Isolation-S3TLS',
    mutate: (t) => {
      const doc = policyOf(t, bucket(t, 'training-data').id);
      doc.Statement = doc.Statement.filter((s: Json) => !s.Condition?.Bool?.['aws:SecureTransport']);
    },
  },
  {
    name: 'a Block Public Access flag off',
    rule: 'Isolation-S3BPA',
    mutate: (t) =>
      (bucket(t, 'artifacts').r.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets = false),
  },
  {
    name: 'replication to a bucket in another account',
    rule: 'Isolation-S3REPL',
    mutate: (t) =>
      (bucket(t, 'training-data').r.Properties.ReplicationConfiguration = {
        Role: 'arn:aws:iam::111122223333:role/replication',
        Rules: [
          {
            Status: 'Enabled',
            Destination: { Bucket: 'arn:aws:s3:::exfil-bucket', Account: '999988887777' },
          },
        ],
      }),
  },
  {
    name: 'versioning suspended',
    rule: 'Isolation-S3VER',
    mutate: (t) =>
      (bucket(t, 'training-data').r.Properties.VersioningConfiguration = { Status: 'Suspended' }),
  },
  {
    name: 'a public principal in a bucket policy',
    rule: 'Isolation-S3POL',
    mutate: (t) => {
      const b = bucket(t, 'artifacts');
      policyOf(t, b.id).Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [b.id, 'Arn'] }, '/*']] },
      });
    },
  },
  {
    name: 'a missing SourceVpce deny',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const doc = policyOf(t, bucket(t, 'training-data').id);
      doc.Statement = doc.Statement.filter(
        (s: Json) => !JSON.stringify(s.Condition ?? {}).includes('aws:SourceVpce'),
      );
    },
  },
  {
    name: 'the training role exempted from the SourceVpce deny',
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      const role = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'training-role').id;
      const deny = policyOf(t, bucket(t, 'training-data').id).Statement.find(
        (s: Json) => s.Sid === 'DenyObjectReadsOutsideTheProjectEndpoint',
      );
      deny.Condition.ArnNotEquals = { 'aws:PrincipalArn': { 'Fn::GetAtt': [role, 'Arn'] } };
    },
  },
  {
    name: 'no noncurrent-version expiration',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => {
      for (const rule of bucket(t, 'training-data').r.Properties.LifecycleConfiguration.Rules) {
        if (!rule.TagFilters) delete rule.NoncurrentVersionExpiration;
      }
    },
  },
  {
    name: 'incomplete uploads kept forever',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => {
      const lc = bucket(t, 'training-data').r.Properties.LifecycleConfiguration;
      lc.Rules = lc.Rules.filter((r: Json) => !r.AbortIncompleteMultipartUpload);
    },
  },
  {
    name: 'key rotation off',
    rule: 'Isolation-KMS1',
    mutate: (t) =>
      (one(t, 'AWS::KMS::Key', (r) => purposeOf(r) === 'data-key').r.Properties.EnableKeyRotation = false),
  },
  {
    name: 'a key policy that lets another account decrypt',
    rule: 'Isolation-KMS2',
    mutate: (t) =>
      one(t, 'AWS::KMS::Key', (r) => purposeOf(r) === 'artifacts-key').r.Properties.KeyPolicy.Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: ['kms:Decrypt'],
        Resource: '*',
      }),
  },
  {
    name: 'a bucket left out of data events',
    rule: 'Isolation-TRAIL1',
    mutate: (t) => {
      const b = bucket(t, 'artifacts').id;
      const dr = one(t, 'AWS::CloudTrail::Trail').r.Properties.EventSelectors[0].DataResources[0];
      dr.Values = dr.Values.filter((v: Json) => !JSON.stringify(v).includes(b));
    },
  },
  {
    name: 'log-file validation off',
    rule: 'Isolation-TRAIL2',
    mutate: (t) => (one(t, 'AWS::CloudTrail::Trail').r.Properties.EnableLogFileValidation = false),
  },
  {
    name: 'an unencrypted trail',
    rule: 'Isolation-TRAIL2',
    mutate: (t) => delete one(t, 'AWS::CloudTrail::Trail').r.Properties.KMSKeyId,
  },
  {
    name: 'an unencrypted log group',
    rule: 'Isolation-LOG1',
    mutate: (t) => delete one(t, 'AWS::Logs::LogGroup').r.Properties.KmsKeyId,
  },
  {
    name: 'a log group kept forever',
    rule: 'Isolation-LOG2',
    mutate: (t) => delete one(t, 'AWS::Logs::LogGroup').r.Properties.RetentionInDays,
  },
  {
    name: 'a Lambda (a CDK custom-resource handler) granted object reads',
    rule: 'Isolation-LAMBDA1',
    mutate: (t) =>
      one(t, 'AWS::IAM::Role', (_r, id) =>
        id.includes('CustomResourceProviderRole'),
      ).r.Properties.Policies[0].PolicyDocument.Statement.push({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
      }),
  },
  {
    name: 'a Lambda granted the data key (across stacks)',
    rule: 'Isolation-LAMBDA1',
    mutate: (t) =>
      one(t, 'AWS::IAM::Role', (_r, id) =>
        id.includes('CustomResourceProviderRole'),
      ).r.Properties.Policies[0].PolicyDocument.Statement.push({
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: dataKeyRef(t),
      }),
  },
  {
    name: 'sagemaker:* on *',
    rule: 'Isolation-IAM1',
    mutate: (t) =>
      managed(t, 'training-role').Statement.push({ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }),
  },
  {
    name: 'an AWS-managed FullAccess policy',
    rule: 'Isolation-IAM2',
    mutate: (t) =>
      (one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'uploader-role').r.Properties.ManagedPolicyArns = [
        {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSageMakerFullAccess']],
        },
      ]),
  },
  {
    name: 'iam:PassRole on role/*',
    rule: 'Isolation-IAM3',
    mutate: (t) =>
      managed(t, 'uploader-role').Statement.push({
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::111122223333:role/*',
      }),
  },
];

test('the unmutated templates pass', () => {
  expect([...rulesFlagged(write(compliant()))]).toEqual([]);
});

mutationSuite(MUTANTS);

const CHECK = ['check', '--format', 'json', '--no-control-tower', '--no-cfn-lint', '--template'];

describe('through the real CLI process', () => {
  const cli = (files: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'isotrain.cjs'), ...CHECK, ...files], {
      encoding: 'utf8',
      cwd: ROOT,
    });

  test('exits 0 on the unmutated templates', () => {
    const run = cli(write(compliant()));
    expect(run.stderr).not.toMatch(/error|\n\s+at /i);
    expect(run.status).toBe(0);
  });

  test('exits 1 on an internet gateway, naming the rule', () => {
    const m = MUTANTS.find((x) => x.name === 'an internet gateway')!;
    const t: Templates = compliant();
    m.mutate(t);
    const run = cli(write(t));
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: Json) => f.rule.replace(/\[.*$/, ''))).toContain(m.rule);
  });
});

// The same command in-process (each real process costs about 5 CPU-seconds: Node, tsx, the CDK).
describe('through the CLI in-process', () => {
  test.each(['a missing SourceVpce deny', 'a Lambda granted the data key (across stacks)'])(
    'exits 1 on %s, naming the rule',
    async (name) => {
      const m = MUTANTS.find((x) => x.name === name)!;
      const t: Templates = compliant();
      m.mutate(t);
      const run = await runIn([...CHECK, ...write(t)], { cwd: ROOT });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).findings.map((f: Json) => f.rule.replace(/\[.*$/, ''))).toContain(m.rule);
    },
  );
});
