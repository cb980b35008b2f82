/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES } from '../../../contract';
import { Json, asArray, isTrue } from '../../cfn';
import { evaluate, isDenied } from '../../iam';
import { AppModel, ModelResource } from '../../model';
import { TEMPLATE_BOUNDS } from '../../project-settings';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { refToken, render, where } from '../events/render';
import { findings } from '../findings';

/** Audit buckets: tagged so, or where a trail of the app delivers its log files. */
function isAuditBucket(model: AppModel, bucket: ModelResource): boolean {
  if (model.purpose(bucket) === PURPOSES.audit) return true;
  return model
    .ofType('AWS::CloudTrail::Trail')
    .some((t) => model.refersTo(t.props.S3BucketName, bucket, t.stack));
}

/** Does the bucket policy refuse s3:BypassGovernanceRetention to every principal, administrators included? */
function bypassDenied(model: AppModel, bucket: ModelResource): boolean {
  const w = where(bucket.stack);
  const policies = model.bucketPolicies(bucket);
  if (policies.length === 0) return false;
  const document = render(model, policies[0].props.PolicyDocument, policies[0].stack);
  const admin = {
    arn: `arn:aws:iam::${w.account}:role/Administrator`,
    account: w.account,
    type: 'role' as const,
  };
  const result = evaluate(
    {
      principal: admin,
      action: 's3:BypassGovernanceRetention',
      resource: `${refToken(bucket)}/cloudtrail/any-object`,
      resourceAccount: w.account,
      context: { 'aws:SecureTransport': 'true' },
    },
    {
      identity: [
        {
          name: 'AdministratorAccess',
          document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
      resource: { name: 'bucket policy', document },
    },
  );
  return isDenied(result);
}

/** An enabled rule that expires current objects, with a filter (prefix, tag, size) or without. */
const expiring = (rule: Json) =>
  rule?.Status === 'Enabled' && (rule.ExpirationInDays !== undefined || rule.ExpirationDate !== undefined);
const filtered = (rule: Json) =>
  Boolean(rule.Prefix) ||
  rule.TagFilters !== undefined ||
  rule.ObjectSizeGreaterThan !== undefined ||
  rule.ObjectSizeLessThan !== undefined;

/**
 * The lock and the bucket's own retention must agree: records the lifecycle keeps past their lock can
 * be deleted by anyone allowed to in between, and records the lifecycle expires before their lock ends
 * vanish from view (a delete marker) while the lock still holds them. A rule for a prefix or a tag
 * expires the records it matches (the trail's and the run records' prefixes are the bucket's content).
 */
function lifecycleGaps(bucket: ModelResource, lockDays: number): string[] {
  const rules = asArray(bucket.props.LifecycleConfiguration?.Rules).filter(expiring);
  const gaps: string[] = [];
  for (const rule of rules) {
    const which = filtered(rule) ? `records rule ${String(rule.Id ?? '(no id)')} matches` : 'records';
    if (rule.ExpirationInDays === undefined) {
      gaps.push(`${which} expire on a fixed date, whatever their lock`);
      continue;
    }
    const days = Number(rule.ExpirationInDays);
    if (!Number.isFinite(days)) gaps.push(`${which} expire after a number of days the template leaves open`);
    else if (days < lockDays)
      gaps.push(`${which} expire after ${days} days, before their ${lockDays}-day lock ends`);
  }
  const whole = rules.filter(
    (r) => !filtered(r) && r.ExpirationInDays !== undefined && Number.isFinite(Number(r.ExpirationInDays)),
  );
  const expires = whole.length > 0 ? Math.min(...whole.map((r) => Number(r.ExpirationInDays))) : undefined;
  if (expires !== undefined && expires > lockDays)
    gaps.push(`records kept ${expires} days but locked only ${lockDays}: deletable in between`);
  return gaps;
}

/** Why the audit bucket's records can be deleted or overwritten before their time (empty when they cannot). */
export function lockGaps(model: AppModel, bucket: ModelResource): string[] {
  const p = bucket.props;
  const c = p.ObjectLockConfiguration;
  if (!isTrue(p.ObjectLockEnabled) || c?.ObjectLockEnabled !== 'Enabled')
    return ['Object Lock is not enabled'];
  const retention = c.Rule?.DefaultRetention;
  if (!retention) return ['no default retention: new records are not locked'];
  const days = retention.Days !== undefined ? Number(retention.Days) : Number(retention.Years) * 365;
  const mode = retention.Mode;
  const expected = model.projectSettings(bucket)?.objectLock;
  const gaps: string[] = lifecycleGaps(bucket, days);
  if (expected) {
    if (mode !== expected.mode) gaps.push(`retention mode ${mode}, the project file says ${expected.mode}`);
    if (days !== expected.days) gaps.push(`retention ${days} days, the project file says ${expected.days}`);
    return gaps;
  }
  if (mode === 'GOVERNANCE' && !bypassDenied(model, bucket))
    gaps.push(
      'GOVERNANCE mode and the bucket policy does not deny s3:BypassGovernanceRetention: administrators can delete records',
    );
  else if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') gaps.push(`retention mode ${String(mode)}`);
  if (!(days >= TEMPLATE_BOUNDS.minAuditLockDays))
    gaps.push(`retention ${days} days, less than ${TEMPLATE_BOUNDS.minAuditLockDays}`);
  return gaps;
}

export const AuditObjectLock: IsolationRule = {
  id: 'AUDIT1',
  control: 13,
  types: ['AWS::S3::Bucket'],
  info: "The audit bucket does not lock every record: Object Lock off, no default retention, or a mode or period other than the project's.",
  explanation:
    'Without Object Lock default retention, anyone who may delete objects deletes the evidence (trail log files, ' +
    "run records). Create the audit bucket with ObjectLockEnabled and a DefaultRetention in the project's mode " +
    '(audit.objectLockMode) and days (retention.auditDays). Checked without the project file: COMPLIANCE, or ' +
    `GOVERNANCE with s3:BypassGovernanceRetention denied to everyone, for at least ${TEMPLATE_BOUNDS.minAuditLockDays} days.`,
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isAuditBucket(model, r)) return NOT_APPLICABLE;
    return findings(lockGaps(model, r));
  },
};
