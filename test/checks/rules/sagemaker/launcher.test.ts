import { LauncherFence } from '../../../../lib/checks/rules/sagemaker/launcher-fence';
import { LauncherGuardrails } from '../../../../lib/checks/rules/sagemaker/launcher-guardrails';
import {
  GUARDRAILS,
  GuardrailValues,
  LAUNCHER_SAGEMAKER_ACTIONS,
  SAGEMAKER_UNSCOPED_ACTIONS_DENIED,
} from '../../../../lib/contract';
import { Statement } from '../../fixture';
import { arn, publishWithFence, ref, res, tag } from '../../support';
import { Build, flags, reasonsOf } from '../reasons';

const JOBS = [
  'arn:aws:sagemaker:eu-west-1:111122223333:training-job/legal--*',
  'arn:aws:sagemaker:eu-west-1:111122223333:processing-job/legal--*',
];

/** The project's network and keys, and a launcher whose guardrail Denies come from the contract's data. */
function project(change: (statements: Statement[]) => Statement[] = (s) => s, fence = FENCE): Build {
  return (s) => {
    res(s, 'Vpc', 'AWS::EC2::VPC', {
      CidrBlock: '10.40.0.0/16',
      Tags: [{ Key: 'isotrain:project', Value: 'legal' }],
    });
    res(s, 'Subnet', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.40.0.0/17' });
    res(s, 'Group', 'AWS::EC2::SecurityGroup', { VpcId: ref('Vpc'), GroupDescription: 'training' });
    res(s, 'DataKey', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] }, Tags: tag('data-key') });
    res(s, 'ArtifactsKey', 'AWS::KMS::Key', { KeyPolicy: { Statement: [] }, Tags: tag('artifacts-key') });
    const values = {
      projectName: 'legal',
      subnetIds: [ref('Subnet')],
      securityGroupIds: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }],
      volumeKeyArn: arn('DataKey'),
      outputKeyArn: arn('ArtifactsKey'),
      instanceTypes: ['ml.g5.2xlarge'],
      maxRuntimeSeconds: 86400,
    } as unknown as GuardrailValues;
    const statements: Statement[] = [
      {
        Sid: 'Launch',
        Effect: 'Allow',
        Action: ['sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob'],
        Resource: JOBS,
      },
      ...GUARDRAILS.map((g) => ({
        Sid: g.sid,
        Effect: 'Deny',
        Action: [...g.actions],
        Resource: '*',
        Condition: g.condition(values),
      })),
    ];
    res(s, 'Launcher', 'AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Version: '2012-10-17', Statement: change(statements) },
    });
    res(s, 'Fence', 'AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Version: '2012-10-17', Statement: fence },
    });
    publishWithFence(s, 'Launcher', 'Launcher', 'Fence');
  };
}

const FENCE: Statement[] = [
  {
    Sid: 'Beyond',
    Effect: 'Deny',
    NotAction: [...LAUNCHER_SAGEMAKER_ACTIONS],
    Resource: 'arn:aws:sagemaker:*:*:*',
  },
  { Sid: 'Unscoped', Effect: 'Deny', Action: [...SAGEMAKER_UNSCOPED_ACTIONS_DENIED], Resource: '*' },
  {
    Sid: 'OtherProjects',
    Effect: 'Deny',
    Action: LAUNCHER_SAGEMAKER_ACTIONS.filter((a) => !/:List(Training|Processing)Jobs$/.test(a)),
    NotResource: JOBS,
  },
];
const without = (sid: string) => (st: Statement[]) => st.filter((s) => s.Sid !== sid);
const guardrails = (change?: (st: Statement[]) => Statement[]) =>
  reasonsOf(LauncherGuardrails, project(change));

