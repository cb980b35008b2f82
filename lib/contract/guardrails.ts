/**
 * The launcher policy's guardrails as plain data: the construct turns them into IAM statements, the
 * launcher uses them to say which guardrail most likely refused a request, and the README's table is
 * written from them.
 *
 * One Deny statement per guardrail: two conditions in one statement are ANDed, which would let a job
 * through that breaks only one of them. Every operator is safe when the key is absent from the
 * request (`...IfExists` or a separate `Null` statement).
 */

export const CREATE_TRAINING_JOB = 'sagemaker:CreateTrainingJob';
export const CREATE_PROCESSING_JOB = 'sagemaker:CreateProcessingJob';

/** The two job types a project may start; processing jobs are used for evaluation (issue 5). */
export const GUARDED_ACTIONS = [CREATE_TRAINING_JOB, CREATE_PROCESSING_JOB] as const;

/** Values the guardrails pin: the project's deployed resources and its project-file limits. */
export interface GuardrailValues {
  readonly projectName: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Encrypts training volumes: the project's data key. */
  readonly volumeKeyArn: string;
  /** Encrypts model artifacts and checkpoints: the project's artifacts key. */
  readonly outputKeyArn: string;
  readonly instanceTypes: readonly string[];
  readonly maxRuntimeSeconds: number;
}

/** Which part of the request a guardrail looks at, for error messages. */
export type GuardedField =
  | 'EnableNetworkIsolation'
  | 'EnableInterContainerTrafficEncryption'
  | 'VpcConfig.Subnets'
  | 'VpcConfig.SecurityGroupIds'
  | 'ResourceConfig.VolumeKmsKeyId'
  | 'OutputDataConfig.KmsKeyId'
  | 'ResourceConfig.InstanceType'
  | 'StoppingCondition.MaxRuntimeInSeconds'
  | 'RemoteDebugConfig.EnableRemoteDebug'
  | 'InputDataConfig[].DataSource.FileSystemDataSource'
  | 'Tags';

export interface Guardrail {
  readonly sid: string;
  readonly actions: readonly string[];
  /** What the statement refuses, in one line. */
  readonly refuses: string;
  readonly conditionKey: string;
  readonly field: GuardedField;
  readonly condition: (v: GuardrailValues) => Record<string, Record<string, unknown>>;
}

const BOTH = GUARDED_ACTIONS;
const TRAINING = [CREATE_TRAINING_JOB];

