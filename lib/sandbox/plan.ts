import { OUTPUT_STACKS, PROJECT_OUTPUTS, ProjectOutputKey, parameterName, stackName } from '../contract';
import type { ProjectConfig } from '../config';

/** One bucket of the stand-in, with the versioning and Object Lock settings the Data stack deploys. */
export interface SandboxBucket {
  readonly output: 'TrainingDataBucket' | 'ArtifactsBucket' | 'AuditBucket' | 'AccessLogsBucket';
  readonly name: string;
  /** Every bucket the Data stack deploys is versioned (constructs/secure-bucket.ts). */
  readonly versioned: true;
  /** Only the audit bucket: default retention in the project's mode for `retention.auditDays`. */
  readonly objectLock?: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly days: number };
}

/** What `isotrain sandbox up` creates for one project. */
export interface SandboxPlan {
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly buckets: readonly SandboxBucket[];
  /** Every deployed value a launcher reads, by output key: the SSM parameters and the outputs file. */
  readonly outputs: Readonly<Record<ProjectOutputKey, string>>;
}

/**
 * What the stand-in does not do. Said on every `sandbox up`, because a sandbox that passes is no
 * evidence that the deployed project would refuse the same request.
 */
export const NOT_ENFORCED: readonly string[] = [
  'IAM: every request is allowed; the launcher guardrails, role trust and separation of duties are not evaluated (they are proven at synth: npx cdk synth, isotrain check).',
  'Bucket policies: no endpoint-only reads, no encryption or TLS conditions, no release-tag condition; anyone may read the data.',
  'Network: there is no VPC, subnet, security group, S3 endpoint or DNS firewall; the IDs in the outputs are placeholders.',
  'KMS: the key ARNs are placeholders; nothing is encrypted with them.',
  'Jobs: no container runs. A training job is Completed at once and writes no model; a processing job (redaction, evaluation) writes no output. Put those files yourself to rehearse the next steps; release still refuses, because it trusts only the model version a job wrote while it ran (AWS ground truth).',
  'Lifecycle rules, CloudTrail, flow logs, alerts and the monitoring stack do not exist; nothing expires and nothing is logged.',
  'Object Lock and versioning are the emulator’s (moto’s) implementation of them, not S3’s.',
];

/** A placeholder ID of the shape AWS uses, derived from the project so two sandboxes differ. */
function hexOf(text: string, length: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const c of `${text}:${out.length}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** The stand-in of a project: bucket names, placeholder network and key IDs, role ARNs. */
export function sandboxPlan(config: ProjectConfig): SandboxPlan {
  const { name, account, region } = config;
  const bucket = (suffix: string) => `${name}-sandbox-${suffix}`;
  const buckets: SandboxBucket[] = [
    { output: 'TrainingDataBucket', name: bucket('training-data'), versioned: true },
    { output: 'ArtifactsBucket', name: bucket('artifacts'), versioned: true },
    {
      output: 'AuditBucket',
      name: bucket('audit'),
      versioned: true,
      objectLock: { mode: config.audit.objectLockMode, days: config.retention.auditDays },
    },
    { output: 'AccessLogsBucket', name: bucket('access-logs'), versioned: true },
  ];
  const arn = (service: string, resource: string, regional = true) =>
    `arn:aws:${service}:${regional ? region : ''}:${account}:${resource}`;
  const key = (purpose: string) => {
    const h = hexOf(`${name}/${purpose}`, 32);
    return arn(
      'kms',
      `key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    );
  };
  const role = (purpose: string) => arn('iam', `role/${name}-sandbox-${purpose}`, false);
  const policy = (purpose: string) => arn('iam', `policy/${name}-sandbox-${purpose}`, false);
  const subnets = config.network.availabilityZones.map((az) => `subnet-${hexOf(`${name}/${az}`, 17)}`);
  const byOutput = Object.fromEntries(buckets.map((b) => [b.output, b.name])) as Record<
    SandboxBucket['output'],
    string
  >;
  const outputs: Record<ProjectOutputKey, string> = {
    VpcId: `vpc-${hexOf(`${name}/vpc`, 17)}`,
    SubnetIds: subnets.join(','),
    TrainingSecurityGroupId: `sg-${hexOf(`${name}/sg`, 17)}`,
    S3EndpointId: `vpce-${hexOf(`${name}/vpce`, 17)}`,
    ...byOutput,
    DataKeyArn: key('data'),
    ArtifactsKeyArn: key('artifacts'),
    LogsKeyArn: key('logs'),
    TrainingRoleArn: role('training'),
    UploaderRoleArn: role('uploader'),
    PublisherRoleArn: role('publisher'),
    TrailArn: arn('cloudtrail', `trail/${name}-sandbox`),
    ReleaseRoleArn: role('release'),
    RedactionRoleArn: role('redaction'),
    RedactionReportRoleArn: role('redaction-report'),
    DeploymentRoleArn: role('deployment'),
    RunGovernancePolicyArn: policy('run-governance'),
    AlertTopicArn: arn('sns', `${name}-sandbox-alerts`),
    LauncherPolicyArn: policy('launcher'),
    LauncherFencePolicyArn: policy('launcher-fence'),
  };
  return { project: name, account, region, buckets, outputs };
}

/** The file `cdk deploy --outputs-file` would write for the project: outputs by stack name. */
export function outputsFileOf(plan: SandboxPlan): Record<string, Record<string, string>> {
  const file: Record<string, Record<string, string>> = {};
  for (const key of Object.keys(PROJECT_OUTPUTS) as ProjectOutputKey[]) {
    const stack = stackName(plan.project, OUTPUT_STACKS[key]);
    (file[stack] ??= {})[key] = plan.outputs[key];
  }
  return file;
}

/** The SSM parameters the stacks publish, name → value. */
export function parametersOf(plan: SandboxPlan): [string, string][] {
  return (Object.keys(PROJECT_OUTPUTS) as ProjectOutputKey[]).map((k) => [
    parameterName(plan.project, k),
    plan.outputs[k],
  ]);
}
