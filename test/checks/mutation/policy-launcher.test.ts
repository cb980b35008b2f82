/**
 * Policy mutants of the launcher guardrails and fence (issue 9): each lets a launcher holder start a
 * job, or other compute, that can let data out; the rule named must flag it (see harness.ts).
 */
import { Json, Mutant, Templates, managed, mutationSuite } from './harness';
import { addInlinePolicy, dropSid, fence, launcher, managedEntryWith, roleArn, sid } from './policy-support';

/** A customer-managed policy handed out beside the launcher: other SageMaker compute as the training role. */
function handOut(t: Templates, id: string, actions: string[], extra: Json = {}): void {
  const { file } = managedEntryWith(t, 'LaunchProjectJobs');
  t[file].Resources[id] = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      ...extra,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: actions, Resource: '*' },
          { ...sid(launcher(t), 'PassTrainingRoleToSageMaker'), Sid: 'PassTheTrainingRole' },
        ],
      },
    },
  };
}

export const MUTANTS: Mutant[] = [
  {
    name: 'the network-isolation Deny deleted',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => dropSid(launcher(t), 'DenyJobsWithoutNetworkIsolation'),
  },
  {
    name: 'BoolIfExists turned into Bool (a job that omits network isolation passes)',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      const s = sid(launcher(t), 'DenyJobsWithoutNetworkIsolation');
      s.Condition = { Bool: s.Condition.BoolIfExists };
    },
  },
  {
    name: 'the subnet Denies deleted',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      dropSid(launcher(t), 'DenyJobsOutsideProjectVpc');
      dropSid(launcher(t), 'DenyJobsInOtherSubnets');
    },
  },
  {
    name: 'the security-group Denies deleted',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      dropSid(launcher(t), 'DenyJobsWithoutSecurityGroups');
      dropSid(launcher(t), 'DenyJobsWithOtherSecurityGroups');
    },
  },
  {
    name: 'network isolation and inter-container encryption in one Deny (the conditions are ANDed)',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      const doc = launcher(t);
      const encryption = sid(doc, 'DenyJobsWithoutInterContainerEncryption');
      dropSid(doc, 'DenyJobsWithoutInterContainerEncryption');
      Object.assign(
        sid(doc, 'DenyJobsWithoutNetworkIsolation').Condition.BoolIfExists,
        encryption.Condition.BoolIfExists,
      );
    },
  },
  {
    name: 'a subnet of another VPC added to the subnet allowlist',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) =>
      sid(launcher(t), 'DenyJobsInOtherSubnets').Condition['ForAnyValue:StringNotEquals'][
        'sagemaker:VpcSubnets'
      ].push('subnet-0123456789abcdef0'),
  },
  {
    name: 'the instance-type Deny written with ForAllValues',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      const s = sid(launcher(t), 'DenyJobsOnOtherInstanceTypes');
      s.Condition = { 'ForAllValues:StringNotEquals': s.Condition['ForAnyValue:StringNotEquals'] };
    },
  },
  {
    name: 'the runtime Deny without IfExists (a job that omits its runtime passes)',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => {
      const s = sid(launcher(t), 'DenyJobsOverMaxRuntime');
      s.Condition = { NumericGreaterThan: s.Condition.NumericGreaterThanIfExists };
    },
  },
  {
    name: 'the output-key Deny deleted',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) => dropSid(launcher(t), 'DenyJobsWithoutProjectOutputKey'),
  },
  {
    name: 'the uploader role may start training jobs without guardrails',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) =>
      managed(t, 'uploader-role').Statement.push({
        Effect: 'Allow',
        Action: 'sagemaker:CreateTrainingJob',
        Resource: '*',
      }),
  },
  {
    name: 'the other-compute Deny deleted',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => dropSid(fence(t), 'DenySageMakerBeyondTheLauncher'),
  },
  {
    name: 'the other-compute Deny turned into a blocklist',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => {
      const s: Json = sid(fence(t), 'DenySageMakerBeyondTheLauncher');
      delete s.NotAction;
      s.Action = [
        'sagemaker:CreateEndpoint',
        'sagemaker:CreateEndpointConfig',
        'sagemaker:CreateNotebookInstance',
        'sagemaker:CreateTransformJob',
      ];
    },
  },
  {
    name: "sagemaker:Search (any job's FailureReason and metrics) no longer denied",
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => {
      const s = sid(fence(t), 'DenyUnscopedSageMakerActions');
      s.Action = s.Action.filter((a: string) => a !== 'sagemaker:Search');
    },
  },
  {
    name: "other projects' jobs no longer fenced off",
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => {
      dropSid(fence(t), 'DenyOtherProjectsJobs');
      sid(launcher(t), 'FollowProjectJobs').Resource = '*';
      delete sid(launcher(t), 'FollowProjectJobs').Condition;
    },
  },
  {
    name: 'the fence no longer denies exporting or subscribing to the job logs',
    rule: 'Isolation-IAM5',
    mutate: (t) => (sid(fence(t), 'DenyJobLogsAccess').Action = ['logs:Unmask']),
  },
  {
    name: 'the fence no longer denies account-wide log subscription policies',
    rule: 'Isolation-IAM5',
    mutate: (t) => dropSid(fence(t), 'DenyAccountLogPolicies'),
  },
  // ---- found by the second adversarial review (issue 9, policy half) ----
  {
    name: 'the uploader role may run a transform job as the training role (a launcher without the fence)',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) =>
      managed(t, 'uploader-role').Statement.push(
        { Effect: 'Allow', Action: ['sagemaker:CreateModel', 'sagemaker:CreateTransformJob'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: roleArn(t, 'training-role'),
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        },
      ),
  },
  {
    name: 'the release role may start a notebook as the training role',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) =>
      managed(t, 'release-role').Statement.push(
        {
          Effect: 'Allow',
          Action: ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
          Resource: '*',
        },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: roleArn(t, 'training-role'),
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        },
      ),
  },
  {
    name: 'the other-compute Deny pinned to the project region',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => {
      const s = sid(fence(t), 'DenySageMakerBeyondTheLauncher');
      s.Resource = 'arn:aws:sagemaker:eu-west-1:*:*';
    },
  },
  {
    name: 'an AWS::IAM::RolePolicy lets the uploader role start training jobs without guardrails',
    rule: 'Isolation-LAUNCH1',
    mutate: (t) =>
      addInlinePolicy(t, 'uploader-role', 'UploaderRoleExtraInline', [
        { Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*' },
      ]),
  },
  // ---- third hunt: a holder is judged by what it holds, not by what sits beside its policy ----
  {
    name: 'a second handed-out policy beside the launcher starts tuning jobs as the training role (the fence is published for the launcher only)',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => handOut(t, 'TuningPolicy', ['sagemaker:CreateHyperParameterTuningJob']),
  },
  {
    name: 'a policy attached to a user outside the templates starts pipelines as the training role',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) =>
      handOut(t, 'PipelinePolicy', ['sagemaker:CreatePipeline', 'sagemaker:StartPipelineExecution'], {
        Users: ['data-scientist'],
      }),
  },
  {
    name: 'the launcher fence output names the run-governance policy (whoever follows it gets no fence)',
    rule: 'Isolation-LAUNCH2',
    mutate: (t) => {
      const { file } = managedEntryWith(t, 'LaunchProjectJobs');
      const governance = managedEntryWith(t, 'WipeInputsAndCheckpoints');
      const outputs = t[file].Outputs;
      const name = Object.keys(outputs).find((k) => /FencePolicyArn$/.test(k));
      if (!name) throw new Error('mutant setup: no fence output');
      outputs[name].Value =
        governance.file === file ? { Ref: governance.id } : { 'Fn::ImportValue': 'not-the-fence' };
    },
  },
];

mutationSuite(MUTANTS);
