/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { CHECKPOINT_PREFIX, PURPOSES, UNRELEASED_TAG, WIPE_TAG } from '../../../contract';
import { Json, asArray, isTrue } from '../../cfn';
import { AppModel, ModelResource, isDataBucketPurpose } from '../../model';
import { ProjectSettings, TEMPLATE_BOUNDS } from '../../project-settings';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings } from '../findings';

const enabled = (rule: Json) => rule?.Status === 'Enabled';
const sized = (rule: Json) =>
  rule.ObjectSizeGreaterThan !== undefined || rule.ObjectSizeLessThan !== undefined;
/** A rule without prefix, tag or size filter applies to every object. */
const unfiltered = (rule: Json) => !rule.Prefix && rule.TagFilters === undefined && !sized(rule);
/** A rule that applies to every object under `prefix` (its own prefix is the same or shorter). */
const coversPrefix = (rule: Json, prefix: string) =>
  rule.TagFilters === undefined && !sized(rule) && prefix.startsWith(String(rule.Prefix ?? ''));
/** A rule that applies to every object carrying the tag (and maybe more). */
const coversTag = (rule: Json, tag: { key: string; value: string }) =>
  !rule.Prefix &&
  !sized(rule) &&
  asArray(rule.TagFilters).every((t: Json) => t?.Key === tag.key && t?.Value === tag.value);

const currentDays = (rule: Json): number | undefined =>
  rule.ExpirationInDays !== undefined ? Number(rule.ExpirationInDays) : undefined;
const expiresCurrent = (rule: Json) =>
  rule.ExpirationInDays !== undefined || rule.ExpirationDate !== undefined;
const noncurrentDays = (rule: Json): number | undefined => {
  const n = rule.NoncurrentVersionExpiration?.NoncurrentDays ?? rule.NoncurrentVersionExpirationInDays;
  return n === undefined ? undefined : Number(n);
};
/** Keeps the newest N noncurrent versions forever, whatever their age. */
const keepsVersions = (rule: Json) => rule.NoncurrentVersionExpiration?.NewerNoncurrentVersions !== undefined;
const expiresNoncurrent = (rule: Json) => noncurrentDays(rule) !== undefined && !keepsVersions(rule);

/** Rules that expire the current version of matching objects, and their older versions too. */
function expiresEverything(rules: Json[], matches: (r: Json) => boolean, whole: Json[]): Json[] {
  return rules
    .filter(matches)
    .filter(expiresCurrent)
    .filter((r) => expiresNoncurrent(r) || whole.some(expiresNoncurrent));
}

function daysProblem(
  what: string,
  days: number | undefined,
  expected: number | undefined,
  max: number,
): string[] {
  if (days === undefined) return [];
  if (expected !== undefined && days !== expected)
    return [`${what} expire after ${days} days, the project file says ${expected}`];
  if (expected === undefined && days > max) return [`${what} expire after ${days} days, more than ${max}`];
  return [];
}

/**
 * Server access logs are the record of who read and wrote which key: a rule that expires any of them
 * (a prefix or tag rule too) sooner than the log retention deletes evidence before anyone asks for it.
 */
function accessLogsKeptTooShort(rules: Json[]): string[] {
  return rules.flatMap((r) => {
    const days = currentDays(r);
    if (r.ExpirationDate !== undefined)
      return [`rule ${r.Id ?? '(no id)'} expires access logs on a fixed date`];
    return days !== undefined && !(days >= TEMPLATE_BOUNDS.minLogDays)
      ? [
          `rule ${r.Id ?? '(no id)'} expires access logs after ${days} days, less than ${TEMPLATE_BOUNDS.minLogDays}`,
        ]
      : [];
  });
}

