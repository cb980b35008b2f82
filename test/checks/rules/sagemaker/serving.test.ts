/** The serving rules (issue 12) over small hand-written stacks: compliant, and each way they fail. */
import { Stack } from 'aws-cdk-lib';
import { ServingConfigEncryption } from '../../../../lib/checks/rules/sagemaker/serving-config-encryption';
import { ServingDataCapture } from '../../../../lib/checks/rules/sagemaker/serving-data-capture';
import { ServingInvokerScope } from '../../../../lib/checks/rules/sagemaker/serving-invoker-scope';
import { ServingDeploymentGuardrails } from '../../../../lib/checks/rules/sagemaker/serving-deployment-guardrails';
import { SERVING_GUARDRAILS } from '../../../../lib/contract';
import { ServingModelIsolation } from '../../../../lib/checks/rules/sagemaker/serving-model-isolation';
import { arn, ref, res, tag } from '../../support';
import { flags, reasonsOf } from '../reasons';

type Props = Record<string, any>;
const ENDPOINT_ARN = 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/legal--chat';
const RELEASED = { StringEquals: { 's3:ExistingObjectTag/isotrain:release': 'approved' } };
const MODEL_KEY = 'models/legal--run-1/output/model.tar.gz';

function network(s: Stack) {
  res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
  res(s, 'SubnetA', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.40.0.0/17' });
  res(s, 'SubnetB', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.40.128.0/17' });
  res(s, 'Group', 'AWS::EC2::SecurityGroup', { VpcId: ref('Vpc'), GroupDescription: 'training' });
  res(s, 'DataKey', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] }, Tags: tag('data-key') });
  res(s, 'ArtifactsKey', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] }, Tags: tag('artifacts-key') });
  res(s, 'OtherKey', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] } });
  res(s, 'Artifacts', 'AWS::S3::Bucket', { Tags: tag('artifacts') });
}

function servingRole(s: Stack, condition: Props | undefined) {
  res(s, 'ServingRole', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    Policies: [
      {
        PolicyName: 'p',
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject'],
              Resource: { 'Fn::Join': ['', [arn('Artifacts'), `/${MODEL_KEY}`]] },
              ...(condition ? { Condition: condition } : {}),
            },
          ],
        },
      },
    ],
    Tags: tag('serving-role'),
  });
}

function model(change: (p: Props) => Props = (p) => p, condition?: Props | null) {
  return (s: Stack) => {
    network(s);
    servingRole(s, condition === null ? undefined : (condition ?? RELEASED));
    res(
      s,
      'Model',
      'AWS::SageMaker::Model',
      change({
        ExecutionRoleArn: arn('ServingRole'),
        EnableNetworkIsolation: true,
        VpcConfig: {
          Subnets: [ref('SubnetA'), ref('SubnetB')],
          SecurityGroupIds: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }],
        },
        PrimaryContainer: {
          Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/inference@sha256:' + 'a'.repeat(64),
          ModelDataUrl: { 'Fn::Join': ['', ['s3://', ref('Artifacts'), `/${MODEL_KEY}`]] },
        },
      }),
    );
  };
}

describe('Isolation-SERVE1: served models are isolated and read released versions only', () => {
  test('passes an isolated model in the project network whose role reads released versions only', () => {
    expect(reasonsOf(ServingModelIsolation, model())).toEqual({});
  });
  test('fails when network isolation is off', () => {
    const f = reasonsOf(
      ServingModelIsolation,
      model((p) => ({ ...p, EnableNetworkIsolation: false })),
    );
    expect(flags(f, 'Model', /network isolation off/)).toBe(true);
  });
  test('fails when the model has no VPC config', () => {
    const f = reasonsOf(
      ServingModelIsolation,
      model(({ VpcConfig: _v, ...p }) => p),
    );
    expect(flags(f, 'Model', /subnets outside the project/)).toBe(true);
  });
  test('fails when a subnet is not one of the templates', () => {
    const f = reasonsOf(
      ServingModelIsolation,
      model((p) => ({ ...p, VpcConfig: { ...p.VpcConfig, Subnets: ['subnet-0123456789abcdef0'] } })),
    );
    expect(flags(f, 'Model', /subnets outside the project/)).toBe(true);
  });
  test('fails when the execution role reads the model whatever its release tag', () => {
    const f = reasonsOf(
      ServingModelIsolation,
      model((p) => p, null),
    );
    expect(flags(f, 'Model', /may read the model data without the release tag/)).toBe(true);
  });
  test('fails when the execution role is not a role of the templates', () => {
    const f = reasonsOf(
      ServingModelIsolation,
      model((p) => ({ ...p, ExecutionRoleArn: 'arn:aws:iam::111122223333:role/elsewhere' })),
    );
    expect(flags(f, 'Model', /not a role of the templates/)).toBe(true);
  });
});

