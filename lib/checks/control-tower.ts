/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1 } from 'aws-cdk-lib';
import { Json, flatten } from './cfn';
import { JOB_LOG_GROUPS, PURPOSES, PURPOSE_TAG } from '../contract';

/** A Control Tower proactive control found not met on one resource of one template. */
export interface GuardViolation {
  readonly rule: string;
  readonly description: string;
  readonly fix: string;
  readonly templatePath: string;
  readonly logicalId: string;
}

/** A Control Tower control that does not apply to some resources, with the reason a reviewer can check. */
export interface GuardAcknowledgment {
  readonly rule: string;
  readonly reason: string;
  /** Which resources it covers (by their template definition). */
  readonly covers: (resource: Json) => boolean;
}

const purpose = (r: Json) =>
  (Array.isArray(r?.Properties?.Tags) ? r.Properties.Tags : []).find((t: Json) => t?.Key === PURPOSE_TAG)
    ?.Value;
const crossStack = (v: Json) => /\$\{(Output|Import):/.test(flatten(v));

/**
 * The Control Tower controls that do not fit an isolated training project, each limited to the
 * resources it is about. Everything else the bundled rules report is a finding.
 */
export const GUARD_ACKNOWLEDGMENTS: readonly GuardAcknowledgment[] = [
  {
    rule: 'cloud_trail_encryption_enabled_check',
    reason:
      'The trail has a KMSKeyId, a cross-stack reference to the project logs key, which Guard cannot read; ' +
      'Isolation-TRAIL2 proves the key is set.',
    covers: (r) => r.Type === 'AWS::CloudTrail::Trail' && crossStack(r.Properties?.KMSKeyId),
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    reason:
      'The log group has a KmsKeyId, a cross-stack reference to the project logs key, which Guard cannot read; ' +
      'Isolation-LOG1 proves the key is set.',
    covers: (r) => r.Type === 'AWS::Logs::LogGroup' && crossStack(r.Properties?.KmsKeyId),
  },
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    reason:
      'The SageMaker job log groups hold what training and evaluation containers print, and a container sees ' +
      'the data: their retention is deliberately short (retention.jobLogDays, docs/perimeter.md). Every other ' +
      'log group keeps retention.logDays.',
    covers: (r) =>
      r.Type === 'AWS::Logs::LogGroup' &&
      (JOB_LOG_GROUPS as readonly string[]).includes(r.Properties?.LogGroupName as string),
  },
  {
    rule: 's3_event_notifications_enabled_check',
    reason:
      'Object-level access is recorded by CloudTrail data events (Isolation-TRAIL1); event notifications would ' +
      'add a delivery channel out of the project for object keys.',
    covers: (r) => r.Type === 'AWS::S3::Bucket',
  },
  {
    rule: 's3_bucket_object_lock_enabled_check',
    reason:
      'Training data, artifacts and access logs must be deletable on schedule and on request (lifecycle ' +
      'expiry and the wipe tag, Isolation-S3LIFE); Object Lock would keep them. The audit bucket has Object Lock.',
    covers: (r) => r.Type === 'AWS::S3::Bucket' && purpose(r) !== PURPOSES.audit,
  },
  {
    rule: 's3_bucket_logging_enabled_check',
    reason: 'This is the server access log bucket; a bucket cannot log into itself.',
    covers: (r) => r.Type === 'AWS::S3::Bucket' && purpose(r) === PURPOSES.accessLogs,
  },
  {
    rule: 'kms_create_grant_aws_service_check',
    reason:
      "The flagged statements are the key policy's delegation to this account's IAM and to AWS log services " +
      'scoped by aws:SourceAccount; grants come only from identity policies, and the training role may create ' +
      'grants only with kms:GrantIsForAWSResource.',
    covers: (r) => r.Type === 'AWS::KMS::Key',
  },
  {
    rule: 'lambda_inside_vpc_check',
    reason:
      'CDK custom-resource handlers run at deploy time and call AWS APIs the isolated VPC has no route to; ' +
      'Isolation-LAMBDA1 proves they cannot read data or use its keys.',
    covers: (r) =>
      r.Type === 'AWS::Lambda::Function' && /CustomResourceProvider|custom resource/i.test(JSON.stringify(r)),
  },
];

const RULES_DIR = path.join(
  path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules',
  'control-tower',
  'cfn-guard',
);
let ruleFiles: { file: string; text: string }[] | undefined;

/**
 * The bundled rule files that can apply to these resource types: those that name one of them, and
 * any that names no type at all. Guard evaluates every rule file against every template, so leaving
 * out rules for services the templates do not use saves most of its time and changes no result.
 */
export function controlTowerRulesFor(types: ReadonlySet<string>): string[] {
  ruleFiles ??= (fs.readdirSync(RULES_DIR, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.guard'))
    .sort()
    .map((f) => ({ file: path.join(RULES_DIR, f), text: fs.readFileSync(path.join(RULES_DIR, f), 'utf8') }));
  return ruleFiles
    .filter(({ text }) => {
      const named = text.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [];
      return named.length === 0 || named.some((t) => types.has(t));
    })
    .map(({ file }) => file);
}

/** Runs the bundled Control Tower proactive controls (cfn-guard) over synthesized templates. */
export function runControlTower(
  templatePaths: readonly string[],
  types?: ReadonlySet<string>,
): GuardViolation[] {
  if (templatePaths.length === 0) return [];
  const rules = types ? controlTowerRulesFor(types) : undefined;
  if (rules && rules.length === 0) return [];
  const validator = new CfnGuardValidator({
    maxBuffer: 256 * 1024 * 1024,
    ...(rules ? { controlTowerRulesEnabled: false, rules } : {}),
  });
  const report = validator.validate({
    templatePaths: [...templatePaths],
  } as unknown as IPolicyValidationContextBeta1);
  const out: GuardViolation[] = [];
  for (const v of report.violations) {
    for (const r of v.violatingResources) {
      out.push({
        rule: v.ruleName,
        description: v.description,
        fix: v.fix ?? '',
        templatePath: r.templatePath,
        logicalId: r.resourceLogicalId ?? '',
      });
    }
  }
  // Guard reports a resource once per failed clause.
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = `${v.rule}|${v.templatePath}|${v.logicalId}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