export const GUARDRAILS: readonly Guardrail[] = [
  {
    sid: 'DenyJobsWithoutNetworkIsolation',
    actions: BOTH,
    refuses: 'a job that does not set network isolation (absent counts as off)',
    conditionKey: 'sagemaker:NetworkIsolation',
    field: 'EnableNetworkIsolation',
    condition: () => ({ BoolIfExists: { 'sagemaker:NetworkIsolation': 'false' } }),
  },
  {
    sid: 'DenyJobsWithoutInterContainerEncryption',
    actions: BOTH,
    refuses: 'a job that does not encrypt inter-container traffic (absent counts as off)',
    conditionKey: 'sagemaker:InterContainerTrafficEncryption',
    field: 'EnableInterContainerTrafficEncryption',
    condition: () => ({ BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': 'false' } }),
  },
  {
    sid: 'DenyJobsOutsideProjectVpc',
    actions: BOTH,
    refuses: 'a job without a VPC configuration (no subnets)',
    conditionKey: 'sagemaker:VpcSubnets',
    field: 'VpcConfig.Subnets',
    condition: () => ({ Null: { 'sagemaker:VpcSubnets': 'true' } }),
  },
  {
    sid: 'DenyJobsInOtherSubnets',
    actions: BOTH,
    refuses: "a job with any subnet that is not one of the project's isolated subnets",
    conditionKey: 'sagemaker:VpcSubnets',
    field: 'VpcConfig.Subnets',
    condition: (v) => ({ 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': [...v.subnetIds] } }),
  },
  {
    sid: 'DenyJobsWithoutSecurityGroups',
    actions: BOTH,
    refuses: 'a job without security groups',
    conditionKey: 'sagemaker:VpcSecurityGroupIds',
    field: 'VpcConfig.SecurityGroupIds',
    condition: () => ({ Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } }),
  },
  {
    sid: 'DenyJobsWithOtherSecurityGroups',
    actions: BOTH,
    refuses: "a job with any security group other than the project's training security group",
    conditionKey: 'sagemaker:VpcSecurityGroupIds',
    field: 'VpcConfig.SecurityGroupIds',
    condition: (v) => ({
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': [...v.securityGroupIds] },
    }),
  },
  {
    sid: 'DenyJobsWithoutProjectVolumeKey',
    actions: BOTH,
    refuses: "a job with no volume KMS key, or another key than the project's data key",
    conditionKey: 'sagemaker:VolumeKmsKeyArn',
    field: 'ResourceConfig.VolumeKmsKeyId',
    condition: (v) => ({ ArnNotEqualsIfExists: { 'sagemaker:VolumeKmsKeyArn': v.volumeKeyArn } }),
  },
  {
    sid: 'DenyJobsWithoutProjectOutputKey',
    actions: BOTH,
    refuses: "a job with no output KMS key, or another key than the project's artifacts key",
    conditionKey: 'sagemaker:OutputKmsKeyArn',
    field: 'OutputDataConfig.KmsKeyId',
    condition: (v) => ({ ArnNotEqualsIfExists: { 'sagemaker:OutputKmsKeyArn': v.outputKeyArn } }),
  },
  {
    sid: 'DenyJobsWithoutInstanceTypes',
    actions: BOTH,
    refuses: 'a job whose instance types are not stated in the request',
    conditionKey: 'sagemaker:InstanceTypes',
    field: 'ResourceConfig.InstanceType',
    condition: () => ({ Null: { 'sagemaker:InstanceTypes': 'true' } }),
  },
  {
    sid: 'DenyJobsOnOtherInstanceTypes',
    actions: BOTH,
    refuses: "a job on any instance type outside the project's GPU allowlist (training.instanceTypes)",
    conditionKey: 'sagemaker:InstanceTypes',
    field: 'ResourceConfig.InstanceType',
    condition: (v) => ({
      'ForAnyValue:StringNotEquals': { 'sagemaker:InstanceTypes': [...v.instanceTypes] },
    }),
  },
  {
    sid: 'DenyJobsOverMaxRuntime',
    actions: BOTH,
    refuses: 'a job with no max runtime, or one above the project limit (training.maxRuntimeSeconds)',
    conditionKey: 'sagemaker:MaxRuntimeInSeconds',
    field: 'StoppingCondition.MaxRuntimeInSeconds',
    condition: (v) => ({
      NumericGreaterThanIfExists: { 'sagemaker:MaxRuntimeInSeconds': String(v.maxRuntimeSeconds) },
    }),
  },
  {
    sid: 'DenyTrainingWithRemoteDebug',
    actions: TRAINING,
    refuses: 'a training job with remote debugging enabled (a shell into the container)',
    conditionKey: 'sagemaker:EnableRemoteDebug',
    field: 'RemoteDebugConfig.EnableRemoteDebug',
    condition: () => ({ Bool: { 'sagemaker:EnableRemoteDebug': 'true' } }),
  },
  {
    sid: 'DenyTrainingWithFileSystems',
    actions: TRAINING,
    refuses: 'a training job that attaches an EFS or FSx for Lustre file system',
    conditionKey: 'sagemaker:FileSystemId',
    field: 'InputDataConfig[].DataSource.FileSystemDataSource',
    condition: () => ({ Null: { 'sagemaker:FileSystemId': 'false' } }),
  },
  {
    sid: 'DenyJobsNotTaggedForProject',
    actions: BOTH,
    refuses: 'a job not tagged isotrain:project=<project> (the tag the audit trail and alerts key on)',
    conditionKey: 'aws:RequestTag/isotrain:project',
    field: 'Tags',
    condition: (v) => ({ StringNotEqualsIfExists: { 'aws:RequestTag/isotrain:project': v.projectName } }),
  },
];

/**
 * Every SageMaker action a launcher holder needs; the launcher policy denies all others (`NotAction`
 * on SageMaker resource ARNs), so an API AWS adds tomorrow is denied by default. The run-governance
 * and release policies need only some of the read actions, which are in this list too.
 */
export const LAUNCHER_SAGEMAKER_ACTIONS = [
  CREATE_TRAINING_JOB,
  CREATE_PROCESSING_JOB,
  'sagemaker:AddTags',
  'sagemaker:ListTags',
  'sagemaker:DescribeTrainingJob',
  'sagemaker:StopTrainingJob',
  'sagemaker:DescribeProcessingJob',
  'sagemaker:StopProcessingJob',
  // No resource-level permissions: a NotAction deny on SageMaker ARNs never applies to them.
  'sagemaker:ListTrainingJobs',
  'sagemaker:ListProcessingJobs',
] as const;

/**
 * SageMaker actions that support no resource-level permissions (IAM evaluates them against `*`, so
 * the NotAction deny on SageMaker ARNs cannot reach them) and are not plain listings: resource
 * policies, portfolio switches, training-plan extensions, and the searches that return any job's
 * FailureReason and metrics. Denied to launcher holders by name; a test compares this list with the
 * service authorization reference so a new action of this kind fails the build until classified.
 */
export const SAGEMAKER_UNSCOPED_ACTIONS_DENIED = [
  'sagemaker:PutResourcePolicy',
  'sagemaker:DeleteResourcePolicy',
  'sagemaker:GetResourcePolicy',
  'sagemaker:CreateLineageGroupPolicy',
  'sagemaker:PutLineageGroupPolicy',
  'sagemaker:DeleteLineageGroupPolicy',
  'sagemaker:GetLineageGroupPolicy',
  'sagemaker:EnableSagemakerServicecatalogPortfolio',
  'sagemaker:DisableSagemakerServicecatalogPortfolio',
  'sagemaker:ExtendTrainingPlan',
  'sagemaker:Search',
  'sagemaker:GetSearchSuggestions',
  'sagemaker:SearchTrainingPlanOfferings',
  'sagemaker:QueryLineage',
  'sagemaker:RenderUiTemplate',
  'sagemaker:CallWithBearerToken',
] as const;
