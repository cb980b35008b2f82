/**
 * Policy mutants of keys, trust policies and identity policies (issue 9): each is one way for data to
 * leave the sealed test project, or for someone to become who may let it out; the rule named must
 * flag it (see harness.ts).
 */
import { Json, Mutant, Templates, managed, mutationSuite, one, purposeOf } from './harness';
import {
  dropSid,
  fence,
  key,
  launcher,
  managedWith,
  role,
  roleArn,
  runGovernance,
  sid,
  trustOf,
  addInlinePolicy,
} from './policy-support';

const keyPolicy = (t: Templates, purpose: string): Json => key(t, purpose).r.Properties.KeyPolicy;
const dataDecrypt = (t: Templates) => sid(keyPolicy(t, 'data-key'), 'DecryptOnlyThroughS3AndSageMaker');

export const MUTANTS: Mutant[] = [
  {
    name: 'a key policy that lets everyone decrypt, "restricted" by StringLike aws:PrincipalArn "*"',
    rule: 'Isolation-KMS2',
    mutate: (t) =>
      keyPolicy(t, 'artifacts-key').Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': '*' } },
      }),
  },
  {
    name: 'CloudWatch Logs may use the logs key for any account',
    rule: 'Isolation-KMS2',
    mutate: (t) =>
      delete sid(keyPolicy(t, 'logs-key'), 'CloudWatchLogsEncryptsThisAccountsLogGroups').Condition,
  },
  {
    name: 'the data key decrypts without kms:ViaService',
    rule: 'Isolation-KMS3',
    mutate: (t) => delete dataDecrypt(t).Condition.StringEquals['kms:ViaService'],
  },
  {
    name: 'the data key decrypts through any AWS service',
    rule: 'Isolation-KMS3',
    mutate: (t) => {
      const c = dataDecrypt(t).Condition;
      delete c.StringEquals['kms:ViaService'];
      c.StringLike = { 'kms:ViaService': '*.amazonaws.com' };
    },
  },
  {
    name: 'grants of the artifacts key for principals, not only AWS resources',
    rule: 'Isolation-KMS3',
    mutate: (t) => delete sid(keyPolicy(t, 'artifacts-key'), 'GrantsOnlyForAwsResources').Condition.Bool,
  },
  {
    name: 'the release role trusts the account root',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      (trustOf(t, 'release-role').Statement[0].Principal = { AWS: 'arn:aws:iam::111122223333:root' }),
  },
  {
    name: 'the deployment role also trusts another account',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const s = trustOf(t, 'deployment-role').Statement[0];
      s.Principal.AWS = [s.Principal.AWS, 'arn:aws:iam::444455556666:root'];
    },
  },
  {
    name: 'the uploader role trusts everyone "restricted" by StringLike aws:PrincipalArn "*"',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const s = trustOf(t, 'uploader-role').Statement[0];
      s.Principal = { AWS: '*' };
      s.Condition = { StringLike: { 'aws:PrincipalArn': '*' } };
    },
  },
  {
    name: 'the publisher role trusts every role of the account',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const s = trustOf(t, 'publisher-role').Statement[0];
      s.Principal = { AWS: '*' };
      s.Condition = { StringEquals: { 'aws:PrincipalAccount': '111122223333' } };
    },
  },
  {
    name: 'the training role trusts SageMaker working for any account',
    rule: 'Isolation-IAM4',
    mutate: (t) => delete trustOf(t, 'training-role').Statement[0].Condition,
  },
  {
    name: 'the release role trusts a GitHub OIDC provider without pinning the repository',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      trustOf(t, 'release-role').Statement.push({
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      }),
  },
  {
    name: 'the fence no longer denies reading project data',
    rule: 'Isolation-IAM5',
    mutate: (t) => dropSid(fence(t), 'DenyReadingProjectData'),
  },
  {
    name: 'the fence no longer denies decrypting with the project keys',
    rule: 'Isolation-IAM5',
    mutate: (t) => dropSid(fence(t), 'DenyDecryptingProjectData'),
  },
  {
    name: 'run governance holders may become the release role',
    rule: 'Isolation-IAM5',
    mutate: (t) => {
      const s = sid(runGovernance(t), 'DenyBecomingSeparateRoles');
      const release = JSON.stringify(roleArn(t, 'release-role'));
      s.Resource = s.Resource.filter((r: Json) => JSON.stringify(r) !== release);
    },
  },
  {
    name: 'NotAction on everything in a role policy',
    rule: 'Isolation-IAM1',
    mutate: (t) =>
      managed(t, 'deployment-role').Statement.push({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
  },
  {
    name: 's3:* on every bucket (arn:aws:s3:::*)',
    rule: 'Isolation-IAM1',
    mutate: (t) =>
      managed(t, 'uploader-role').Statement.push({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::*',
      }),
  },
  {
    name: 'PassRole of the training role to any service',
    rule: 'Isolation-IAM3',
    mutate: (t) => delete sid(launcher(t), 'PassTrainingRoleToSageMaker').Condition,
  },
  {
    name: 'PassRole to a service "restricted" by StringLike iam:PassedToService "*"',
    rule: 'Isolation-IAM3',
    mutate: (t) =>
      (sid(launcher(t), 'PassTrainingRoleToSageMaker').Condition = {
        StringLike: { 'iam:PassedToService': '*' },
      }),
  },
  // ---- found by the adversarial review (issue 9) ----
  {
    name: 'the training role also trusts Lambda (any function an administrator creates runs as it)',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const s = trustOf(t, 'training-role').Statement[0];
      s.Principal.Service = [s.Principal.Service, 'lambda.amazonaws.com'];
    },
  },
  {
    name: 'the training role also trusts a user of the account',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      trustOf(t, 'training-role').Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
        Action: 'sts:AssumeRole',
      }),
  },
  {
    name: 'grants of the data key to another account "only for AWS resources"',
    rule: 'Isolation-KMS2',
    mutate: (t) =>
      keyPolicy(t, 'data-key').Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
  },
  {
    name: 'a replica of the data key whose policy lets everyone decrypt',
    rule: 'Isolation-KMS2',
    mutate: (t) => {
      const k = key(t, 'data-key');
      t[k.file].Resources.DataKeyReplica = {
        Type: 'AWS::KMS::ReplicaKey',
        Properties: {
          PrimaryKeyArn: { 'Fn::GetAtt': [k.id, 'Arn'] },
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }],
          },
        },
      };
    },
  },
  {
    name: 'the training role may write objects into any bucket (a job chooses its output path)',
    rule: 'Isolation-IAM6',
    mutate: (t) =>
      managed(t, 'training-role').Statement.push({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::*/*',
      }),
  },
  // ---- found by the second adversarial review (issue 9, policy half) ----
  {
    name: 'PassRole of the training role to SageMaker and Glue',
    rule: 'Isolation-IAM3',
    mutate: (t) =>
      (sid(launcher(t), 'PassTrainingRoleToSageMaker').Condition.StringEquals['iam:PassedToService'] = [
        'sagemaker.amazonaws.com',
        'glue.amazonaws.com',
      ]),
  },
  {
    name: 'PassRole to SageMaker "or" Step Functions with StringEqualsIgnoreCase',
    rule: 'Isolation-IAM3',
    mutate: (t) =>
      (sid(launcher(t), 'PassTrainingRoleToSageMaker').Condition = {
        StringEqualsIgnoreCase: {
          'iam:PassedToService': ['SageMaker.amazonaws.com', 'States.amazonaws.com'],
        },
      }),
  },
  {
    name: 'the training role trusts SageMaker for every account whose ID starts 1111',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      (trustOf(t, 'training-role').Statement[0].Condition = { StringLike: { 'aws:SourceAccount': '1111*' } }),
  },
  {
    name: 'the training role trusts SageMaker bound by an aws:SourceArn of any account',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      (trustOf(t, 'training-role').Statement[0].Condition = {
        ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:eu-west-1:*:training-job/*' },
      }),
  },
  {
    name: 'the uploader role also trusts its uploader name in every account whose ID starts 1111',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      trustOf(t, 'uploader-role').Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::1111*:role/data-engineering' } },
      }),
  },
  {
    name: "the uploader role trusts its uploader in a parameter's account (any account at deploy time)",
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const role = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'uploader-role');
      t[role.file].Parameters = {
        ...t[role.file].Parameters,
        UploaderAccount: { Type: 'String', Default: '111122223333' },
      };
      const s = trustOf(t, 'uploader-role').Statement[0];
      s.Principal.AWS = { 'Fn::Sub': 'arn:aws:iam::${UploaderAccount}:role/data-engineering' };
    },
  },
  {
    name: 'the data key with imported key material (a copy exists outside KMS)',
    rule: 'Isolation-KMS3',
    mutate: (t) => (key(t, 'data-key').r.Properties.Origin = 'EXTERNAL'),
  },
  {
    name: 'the artifacts key in an external key store',
    rule: 'Isolation-KMS3',
    mutate: (t) => (key(t, 'artifacts-key').r.Properties.Origin = 'EXTERNAL_KEY_STORE'),
  },
  {
    name: 'the data key made multi-Region',
    rule: 'Isolation-KMS3',
    mutate: (t) => (key(t, 'data-key').r.Properties.MultiRegion = true),
  },
  {
    name: 'a replica of the data key whose policy only the account administers',
    rule: 'Isolation-KMS3',
    mutate: (t) => {
      const k = key(t, 'data-key');
      t[k.file].Resources.DataKeyReplicaOfTheAccount = {
        Type: 'AWS::KMS::ReplicaKey',
        Properties: {
          PrimaryKeyArn: { 'Fn::GetAtt': [k.id, 'Arn'] },
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111122223333:root' },
                Action: 'kms:*',
                Resource: '*',
              },
            ],
          },
        },
      };
    },
  },
  {
    name: 'the launcher policy may add a policy to the training role',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcher(t).Statement.push({
        Effect: 'Allow',
        Action: 'iam:PutRolePolicy',
        Resource: sid(launcher(t), 'PassTrainingRoleToSageMaker').Resource,
      }),
  },
  {
    name: 'the launcher policy may write a new version of any managed policy (its own guardrails included)',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcher(t).Statement.push({
        Effect: 'Allow',
        Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        Resource: 'arn:aws:iam::111122223333:policy/*',
      }),
  },
  {
    name: 'the launcher policy may replace the training-data bucket policy',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcher(t).Statement.push({
        Effect: 'Allow',
        Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
        Resource: 'arn:aws:s3:::*',
      }),
  },
  {
    name: 'the launcher policy may replace the data key policy',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcher(t).Statement.push({
        Effect: 'Allow',
        Action: 'kms:PutKeyPolicy',
        Resource: sid(fence(t), 'DenyDecryptingProjectData').Resource,
      }),
  },
  {
    name: 'the deployment role may add policies to itself',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      managed(t, 'deployment-role').Statement.push({
        Effect: 'Allow',
        Action: 'iam:PutRolePolicy',
        Resource: roleArn(t, 'deployment-role'),
      }),
  },
  {
    name: "the release role may rewrite the uploader role's trust policy",
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      managed(t, 'release-role').Statement.push({
        Effect: 'Allow',
        Action: 'iam:UpdateAssumeRolePolicy',
        Resource: roleArn(t, 'uploader-role'),
      }),
  },
  {
    name: 'run governance holders may create access keys for any user of the account',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      runGovernance(t).Statement.push({
        Effect: 'Allow',
        Action: 'iam:CreateAccessKey',
        Resource: 'arn:aws:iam::111122223333:user/*',
      }),
  },
  {
    name: 'an AWS::IAM::RolePolicy lets the training role write objects into any bucket',
    rule: 'Isolation-IAM6',
    mutate: (t) =>
      addInlinePolicy(t, 'training-role', 'TrainingRoleExtraInline', [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*/*' },
      ]),
  },
  {
    name: 'an AWS::IAM::RolePolicy lets the deployment role add policies to any role',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      addInlinePolicy(t, 'deployment-role', 'DeploymentRoleExtraInline', [
        { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
      ]),
  },
  {
    name: 'the release role also trusts every principal of the account tagged approver=true',
    rule: 'Isolation-IAM4',
    mutate: (t) =>
      trustOf(t, 'release-role').Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalTag/approver': 'true' } },
      }),
  },
  {
    name: 'a notebook instance with internet access running as the training role',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const r = role(t, 'training-role');
      t[r.file].Resources.TrainingNotebook = {
        Type: 'AWS::SageMaker::NotebookInstance',
        Properties: {
          InstanceType: 'ml.t3.medium',
          RoleArn: { 'Fn::GetAtt': [r.id, 'Arn'] },
          DirectInternetAccess: 'Enabled',
        },
      };
    },
  },
  {
    name: 'an instance profile of the training role',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const r = role(t, 'training-role');
      t[r.file].Resources.TrainingInstanceProfile = {
        Type: 'AWS::IAM::InstanceProfile',
        Properties: { Roles: [{ Ref: r.id }] },
      };
    },
  },
  {
    name: "the launcher policy may assume any role of the account (CDK's deployment roles trust the account)",
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcher(t).Statement.push({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::111122223333:role/*',
      }),
  },
  // ---- third hunt ----
  {
    name: 'the training role trusts SageMaker bound by StringEqualsIfExists aws:SourceAccount (a request naming none passes)',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const c = trustOf(t, 'training-role').Statement[0].Condition;
      c.StringEqualsIfExists = c.StringEquals;
      delete c.StringEquals;
    },
  },
  {
    name: 'the training role trusts Principal AWS "*" narrowed by aws:PrincipalServiceName alone (SageMaker of any account)',
    rule: 'Isolation-IAM4',
    mutate: (t) => {
      const s = trustOf(t, 'training-role').Statement[0];
      s.Principal = { AWS: '*' };
      s.Condition = { StringEquals: { 'aws:PrincipalServiceName': 'sagemaker.amazonaws.com' } };
    },
  },
  {
    name: 'training jobs may pull images from any repository (any account that shares one supplies the code)',
    rule: 'Isolation-IAM8',
    mutate: (t) => (sid(managedWith(t, 'PullTrainingImages'), 'PullTrainingImages').Resource = '*'),
  },
  {
    name: "the project's image repository named in any account and region",
    rule: 'Isolation-IAM8',
    mutate: (t) =>
      (sid(managedWith(t, 'PullTrainingImages'), 'PullTrainingImages').Resource = [
        'arn:aws:ecr:*:*:repository/isotrain/finetune',
      ]),
  },
];

mutationSuite(MUTANTS);
