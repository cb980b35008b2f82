/** The isolation controls of issue 3, in order; every Isolation rule proves one of them. */
export const CONTROLS: Record<number, string> = {
  1: 'No path to the internet',
  2: 'Security groups: no open egress, no ingress from outside the VPC',
  3: 'VPC endpoints: allowlisted services with restrictive policies',
  4: 'Buckets: customer-managed KMS, TLS only, public access blocked, versioned, no outside principals, replicas or export configurations',
  5: 'Training data and artifacts are read only through the project S3 endpoint, by the bound readers',
  6: 'Lifecycle: data, noncurrent versions, incomplete uploads and checkpoints expire',
  7: 'KMS keys rotate, are not shared outside the account, and data keys decrypt only through S3 or SageMaker',
  8: 'Every data bucket is covered by S3 data events of a validated, encrypted trail',
  9: 'Log groups are KMS-encrypted and have a retention',
  10: 'No Lambda function can read training data or artifacts or use their keys',
  11: 'IAM: no whole-service grants, no broad AWS-managed policies, PassRole scoped to SageMaker, roles trusted only by named principals, launcher guardrails and fences effective',
};
