/**
 * The contract between the deployed stacks and everything that launches work into a project:
 * each value is a CloudFormation output (what `cdk deploy --outputs-file` records) and an SSM
 * parameter under `/isotrain/<project>/<parameter>`.
 */
export const PROJECT_OUTPUTS = {
  VpcId: 'vpc-id',
  SubnetIds: 'subnet-ids',
  TrainingSecurityGroupId: 'training-security-group-id',
  S3EndpointId: 's3-endpoint-id',
  TrainingDataBucket: 'training-data-bucket',
  ArtifactsBucket: 'artifacts-bucket',
  AuditBucket: 'audit-bucket',
  AccessLogsBucket: 'access-logs-bucket',
  DataKeyArn: 'data-key-arn',
  ArtifactsKeyArn: 'artifacts-key-arn',
  LogsKeyArn: 'logs-key-arn',
  TrainingRoleArn: 'training-role-arn',
  UploaderRoleArn: 'uploader-role-arn',
  PublisherRoleArn: 'publisher-role-arn',
  RedactionRoleArn: 'redaction-role-arn',
  RedactionReportRoleArn: 'redaction-report-role-arn',
  TrailArn: 'trail-arn',
  ReleaseRoleArn: 'release-role-arn',
  DeploymentRoleArn: 'deployment-role-arn',
  RunGovernancePolicyArn: 'run-governance-policy-arn',
  AlertTopicArn: 'alert-topic-arn',
  LauncherPolicyArn: 'launcher-policy-arn',
  LauncherFencePolicyArn: 'launcher-fence-policy-arn',
} as const;

export type ProjectOutputKey = keyof typeof PROJECT_OUTPUTS;

/**
 * A policy handed to people that only holds together with a deny-only fence is published as
 * `<Name>PolicyArn`, its fence beside it as `<Name>FencePolicyArn` (LauncherPolicyArn and
 * LauncherFencePolicyArn): whoever attaches one is told to attach the other, and the checks judge a
 * holder of the policy with the fence published for it, and with no other policy that merely only denies.
 * Undefined for an output that names no such policy.
 */
export function fenceOutputName(policyOutput: string): string | undefined {
  return /PolicyArn$/.test(policyOutput) && !/FencePolicyArn$/.test(policyOutput)
    ? policyOutput.replace(/PolicyArn$/, 'FencePolicyArn')
    : undefined;
}

/** The SSM path every parameter of a project lives under (no trailing slash). */
export function parameterPath(project: string): string {
  return `/isotrain/${project}`;
}

export function parameterName(project: string, key: ProjectOutputKey): string {
  return `${parameterPath(project)}/${PROJECT_OUTPUTS[key]}`;
}

/** The ARN of a project's parameter path, as IAM policies name it for ssm:GetParametersByPath. */
export function parameterPathArn(project: string, where: AwsLocation): string {
  return `arn:${where.partition}:ssm:${where.region}:${where.account}:parameter${parameterPath(project)}`;
}

/** Partition, region and account: literal values or CDK tokens, as the caller has them. */
export interface AwsLocation {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The construct IDs of a project's stacks inside its Stage (they make the stack names). */
export const STACK_IDS = {
  keys: 'Keys',
  network: 'Network',
  data: 'Data',
  access: 'Access',
  monitoring: 'Monitoring',
} as const;
export type StackId = (typeof STACK_IDS)[keyof typeof STACK_IDS];

/**
 * The construct ID of a project's Serving stack (`<project>-Serving`). Apart from STACK_IDS: only a
 * project with `serving.endpoints` has one, and its outputs are per endpoint (SERVING_PARAMETERS).
 */
export const SERVING_STACK_ID = 'Serving';

/**
 * The Serving stack's CloudFormation output of one endpoint value: `<Endpoint><Key>`, the endpoint
 * name in PascalCase (`contracts-chat`, `InvokerRoleArn` → `ContractsChatInvokerRoleArn`). The same
 * values are SSM parameters (servingParameterName).
 */
export function servingOutputName(endpoint: string, key: string): string {
  const pascal = endpoint
    .split('-')
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return `${pascal}${key}`;
}

/** The stack that publishes each output (and its parameter). */
export const OUTPUT_STACKS: Record<ProjectOutputKey, StackId> = {
  VpcId: STACK_IDS.network,
  SubnetIds: STACK_IDS.network,
  TrainingSecurityGroupId: STACK_IDS.network,
  S3EndpointId: STACK_IDS.data,
  TrainingDataBucket: STACK_IDS.data,
  ArtifactsBucket: STACK_IDS.data,
  AuditBucket: STACK_IDS.data,
  AccessLogsBucket: STACK_IDS.data,
  DataKeyArn: STACK_IDS.keys,
  ArtifactsKeyArn: STACK_IDS.keys,
  LogsKeyArn: STACK_IDS.keys,
  TrainingRoleArn: STACK_IDS.data,
  UploaderRoleArn: STACK_IDS.data,
  PublisherRoleArn: STACK_IDS.data,
  RedactionRoleArn: STACK_IDS.data,
  RedactionReportRoleArn: STACK_IDS.data,
  TrailArn: STACK_IDS.data,
  ReleaseRoleArn: STACK_IDS.data,
  DeploymentRoleArn: STACK_IDS.data,
  RunGovernancePolicyArn: STACK_IDS.data,
  AlertTopicArn: STACK_IDS.monitoring,
  LauncherPolicyArn: STACK_IDS.access,
  LauncherFencePolicyArn: STACK_IDS.access,
};

/** A project stack's CloudFormation name, as `cdk deploy` names it inside the project's Stage. */
export function stackName(project: string, id: StackId): string {
  return `${project}-${id}`;
}

/** Every stack a project deploys, in deployment order. */
export function projectStackNames(project: string): string[] {
  return Object.values(STACK_IDS).map((id) => stackName(project, id));
}
