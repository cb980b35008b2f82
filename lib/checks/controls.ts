/** The isolation controls of issue 3, in order; every Isolation rule proves one of them. */
export const CONTROLS: Record<number, string> = {
  1: 'No path out of the VPC: gateways, attachments, routes, public addresses, other network resources, DNS',
  2: 'Security groups: no open egress, no ingress from outside the VPC',
  3: 'VPC endpoints: allowlisted services with restrictive policies',
  4: 'Buckets: customer-managed KMS, TLS only, public access blocked, versioned, no outside principals, replicas, exports or other readers',
  5: 'Training data and artifacts are read only through the project S3 endpoint, by the bound readers',
  6: 'Lifecycle: every version of the data, checkpoints and unreleased models expires',
  7: 'KMS keys rotate, are not shared outside the account, and data keys decrypt only through S3 or SageMaker',
  8: 'Activity is recorded: S3 data events of whole buckets and run-record writes on a validated, encrypted trail; flow logs; DNS queries',
  9: 'Log groups are KMS-encrypted and have a retention; job logs are masked and kept briefly',
  10: 'No Lambda function can read training data or artifacts or use their keys',
  11: 'IAM: no whole-service grants, no broad AWS-managed policies, PassRole scoped to SageMaker, roles trusted only by named principals, launcher guardrails and fences effective, images pulled only from named repositories',
  12: 'Nothing but isolated SageMaker jobs and models runs in the project network',
  13: 'Audit records are locked in the project mode and days; buckets, keys and log groups are retained',
  14: 'Isolation breaches and tampering raise alerts on a subscribed, encrypted topic fed by the trail',
  15: 'What deploys is what was checked: no transforms, macros, modules, nested stacks, StackSets or provisioned products',
};