function config(change: (p: Props) => Props = (p) => p, bucket: (p: Props) => Props = (p) => p) {
  return (s: Stack) => {
    network(s);
    res(
      s,
      'Capture',
      'AWS::S3::Bucket',
      bucket({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn('DataKey') } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'Expire',
              Status: 'Enabled',
              ExpirationInDays: 7,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            },
          ],
        },
        Tags: tag('serving-capture'),
      }),
    );
    res(
      s,
      'Config',
      'AWS::SageMaker::EndpointConfig',
      change({
        KmsKeyId: arn('ArtifactsKey'),
        ProductionVariants: [
          { VariantName: 'released', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
        ],
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 100,
          DestinationS3Uri: { 'Fn::Join': ['', ['s3://', ref('Capture'), '/capture/legal--chat']] },
          KmsKeyId: arn('DataKey'),
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        },
      }),
    );
  };
}

describe('Isolation-SERVE2: endpoint volumes are encrypted with a project key', () => {
  test('passes a config with the artifacts key', () => {
    expect(reasonsOf(ServingConfigEncryption, config())).toEqual({});
  });
  test('fails when KmsKeyId is missing', () => {
    const f = reasonsOf(
      ServingConfigEncryption,
      config(({ KmsKeyId: _k, ...p }) => p),
    );
    expect(flags(f, 'Config', /no KMS key/)).toBe(true);
  });
  test('fails when KmsKeyId is a key that is not a project data key', () => {
    const f = reasonsOf(
      ServingConfigEncryption,
      config((p) => ({ ...p, KmsKeyId: arn('OtherKey') })),
    );
    expect(flags(f, 'Config', /OtherKey is not the project's data or artifacts key/)).toBe(true);
  });
  test('fails when KmsKeyId is an AWS-managed alias', () => {
    const f = reasonsOf(
      ServingConfigEncryption,
      config((p) => ({ ...p, KmsKeyId: 'alias/aws/sagemaker' })),
    );
    expect(flags(f, 'Config', /not a KMS key of the templates/)).toBe(true);
  });
});

describe('Isolation-SERVE3: captures are complete, encrypted and short-lived', () => {
  test('passes a full capture, encrypted, into a bucket that expires it within days', () => {
    expect(reasonsOf(ServingDataCapture, config())).toEqual({});
  });
  test('fails without data capture', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config(({ DataCaptureConfig: _d, ...p }) => p),
    );
    expect(flags(f, 'Config', /no data capture/)).toBe(true);
  });
  test('fails when captures are not encrypted with a project key', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config((p) => ({ ...p, DataCaptureConfig: { ...p.DataCaptureConfig, KmsKeyId: undefined } })),
    );
    expect(flags(f, 'Config', /capture encryption: no KMS key/)).toBe(true);
  });
  test('fails when only a sample, or only inputs, are captured', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config((p) => ({
        ...p,
        DataCaptureConfig: {
          ...p.DataCaptureConfig,
          InitialSamplingPercentage: 10,
          CaptureOptions: [{ CaptureMode: 'Input' }],
        },
      })),
    );
    expect(flags(f, 'Config', /captures a sample/)).toBe(true);
    expect(flags(f, 'Config', /Output not captured/)).toBe(true);
  });
  test('fails when captures go to a bucket outside the templates', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config((p) => ({
        ...p,
        DataCaptureConfig: { ...p.DataCaptureConfig, DestinationS3Uri: 's3://elsewhere/x' },
      })),
    );
    expect(flags(f, 'Config', /outside the templates/)).toBe(true);
  });
  test('fails when the capture bucket keeps captures for a year', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config(
        (p) => p,
        (b) => ({
          ...b,
          LifecycleConfiguration: {
            Rules: [
              {
                Status: 'Enabled',
                ExpirationInDays: 365,
                NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              },
            ],
          },
        }),
      ),
    );
    expect(flags(f, 'Config', /no lifecycle rule expires every capture within 30 days/)).toBe(true);
  });
  test('fails when noncurrent versions of captures are never removed', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config(
        (p) => p,
        (b) => ({ ...b, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 7 }] } }),
      ),
    );
    expect(flags(f, 'Config', /noncurrent versions/)).toBe(true);
  });
  test('fails when the expiry covers only a prefix', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config(
        (p) => p,
        (b) => ({
          ...b,
          LifecycleConfiguration: {
            Rules: [
              {
                Status: 'Enabled',
                Prefix: 'tmp/',
                ExpirationInDays: 7,
                NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              },
            ],
          },
        }),
      ),
    );
    expect(flags(f, 'Config', /no lifecycle rule expires/)).toBe(true);
  });
  test('fails when the capture bucket is not encrypted with a project key', () => {
    const f = reasonsOf(
      ServingDataCapture,
      config(
        (p) => p,
        (b) => ({
          ...b,
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        }),
      ),
    );
    expect(flags(f, 'Config', /not encrypted with KMS/)).toBe(true);
  });
});

