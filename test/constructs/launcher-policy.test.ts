import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LauncherPolicy } from '../../constructs/launcher-policy';
import { compliancePacks } from '../../lib/checks/packs';
import { DENIED_COMPUTE_ACTIONS, GUARDRAILS } from '../../lib/contract';
import { newApp, project, synthProject } from '../helpers';

type Statement = {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

const BOTH = ['sagemaker:CreateProcessingJob', 'sagemaker:CreateTrainingJob'];
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'];
const SG = 'sg-0ccccccccccccccc3';
const DATA_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/11111111-1111-1111-1111-111111111111';
const ARTIFACTS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/22222222-2222-2222-2222-222222222222';
const ROLE = 'arn:aws:iam::111122223333:role/legal-Data-TrainingRole-ABCDEFGHIJKL';

/** The policy with literal values, so every statement can be compared whole. */
function literalPolicy(overrides: { subnetIds?: string[]; instanceTypes?: string[] } = {}) {
  const app = newApp();
  const stack = new Stack(app, 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  new LauncherPolicy(stack, 'Launcher', {
    projectName: 'legal',
    trainingRole: iam.Role.fromRoleArn(stack, 'Role', ROLE),
    dataBucket: s3.Bucket.fromBucketName(stack, 'DataBucket', 'legal-data-bucket'),
    artifactsBucket: s3.Bucket.fromBucketName(stack, 'ArtifactsBucket', 'legal-artifacts-bucket'),
    dataKey: kms.Key.fromKeyArn(stack, 'DataKey', DATA_KEY),
    artifactsKey: kms.Key.fromKeyArn(stack, 'ArtifactsKey', ARTIFACTS_KEY),
    subnetIds: overrides.subnetIds ?? SUBNETS,
    securityGroupIds: [SG],
    instanceTypes: overrides.instanceTypes ?? ['ml.g5.2xlarge', 'ml.g5.12xlarge'],
    maxRuntimeSeconds: 43_200,
  });
  const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
  return policy.Properties.PolicyDocument as { Statement: Statement[] };
}

function statement(sid: string, doc = literalPolicy()): Statement {
  const found = doc.Statement.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}

const sorted = (a: string | string[]) => [a].flat().sort();

describe('LauncherPolicy guardrails, one Deny statement each', () => {
  const doc = literalPolicy();
  const deny = (sid: string, actions = BOTH) => {
    const s = statement(sid, doc);
    expect(s.Effect).toBe('Deny');
    expect(s.Resource).toBe('*');
    expect(sorted(s.Action)).toEqual(actions);
    return s.Condition;
  };

  test('network isolation off or absent', () => {
    expect(deny('DenyJobsWithoutNetworkIsolation')).toEqual({
      BoolIfExists: { 'sagemaker:NetworkIsolation': 'false' },
    });
  });
  test('inter-container traffic encryption off or absent', () => {
    expect(deny('DenyJobsWithoutInterContainerEncryption')).toEqual({
      BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': 'false' },
    });
  });
  test('no VPC at all', () => {
    expect(deny('DenyJobsOutsideProjectVpc')).toEqual({ Null: { 'sagemaker:VpcSubnets': 'true' } });
  });
  test('any subnet outside the project', () => {
    expect(deny('DenyJobsInOtherSubnets')).toEqual({
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': SUBNETS },
    });
  });
  test('no security groups', () => {
    expect(deny('DenyJobsWithoutSecurityGroups')).toEqual({
      Null: { 'sagemaker:VpcSecurityGroupIds': 'true' },
    });
  });
  test('any other security group', () => {
    expect(deny('DenyJobsWithOtherSecurityGroups')).toEqual({
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': [SG] },
    });
  });
  test('volume key absent or not the data key (today key name, ARN operator, IfExists)', () => {
    expect(deny('DenyJobsWithoutProjectVolumeKey')).toEqual({
      ArnNotEqualsIfExists: { 'sagemaker:VolumeKmsKeyArn': DATA_KEY },
    });
  });
  test('output key absent or not the artifacts key', () => {
    expect(deny('DenyJobsWithoutProjectOutputKey')).toEqual({
      ArnNotEqualsIfExists: { 'sagemaker:OutputKmsKeyArn': ARTIFACTS_KEY },
    });
  });
  test('instance types absent', () => {
    expect(deny('DenyJobsWithoutInstanceTypes')).toEqual({ Null: { 'sagemaker:InstanceTypes': 'true' } });
  });
  test('any instance type outside the allowlist', () => {
    expect(deny('DenyJobsOnOtherInstanceTypes')).toEqual({
      'ForAnyValue:StringNotEquals': { 'sagemaker:InstanceTypes': ['ml.g5.2xlarge', 'ml.g5.12xlarge'] },
    });
  });
  test('max runtime absent or above the limit', () => {
    expect(deny('DenyJobsOverMaxRuntime')).toEqual({
      NumericGreaterThanIfExists: { 'sagemaker:MaxRuntimeInSeconds': '43200' },
    });
  });
  test('remote debugging (training only: CreateProcessingJob has no such key)', () => {
    expect(deny('DenyTrainingWithRemoteDebug', ['sagemaker:CreateTrainingJob'])).toEqual({
      Bool: { 'sagemaker:EnableRemoteDebug': 'true' },
    });
  });
  test('file systems (training only)', () => {
    expect(deny('DenyTrainingWithFileSystems', ['sagemaker:CreateTrainingJob'])).toEqual({
      Null: { 'sagemaker:FileSystemId': 'false' },
    });
  });
  test('jobs not tagged for the project', () => {
    expect(deny('DenyJobsNotTaggedForProject')).toEqual({
      StringNotEqualsIfExists: { 'aws:RequestTag/isotrain:project': 'legal' },
    });
  });

  test('every Deny has exactly one condition operator with one key (never ANDed)', () => {
    for (const s of doc.Statement.filter((st) => st.Condition && st.Effect === 'Deny')) {
      expect(Object.keys(s.Condition!)).toHaveLength(1);
      expect(Object.keys(Object.values(s.Condition!)[0])).toHaveLength(1);
    }
  });
  test('every guardrail of the shared table is in the policy, and no retired key name is used', () => {
    const sids = doc.Statement.map((s) => s.Sid);
    for (const g of GUARDRAILS) expect(sids).toContain(g.sid);
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/sagemaker:(Volume|Output)KmsKey"/);
  });
});

describe('LauncherPolicy: nothing else starts compute, no data reads', () => {
  const doc = literalPolicy();
  test('tuning jobs, notebooks, transform jobs and the rest are denied outright', () => {
    const s = statement('DenyOtherCompute', doc);
    expect(s).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(s.Condition).toBeUndefined();
    expect(sorted(s.Action)).toEqual([...DENIED_COMPUTE_ACTIONS].sort());
    for (const a of [
      'sagemaker:CreateHyperParameterTuningJob',
      'sagemaker:*NotebookInstance*',
      'sagemaker:CreateTransformJob',
      'sagemaker:UpdateTrainingJob',
    ]) {
      expect(s.Action).toContain(a);
    }
  });
  test('objects of the data and artifact buckets cannot be read, their keys cannot decrypt', () => {
    const reads = statement('DenyReadingProjectData', doc);
    expect(reads).toMatchObject({ Effect: 'Deny', Action: ['s3:GetObject', 's3:GetObjectVersion'] });
    const resources = JSON.stringify(reads.Resource);
    expect(resources).toContain(':s3:::legal-data-bucket/*');
    expect(resources).toContain(':s3:::legal-artifacts-bucket/*');
    expect(statement('DenyDecryptingProjectData', doc)).toMatchObject({
      Effect: 'Deny',
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Resource: [DATA_KEY, ARTIFACTS_KEY],
    });
  });
  test('no Allow grants any s3, kms or wildcard action', () => {
    const allowed = doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
    expect(allowed.filter((a) => /^(s3|kms):|\*/.test(a))).toEqual([]);
  });
});

describe('LauncherPolicy allows', () => {
  const doc = literalPolicy();
  const jobs = [
    'arn:aws:sagemaker:eu-west-1:111122223333:processing-job/legal-*',
    'arn:aws:sagemaker:eu-west-1:111122223333:training-job/legal-*',
  ];
  test("creating only the project's jobs (named legal-...), with tags", () => {
    expect(statement('LaunchProjectJobs', doc)).toEqual({
      Sid: 'LaunchProjectJobs',
      Effect: 'Allow',
      Action: ['sagemaker:AddTags', 'sagemaker:CreateProcessingJob', 'sagemaker:CreateTrainingJob'],
      Resource: jobs,
    });
  });
  test('following and stopping jobs tagged for the project', () => {
    expect(statement('FollowProjectJobs', doc)).toMatchObject({
      Effect: 'Allow',
      Resource: jobs,
      Condition: { StringEquals: { 'aws:ResourceTag/isotrain:project': 'legal' } },
    });
  });
  test('passing only the training role, only to SageMaker', () => {
    expect(statement('PassTrainingRoleToSageMaker', doc)).toEqual({
      Sid: 'PassTrainingRoleToSageMaker',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
  });
  test("reading the project's parameters by path", () => {
    expect(statement('ReadProjectParameters', doc)).toMatchObject({
      Action: 'ssm:GetParametersByPath',
      Resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/isotrain/legal',
    });
  });

  test('fits the 6,144-character managed-policy limit with 6 subnets and 6 instance types', () => {
    const big = literalPolicy({
      subnetIds: Array.from({ length: 6 }, (_, i) => `subnet-0${'a'.repeat(15)}${i}`),
      instanceTypes: [
        'ml.g5.2xlarge',
        'ml.g5.12xlarge',
        'ml.g5.48xlarge',
        'ml.p4d.24xlarge',
        'ml.p5.48xlarge',
        'ml.g6e.12xlarge',
      ],
    });
    // Bucket ARNs resolve to about 70 characters once deployed.
    const text = JSON.stringify(big).replace(
      /\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":s3:::[^"]+"\]\]\}/g,
      `"${'x'.repeat(70)}"`,
    );
    expect(text.length).toBeLessThan(6144);
  });

  test('fails at synth when the policy would exceed the managed-policy size limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => `ml.g5.${i}xlarge`);
    expect(() => literalPolicy({ instanceTypes: many })).toThrow(
      /LauncherPolicy: the policy would be about \d+ characters once deployed, above IAM's 6144 for a managed policy; shorten training\.instanceTypes \(120 types\)/,
    );
  });

  test('fails when a list that pins a guardrail is empty', () => {
    const app = newApp();
    const stack = new Stack(app, 'T');
    const base = {
      projectName: 'legal',
      trainingRole: iam.Role.fromRoleArn(stack, 'R', ROLE),
      dataBucket: s3.Bucket.fromBucketName(stack, 'D', 'data-bucket'),
      artifactsBucket: s3.Bucket.fromBucketName(stack, 'A', 'artifacts-bucket'),
      dataKey: kms.Key.fromKeyArn(stack, 'DK', DATA_KEY),
      artifactsKey: kms.Key.fromKeyArn(stack, 'AK', ARTIFACTS_KEY),
      subnetIds: SUBNETS,
      securityGroupIds: [SG],
      instanceTypes: ['ml.g5.2xlarge'],
      maxRuntimeSeconds: 3600,
    };
    expect(() => new LauncherPolicy(stack, 'A1', { ...base, subnetIds: [] })).toThrow(/subnetIds.*got \[\]/);
    expect(() => new LauncherPolicy(stack, 'A2', { ...base, securityGroupIds: [] })).toThrow(
      /securityGroupIds/,
    );
    expect(() => new LauncherPolicy(stack, 'A3', { ...base, instanceTypes: [] })).toThrow(/instanceTypes/);
  });
});

describe('Access stack in the project stage', () => {
  const config = project({
    training: {
      instanceTypes: ['ml.g5.2xlarge'],
      maxRuntimeSeconds: 7200,
      ecrRepositories: ['isotrain/finetune'],
    },
  });
  const { stage } = synthProject(config);
  const access = Template.fromStack(stage.access);

  test('is named <project>-Access and publishes the policy ARN as output and parameter', () => {
    expect(stage.access.stackName).toBe('legal-Access');
    access.hasOutput('LauncherPolicyArn', {});
    access.hasResourceProperties('AWS::SSM::Parameter', { Name: '/isotrain/legal/launcher-policy-arn' });
  });
  test("pins the project's own deployed values and project-file limits", () => {
    const [policy] = Object.values(access.findResources('AWS::IAM::ManagedPolicy'));
    const doc = policy.Properties.PolicyDocument as { Statement: Statement[] };
    expect(statement('DenyJobsOnOtherInstanceTypes', doc).Condition).toEqual({
      'ForAnyValue:StringNotEquals': { 'sagemaker:InstanceTypes': ['ml.g5.2xlarge'] },
    });
    expect(statement('DenyJobsOverMaxRuntime', doc).Condition).toEqual({
      NumericGreaterThanIfExists: { 'sagemaker:MaxRuntimeInSeconds': '7200' },
    });
    const subnets = statement('DenyJobsInOtherSubnets', doc).Condition!['ForAnyValue:StringNotEquals'][
      'sagemaker:VpcSubnets'
    ] as unknown[];
    expect(subnets).toHaveLength(2);
    expect(JSON.stringify(subnets)).toContain('legal-Network');
    expect(JSON.stringify(statement('DenyJobsWithoutProjectVolumeKey', doc))).toContain('legal-Keys');
  });
  test('passes every registered compliance pack with only the documented acknowledgments', () => {
    for (const pack of compliancePacks()) {
      expect(pack.validateScope(stage.access).violations).toEqual([]);
    }
  });
});