/** Why a data bucket keeps some version of some object forever, or longer than the project says. */
export function lifecycleGaps(model: AppModel, bucket: ModelResource): string[] {
  const purpose = model.purpose(bucket);
  const settings: ProjectSettings | undefined = model.projectSettings(bucket);
  const rules = asArray(bucket.props.LifecycleConfiguration?.Rules).filter(enabled);
  const whole = rules.filter(unfiltered);
  const gaps: string[] = [];
  for (const r of rules.filter(keepsVersions))
    gaps.push(
      `rule ${r.Id ?? '(no id)'} keeps the newest ${r.NoncurrentVersionExpiration.NewerNoncurrentVersions} noncurrent versions forever`,
    );
  const noncurrent = whole.filter(expiresNoncurrent);
  if (noncurrent.length === 0) gaps.push('noncurrent versions never expire');
  if (!whole.some((r) => isTrue(r.ExpiredObjectDeleteMarker)))
    gaps.push('expired delete markers are never removed');
  if (!whole.some((r) => r.AbortIncompleteMultipartUpload !== undefined))
    gaps.push('incomplete multipart uploads are never removed');
  if (noncurrent.length > 0)
    gaps.push(
      ...daysProblem(
        'noncurrent versions',
        Math.min(...noncurrent.map((r) => noncurrentDays(r)!)),
        undefined,
        settings?.noncurrentVersionDays ?? TEMPLATE_BOUNDS.maxNoncurrentDays,
      ),
    );
  // Runs tag their private inputs and checkpoints for wiping; the tag must remove every version within days.
  if (purpose !== PURPOSES.accessLogs) {
    // A rule aimed at the tag: the whole bucket's expiration would remove them only weeks later.
    const aimed = (r: Json) =>
      coversTag(r, WIPE_TAG) && asArray(r.TagFilters).some((t: Json) => t?.Key === WIPE_TAG.key);
    if (expiresEverything(rules, aimed, whole).length === 0)
      gaps.push(`objects tagged ${WIPE_TAG.key}=${WIPE_TAG.value} are not wiped by a rule of their own`);
  }
  if (purpose === PURPOSES.artifacts) {
    const checkpoints = expiresEverything(rules, (r) => coversPrefix(r, CHECKPOINT_PREFIX), whole);
    if (checkpoints.length === 0) gaps.push(`${CHECKPOINT_PREFIX} objects never expire`);
    else
      gaps.push(
        ...daysProblem(
          'checkpoints',
          Math.min(...checkpoints.map((r) => currentDays(r) ?? 0)),
          settings?.checkpointDays,
          TEMPLATE_BOUNDS.maxCurrentDays,
        ),
      );
    const unreleased = expiresEverything(rules, (r) => coversTag(r, UNRELEASED_TAG), whole);
    if (unreleased.length === 0)
      gaps.push(`unreleased models (${UNRELEASED_TAG.key}=${UNRELEASED_TAG.value}) never expire`);
    else
      gaps.push(
        ...daysProblem(
          'unreleased models',
          Math.min(...unreleased.map((r) => currentDays(r) ?? 0)),
          settings?.unreleasedModelDays,
          TEMPLATE_BOUNDS.maxCurrentDays,
        ),
      );
  } else {
    if (purpose === PURPOSES.accessLogs) gaps.push(...accessLogsKeptTooShort(rules));
    const current = expiresEverything(rules, unfiltered, whole);
    if (current.length === 0) gaps.push('current objects never expire');
    else
      gaps.push(
        ...daysProblem(
          'objects',
          Math.min(...current.map((r) => currentDays(r) ?? 0)),
          purpose === PURPOSES.accessLogs ? undefined : settings?.trainingDataDays,
          TEMPLATE_BOUNDS.maxCurrentDays,
        ),
      );
  }
  return gaps;
}

export const DataBucketLifecycle: IsolationRule = {
  id: 'S3LIFE',
  control: 6,
  types: ['AWS::S3::Bucket'],
  info: 'The data (or access-log) bucket keeps some versions forever: current objects (artifacts: checkpoints, unreleased models), wiped objects, noncurrent versions, delete markers or uploads do not all expire; or access logs expire before the log retention.',
  explanation:
    'With versioning, expiring current objects only adds delete markers; data is gone only when noncurrent ' +
    'versions expire too (NoncurrentVersionExpiration without NewerNoncurrentVersions, which keeps versions ' +
    'forever), expired delete markers are removed and abandoned multipart uploads aborted. Add enabled rules ' +
    'for the whole bucket: Expiration (training data) with NoncurrentVersionExpiration, ' +
    'ExpiredObjectDeleteMarker and AbortIncompleteMultipartUpload; for artifacts, expire the checkpoint prefix ' +
    `and objects tagged ${UNRELEASED_TAG.key}=${UNRELEASED_TAG.value}, with the project's retention days; on data ` +
    `buckets, expire every version of objects tagged ${WIPE_TAG.key}=${WIPE_TAG.value} (lifecycle.wipeTagged).`,
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const purpose = model.purpose(r);
    // Server access logs name every key read or written: kept forever, they are data kept forever.
    if (!isDataBucketPurpose(purpose) && purpose !== PURPOSES.accessLogs) return NOT_APPLICABLE;
    return findings(lifecycleGaps(model, r));
  },
};