function invoker(
  statements: Props[] = [{ Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: ENDPOINT_ARN }],
  principal: Props = { AWS: 'arn:aws:iam::111122223333:role/contracts-app' },
) {
  return (s: Stack) => {
    res(s, 'Endpoint', 'AWS::SageMaker::Endpoint', { EndpointName: 'legal--chat', EndpointConfigName: 'c' });
    res(s, 'Other', 'AWS::SageMaker::Endpoint', { EndpointName: 'legal--other', EndpointConfigName: 'c' });
    res(s, 'Uploader', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [] },
      Tags: tag('uploader-role'),
    });
    res(s, 'Invoker', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
      },
      Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }],
      Tags: tag('serving-invoker'),
    });
  };
}

describe('Isolation-SERVE4: invoker roles invoke their endpoint only, for their consumers only', () => {
  test('passes a role trusted by its consumer that invokes its one endpoint', () => {
    expect(reasonsOf(ServingInvokerScope, invoker())).toEqual({});
  });
  test('fails when it may invoke every endpoint of the project', () => {
    const f = reasonsOf(
      ServingInvokerScope,
      invoker([
        {
          Effect: 'Allow',
          Action: 'sagemaker:InvokeEndpoint',
          Resource: 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/legal--*',
        },
      ]),
    );
    expect(flags(f, 'Invoker', /allowed on 2 endpoints/)).toBe(true);
  });
  test('fails when it may invoke endpoints the templates do not define', () => {
    const f = reasonsOf(
      ServingInvokerScope,
      invoker([{ Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: '*' }]),
    );
    expect(flags(f, 'Invoker', /an endpoint the templates do not define/)).toBe(true);
  });
  test('fails when it may do more than invoke', () => {
    const f = reasonsOf(
      ServingInvokerScope,
      invoker([
        { Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: ENDPOINT_ARN },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      ]),
    );
    expect(flags(f, 'Invoker', /s3:GetObject is allowed/)).toBe(true);
  });
  test('fails when it may invoke its own endpoint asynchronously', () => {
    const f = reasonsOf(
      ServingInvokerScope,
      invoker([
        {
          Effect: 'Allow',
          Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync'],
          Resource: ENDPOINT_ARN,
        },
      ]),
    );
    expect(flags(f, 'Invoker', /^sagemaker:InvokeEndpointAsync is allowed/)).toBe(true);
  });
  test('fails when its trust names the account root (every administrator may assume it)', () => {
    const f = reasonsOf(ServingInvokerScope, invoker(undefined, { AWS: 'arn:aws:iam::111122223333:root' }));
    expect(flags(f, 'Invoker', /sts:AssumeRole by an unknown administrator/)).toBe(true);
  });
  test('does not apply to roles that are not invokers', () => {
    expect(
      reasonsOf(ServingInvokerScope, (s) => {
        res(s, 'R', 'AWS::IAM::Role', {
          AssumeRolePolicyDocument: { Statement: [] },
          Policies: [
            {
              PolicyName: 'p',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            },
          ],
        });
      }),
    ).toEqual({});
  });
});