describe('Isolation-LAUNCH1: the launcher guardrails, present and effective', () => {
  test('passes guardrails written from the contract, the valid job allowed', () => {
    expect(guardrails()).toEqual({});
  });
  test.each(GUARDRAILS.map((g) => g.sid))(
    'fails when %s is deleted, naming the request it lets through',
    (sid) => {
      const f = guardrails(without(sid));
      expect(flags(f, 'Launcher', new RegExp(`is allowed to a holder of Launcher \\(${sid}\\)`))).toBe(true);
    },
  );
  test('fails when BoolIfExists is turned into Bool: the flag omitted passes', () => {
    const f = guardrails((st) =>
      st.map((s) =>
        s.Sid === 'DenyJobsWithoutNetworkIsolation'
          ? { ...s, Condition: { Bool: { 'sagemaker:NetworkIsolation': 'false' } } }
          : s,
      ),
    );
    expect(
      flags(f, 'Launcher', /^CreateTrainingJob with sagemaker:NetworkIsolation omitted is allowed/),
    ).toBe(true);
    expect(flags(f, 'Launcher', /NetworkIsolation = false/)).toBe(false);
  });
  test('fails when the guardrails would refuse the valid job (a subnet the project does not have)', () => {
    const f = guardrails((st) =>
      st.map((s) =>
        s.Sid === 'DenyJobsInOtherSubnets'
          ? {
              ...s,
              Condition: {
                'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': ['subnet-0123456789abcdef0'] },
              },
            }
          : s,
      ),
    );
    expect(flags(f, 'Launcher', /the valid job of the project is refused/)).toBe(true);
    expect(flags(f, 'Launcher', /sagemaker:VpcSubnets = subnet-0123456789abcdef0 is allowed/)).toBe(true);
  });
  test('does not apply to a policy that cannot start jobs', () => {
    expect(
      reasonsOf(LauncherGuardrails, (s) =>
        res(s, 'P', 'AWS::IAM::ManagedPolicy', {
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: 'sagemaker:DescribeTrainingJob', Resource: '*' }],
          },
        }),
      ),
    ).toEqual({});
  });
  test('applies to a role of the templates that may start jobs through an inline policy', () => {
    const f = reasonsOf(LauncherGuardrails, (s) =>
      res(s, 'R', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [
          {
            PolicyName: 'x',
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*' }],
            },
          },
        ],
      }),
    );
    expect(flags(f, 'R', /^CreateTrainingJob with sagemaker:NetworkIsolation omitted is allowed to R/)).toBe(
      true,
    );
  });
});

describe('Isolation-LAUNCH2: no other SageMaker compute, no other project', () => {
  const fence = (statements: Statement[]) => reasonsOf(LauncherFence, project(undefined, statements));
  test('passes an allowlist fence', () => {
    expect(fence(FENCE)).toEqual({});
  });
  test('fails when the allowlist Deny is gone, naming an action AWS has not invented yet', () => {
    const f = fence(without('Beyond')(FENCE));
    expect(flags(f, 'Launcher', /^sagemaker:CreateFutureThing \(an action AWS has not invented yet/)).toBe(
      true,
    );
  });
  test('fails when the allowlist is a blocklist', () => {
    const f = fence(
      FENCE.map((s) =>
        s.Sid === 'Beyond'
          ? { Sid: 'Beyond', Effect: 'Deny', Action: ['sagemaker:CreateEndpoint'], Resource: '*' }
          : s,
      ),
    );
    expect(flags(f, 'Launcher', /^sagemaker:CreateFutureThing/)).toBe(true);
    expect(flags(f, 'Launcher', /^sagemaker:CreateEndpoint /)).toBe(false);
  });
  test('fails when a second handed-out policy beside the fenced launcher starts tuning jobs', () => {
    const f = reasonsOf(LauncherFence, (s) => {
      project()(s);
      res(s, 'Tuner', 'AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sagemaker:CreateHyperParameterTuningJob', Resource: '*' },
            {
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: '*',
              Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
            },
          ],
        },
      });
    });
    // The fence is published for the launcher: a holder of Tuner alone creates endpoints, notebooks ...
    expect(flags(f, 'Tuner', /^sagemaker:CreateEndpoint .* by a holder of Tuner/)).toBe(true);
    expect(f.Launcher).toBeUndefined();
  });
  test("fails when another project's jobs may be stopped", () => {
    const f = fence(without('OtherProjects')(FENCE));
    expect(flags(f, 'Launcher', /on another project's training-job/)).toBe(true);
  });
  test('fails when the fence holds in the project region only', () => {
    const f = fence(
      FENCE.map((s) => (s.Sid === 'Beyond' ? { ...s, Resource: 'arn:aws:sagemaker:eu-west-1:*:*' } : s)),
    );
    expect(
      flags(f, 'Launcher', /^sagemaker:CreateEndpoint and 28 more in another region \(us-east-1\)/),
    ).toBe(true);
  });
  test('applies to a role that may start other SageMaker compute (a transform job), not only training', () => {
    const role =
      (actions: string[]): Build =>
      (s) =>
        res(s, 'R', 'AWS::IAM::Role', {
          AssumeRolePolicyDocument: { Statement: [] },
          Policies: [
            {
              PolicyName: 'x',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
            },
          ],
        });
    const f = reasonsOf(LauncherFence, role(['sagemaker:CreateModel', 'sagemaker:CreateTransformJob']));
    expect(flags(f, 'R', /^sagemaker:CreateEndpoint and 27 more on the project's SageMaker resources/)).toBe(
      true,
    );
    // Hosting alone (the deployment role's models and endpoints) is judged by the serving rules.
    expect(
      reasonsOf(
        LauncherFence,
        role(['sagemaker:CreateModel', 'sagemaker:CreateEndpoint', 'sagemaker:DescribeModel']),
      ),
    ).toEqual({});
  });
});
