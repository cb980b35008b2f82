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
  TrailArn: 'trail-arn',
  ReleaseRoleArn: 'release-role-arn',
  DeploymentRoleArn: 'deployment-role-arn',
  RunGovernancePolicyArn: 'run-governance-policy-arn',
  AlertTopicArn: 'alert-topic-arn',
  LauncherPolicyArn: 'launcher-policy-arn',
} as const;

export type ProjectOutputKey = keyof typeof PROJECT_OUTPUTS;

export function parameterName(project: string, key: ProjectOutputKey): string {
  return `/isotrain/${project}/${PROJECT_OUTPUTS[key]}`;
}