/** The project's network and keys, the training and serving roles, and a deployment role whose guardrails come from the contract. */
function deployment(change: (statements: Props[]) => Props[] = (st) => st) {
  return (s: Stack) => {
    network(s);
    servingRole(s, RELEASED);
    res(s, 'Training', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [] },
      Tags: tag('training-role'),
    });
    const values = {
      projectName: 'legal',
      subnetIds: [ref('SubnetA'), ref('SubnetB')],
      securityGroupIds: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }],
      volumeKeyArn: arn('ArtifactsKey'),
      modelArnPrefix: 'arn:aws:sagemaker:eu-west-1:111122223333:model/',
    };
    const statements: Props[] = [
      {
        Sid: 'Deploy',
        Effect: 'Allow',
        Action: ['sagemaker:CreateModel', 'sagemaker:CreateEndpointConfig', 'sagemaker:CreateEndpoint'],
        Resource: ['model', 'endpoint-config', 'endpoint'].map(
          (t) => `arn:aws:sagemaker:eu-west-1:111122223333:${t}/legal--*`,
        ),
      },
      {
        Sid: 'Pass',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: arn('ServingRole'),
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
      {
        Sid: 'DenyPassingOtherRoles',
        Effect: 'Deny',
        Action: 'iam:PassRole',
        NotResource: arn('ServingRole'),
      },
      ...SERVING_GUARDRAILS.map((g) => ({
        Sid: g.sid,
        Effect: 'Deny',
        Action: g.action,
        Resource: '*',
        Condition: g.condition(values as never),
      })),
    ];
    res(s, 'Deployment', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [] },
      Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: change(statements) } }],
      Tags: [...tag('deployment-role'), { Key: 'isotrain:project', Value: 'legal' }],
    });
  };
}
const withoutSid = (sid: string) => (st: Props[]) => st.filter((x) => x.Sid !== sid);

describe('Isolation-SERVE5: whoever creates models is held to the serving guardrails', () => {
  test('passes deployment guardrails written from the contract', () => {
    expect(reasonsOf(ServingDeploymentGuardrails, deployment())).toEqual({});
  });
  test.each(SERVING_GUARDRAILS.map((g) => g.sid))('fails when %s is deleted', (sid) => {
    expect(reasonsOf(ServingDeploymentGuardrails, deployment(withoutSid(sid)))).toHaveProperty('Deployment');
  });
  test('fails when a model may run as the training role, naming the role', () => {
    const f = reasonsOf(
      ServingDeploymentGuardrails,
      deployment((st) =>
        withoutSid('DenyPassingOtherRoles')(st).map((x) =>
          x.Sid === 'Pass' ? { ...x, Resource: [arn('ServingRole'), arn('Training')] } : x,
        ),
      ),
    );
    expect(
      flags(
        f,
        'Deployment',
        /^iam:PassRole of arn:aws:iam::111122223333:role\/<Training> \(not a serving role\)/,
      ),
    ).toBe(true);
  });
  test('fails when network isolation is denied only when set false (omitted passes)', () => {
    const f = reasonsOf(
      ServingDeploymentGuardrails,
      deployment((st) =>
        st.map((x) =>
          x.Sid === 'DenyModelsWithoutNetworkIsolation'
            ? { ...x, Condition: { Bool: { 'sagemaker:NetworkIsolation': 'false' } } }
            : x,
        ),
      ),
    );
    expect(flags(f, 'Deployment', /^CreateModel with sagemaker:NetworkIsolation omitted is allowed/)).toBe(
      true,
    );
  });
  test('does not apply to roles that cannot create models or endpoint configs', () => {
    expect(reasonsOf(ServingDeploymentGuardrails, (s) => servingRole(s, RELEASED))).toEqual({});
  });
});
