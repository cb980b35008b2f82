/**
 * The Serving stack (issue 12) on the fixture project with one endpoint, synthesized once for this
 * file; and a project without endpoints, which must synthesize exactly as before (no Serving stack,
 * the shared assembly's templates byte for byte).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Caller, Inventory } from '../../lib/checks/access/inventory';
import { ask } from '../../lib/checks/access/ask';
import { ADMINISTRATOR } from '../../lib/checks/access/documents';
import { unknownAdmin } from '../../lib/checks/access/callers';
import { isAllowed, isDenied } from '../../lib/checks/iam';
import { AppModel } from '../../lib/checks/model';
import { loadProjects } from '../../lib/config/load';
import { servingOutputName } from '../../lib/contract';
import { ProjectStage } from '../../lib/infra/project-stage';
import { newApp, sharedProject } from '../helpers';
import { sharedAssembly } from '../support/assembly';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'serving', 'projects');
const config = loadProjects(FIXTURE)[0].config;
const app = newApp();
const stage = new ProjectStage(app, { project: config });
const serving = Template.fromStack(stage.serving!);
const data = Template.fromStack(stage.data);
const monitoring = Template.fromStack(stage.monitoring);
const keys = Template.fromStack(stage.keys);
const ENDPOINT = 'legal--contracts-chat';
const ENDPOINT_ARN = `arn:aws:sagemaker:eu-west-1:111122223333:endpoint/${ENDPOINT}`;
const CONSUMER = 'arn:aws:iam::111122223333:role/contracts-app';

const logicalIdOf = (t: Template, type: string, pred: (p: any) => boolean = () => true) =>
  Object.entries(t.findResources(type)).find(([, r]) => pred(r.Properties ?? {}))![0];
const purpose = (p: any) => (p.Tags ?? []).find((t: any) => t.Key === 'isotrain:purpose')?.Value;

describe('a project without endpoints', () => {
  test('synthesizes no Serving stack and the same templates, byte for byte', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-no-serving-'));
    try {
      const plain = newApp({ outdir: root });
      const s = new ProjectStage(plain, {
        project: { ...sharedProject(), serving: { captureDays: 7, endpoints: [] } },
      });
      expect(s.serving).toBeUndefined();
      const dir = s.synth().directory;
      const shared = sharedAssembly();
      const mine = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
      expect(mine.sort()).toEqual(shared.files.map((f) => path.basename(f)).sort());
      for (const f of mine) {
        expect(fs.readFileSync(path.join(dir, f), 'utf8')).toBe(
          fs.readFileSync(path.join(shared.dir, f), 'utf8'),
        );
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the Serving stack of a project with one endpoint', () => {
  test('is named <project>-Serving and deploys to the project account and region', () => {
    expect(stage.serving!.stackName).toBe('legal-Serving');
    expect(stage.serving!.account).toBe('111122223333');
  });

  test('serves the run artifact with network isolation in the project subnets and security group', () => {
    serving.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      PrimaryContainer: {
        Image: config.serving.endpoints[0].image,
        ModelDataUrl: {
          'Fn::Join': [
            '',
            [
              's3://',
              Match.anyValue(),
              '/models/legal--contracts-lora-20261129013405-45c1/output/model.tar.gz',
            ],
          ],
        },
      },
    });
    const model = Object.values(serving.findResources('AWS::SageMaker::Model'))[0].Properties;
    expect(model.VpcConfig.Subnets).toHaveLength(2);
    expect(model.VpcConfig.SecurityGroupIds).toHaveLength(1);
    // The network stack's isolated subnets and training security group, by reference.
    expect(JSON.stringify(model.VpcConfig)).toMatch(/legal-Network/);
  });

  test('encrypts volumes and captures with the project keys and captures every request and response', () => {
    serving.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: Match.anyValue(),
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 })],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        KmsKeyId: Match.anyValue(),
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        DestinationS3Uri: Match.anyValue(),
      },
    });
    serving.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: ENDPOINT });
  });

  test('keeps captures in a retained, KMS-encrypted bucket whose objects and versions expire', () => {
    const id = logicalIdOf(data, 'AWS::S3::Bucket', (p) => purpose(p) === 'serving-capture');
    expect(id).toBe('ServingCapture42CA9A7F');
    data.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Tags: Match.arrayWith([{ Key: 'isotrain:purpose', Value: 'serving-capture' }]),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
          ]),
        },
      }),
    });
    // Its object reads and writes are data events of the project trail.
    const trail = Object.values(data.findResources('AWS::CloudTrail::Trail'))[0].Properties;
    expect(JSON.stringify(trail.EventSelectors)).toContain(id);
  });

  test('records every invocation of the project endpoints in a data-events trail, watched for tampering', () => {
    const trail = Object.values(monitoring.findResources('AWS::CloudTrail::Trail'))[0].Properties;
    expect(trail.EnableLogFileValidation).toBe(true);
    expect(trail.EventSelectors).toBeUndefined();
    expect(trail.AdvancedEventSelectors[0].FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::Endpoint'] },
      { Field: 'resources.ARN', StartsWith: ['arn:aws:sagemaker:eu-west-1:111122223333:endpoint/legal--'] },
    ]);
    const trailId = logicalIdOf(monitoring, 'AWS::CloudTrail::Trail');
    const rules = JSON.stringify(monitoring.findResources('AWS::Events::Rule'));
    expect(rules).toContain(`{"Ref":"${trailId}"}`);
  });

  test('alarms on invocations, errors and latency publish to the alert topic', () => {
    const alarms = Object.values(serving.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms).toHaveLength(4);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
    expect(
      alarms
        .filter((a) => a.ThresholdMetricId === 'band')
        .map((a) => a.Metrics[0].MetricStat.Metric.MetricName),
    ).toEqual(['Invocations', 'ModelLatency']);
    monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ServingAlarmsPublish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:legal-Serving-*' },
            }),
          }),
        ]),
      },
    });
    keys.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CloudWatchAlarmsPublishToThisAccountsEncryptedTopics' }),
        ]),
      },
    });
  });

  test('the invoker role trusts exactly its consumers', () => {
    serving.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: CONSUMER } }],
      },
      Tags: Match.arrayWith([{ Key: 'isotrain:purpose', Value: 'serving-invoker' }]),
    });
    // No inline policy: `isotrain serving stop` owns the role's only inline policy.
    const role = Object.values(serving.findResources('AWS::IAM::Role'))[0].Properties;
    expect(role.Policies).toBeUndefined();
  });

  test('publishes the endpoint name, invoker role and run under /isotrain/<project>/serving/<endpoint>/', () => {
    for (const [name, value] of [
      ['/isotrain/legal/serving/contracts-chat/endpoint-name', ENDPOINT],
      ['/isotrain/legal/serving/contracts-chat/run-id', 'legal--contracts-lora-20261129013405-45c1'],
    ]) {
      serving.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Value: value });
    }
    serving.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/isotrain/legal/serving/contracts-chat/invoker-role-arn',
    });
  });

  test('the deployment role gets the serving guardrails', () => {
    for (const Sid of [
      'DenyModelsWithoutNetworkIsolation',
      'DenyModelsInOtherSubnets',
      'DenyEndpointConfigsWithoutProjectKey',
      'DenyPassingOtherRoles',
    ]) {
      data.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid, Effect: 'Deny' })]) },
      });
    }
  });
});

/** Who may invoke, evaluated as AWS would decide over the synthesized templates (lib/checks/iam). */
describe('who may invoke the endpoint (IAM evaluation)', () => {
  const cfn = (s: Stack, pred: (r: CfnResource) => boolean) =>
    s.node.findAll().find((n): n is CfnResource => CfnResource.isCfnResource(n) && pred(n))!;
  const invokerNode = cfn(stage.serving!, (r) => r.cfnResourceType === 'AWS::IAM::Role');
  let inv: Inventory;
  let invokerArn: string;
  beforeAll(() => {
    AppModel.reset(stage.serving!);
    inv = Inventory.of(invokerNode);
    invokerArn = inv.symbols.attribute(inv.get(invokerNode), 'Arn');
  });
  const assume = (caller: Caller) =>
    ask({
      caller,
      action: 'sts:AssumeRole',
      resource: invokerArn,
      resourcePolicy: inv.trustPolicy(inv.get(invokerNode)),
      kind: 'role-trust',
    });
  const invoke = (caller: Caller, resource = ENDPOINT_ARN) =>
    ask({ caller, action: 'sagemaker:InvokeEndpoint', resource });
  const outsider = (name: string, identity = [ADMINISTRATOR]): Caller => ({
    id: name,
    principal: {
      type: 'assumed-role',
      arn: `arn:aws:sts::111122223333:assumed-role/${name}/s`,
      roleArn: `arn:aws:iam::111122223333:role/${name}`,
      account: '111122223333',
    },
    identity,
  });

  test('a consumer may assume the invoker role, which may invoke the endpoint and no other', () => {
    expect(isAllowed(assume(outsider('contracts-app')))).toBe(true);
    const invoker = inv.caller(inv.get(invokerNode));
    expect(isAllowed(invoke(invoker))).toBe(true);
    expect(isAllowed(invoke(invoker, 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/legal--other'))).toBe(
      false,
    );
  });

  test('the launcher may neither assume the invoker role nor invoke, whatever else it holds', () => {
    const launcher = inv.holders().find((h) => h.handedOut && /LauncherPolicy/.test(h.carrier.logicalId))!;
    expect(launcher).toBeDefined();
    const holder = { ...launcher.caller, identity: [...launcher.caller.identity, ADMINISTRATOR] };
    expect(isAllowed(assume(holder))).toBe(false);
    expect(isDenied(invoke(holder))).toBe(true);
  });

  test('the uploader may neither assume the invoker role nor invoke', () => {
    const uploader = inv.caller(inv.withPurpose('uploader-role')[0]);
    expect(uploader.purpose).toBe('uploader-role');
    expect(isAllowed(assume(uploader))).toBe(false);
    expect(isAllowed(invoke(uploader))).toBe(false);
  });

  test('an unknown principal may not assume the invoker role, even as an administrator', () => {
    expect(isAllowed(assume(unknownAdmin('111122223333')))).toBe(false);
    expect(isAllowed(invoke(outsider('stranger', [])))).toBe(false);
  });
});

/** The deployment role's serving guardrails, evaluated as AWS would decide, whatever else it holds. */
describe('the deployment role deploys only isolated, encrypted models (IAM evaluation)', () => {
  const node = stage
    .serving!.node.findAll()
    .find(
      (n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::SageMaker::Model',
    )!;
  let inv: Inventory;
  let deployer: Caller;
  let valid: Record<string, string | string[]>;
  const arn = (type: string) => `arn:aws:sagemaker:eu-west-1:111122223333:${type}/legal--contracts-chat`;
  beforeAll(() => {
    AppModel.reset(stage.serving!);
    inv = Inventory.of(node);
    const role = inv.caller(inv.withPurpose('deployment-role')[0]);
    deployer = { ...role, identity: [...role.identity, ADMINISTRATOR] };
    const model = inv.get(node);
    const config = inv.model.ofType('AWS::SageMaker::EndpointConfig')[0];
    valid = {
      'sagemaker:NetworkIsolation': 'true',
      'sagemaker:VpcSubnets': inv.symbols.resolveList(model.props.VpcConfig.Subnets, model.stack),
      'sagemaker:VpcSecurityGroupIds': inv.symbols.resolveList(
        model.props.VpcConfig.SecurityGroupIds,
        model.stack,
      ),
      'sagemaker:VolumeKmsKeyArn': inv.symbols.resolve(config.props.KmsKeyId, config.stack),
      'sagemaker:ModelArn': arn('model'),
    };
  });
  const create = (action: string, type: string, change: Record<string, string | string[] | undefined>) => {
    const context = Object.fromEntries(
      Object.entries({ ...valid, ...change }).filter(([, v]) => v !== undefined),
    ) as Record<string, string | string[]>;
    return ask({ caller: deployer, action, resource: arn(type), context });
  };

  test('a model with network isolation in the project subnets and group is not denied', () => {
    expect(isDenied(create('sagemaker:CreateModel', 'model', {}))).toBe(false);
    expect(isDenied(create('sagemaker:CreateEndpointConfig', 'endpoint-config', {}))).toBe(false);
  });
  test.each([
    ['network isolation off', { 'sagemaker:NetworkIsolation': 'false' }],
    ['network isolation omitted', { 'sagemaker:NetworkIsolation': undefined }],
    ['no VPC', { 'sagemaker:VpcSubnets': undefined }],
    ['another subnet', { 'sagemaker:VpcSubnets': ['subnet-0123456789abcdef0'] }],
    ['another security group', { 'sagemaker:VpcSecurityGroupIds': ['sg-0123456789abcdef0'] }],
  ])('a model with %s is denied', (_what, change) => {
    expect(isDenied(create('sagemaker:CreateModel', 'model', change))).toBe(true);
  });
  test.each([
    ['no volume key', { 'sagemaker:VolumeKmsKeyArn': undefined }],
    ['another key', { 'sagemaker:VolumeKmsKeyArn': 'arn:aws:kms:eu-west-1:111122223333:key/other' }],
    [
      'a model of another project',
      { 'sagemaker:ModelArn': 'arn:aws:sagemaker:eu-west-1:111122223333:model/hr--x' },
    ],
  ])('an endpoint config with %s is denied', (_what, change) => {
    expect(isDenied(create('sagemaker:CreateEndpointConfig', 'endpoint-config', change))).toBe(true);
  });
  test('passing any role but a serving role is denied (no model it creates reads unreleased artifacts)', () => {
    const serving = inv.symbols.attribute(inv.withPurpose('serving-role')[0], 'Arn');
    const pass = (resource: string) =>
      ask({
        caller: deployer,
        action: 'iam:PassRole',
        resource,
        context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      });
    expect(isDenied(pass(serving))).toBe(false);
    expect(isDenied(pass(inv.symbols.attribute(inv.withPurpose('training-role')[0], 'Arn')))).toBe(true);
  });
});

test("the endpoint's values are stack outputs named from the contract", () => {
  expect(Object.keys(serving.findOutputs('*')).sort()).toEqual(
    expect.arrayContaining([
      servingOutputName('contracts-chat', 'EndpointName'),
      servingOutputName('contracts-chat', 'InvokerRoleArn'),
      servingOutputName('contracts-chat', 'RunId'),
    ]),
  );
  expect(servingOutputName('contracts-chat', 'RunId')).toBe('ContractsChatRunId');
});
