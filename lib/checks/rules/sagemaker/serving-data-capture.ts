/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
/**
 * Isolation-SERVE3: an endpoint captures every request and response, encrypted with a project key,
 * into a bucket of the templates that is encrypted with a project key and forgets them soon: a
 * lifecycle rule over the whole bucket expires current versions and noncurrent versions within
 * MAX_CAPTURE_DAYS.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, isTrue } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings, named } from '../findings';
import { projectKeyGaps } from './serving-config-encryption';

/** The longest a capture may be kept: the project file allows serving.captureDays up to 30. */
export const MAX_CAPTURE_DAYS = 30;

const days = (v: Json): number | undefined => (v === undefined ? undefined : Number(v));

/** Whether a lifecycle rule covers the whole bucket (no prefix, no tag or size filter). */
function wholeBucket(rule: Json): boolean {
  const filter = rule.Filter;
  return (
    (rule.Prefix ?? '') === '' && (filter === undefined || (filter.Prefix ?? '') === '') && !rule.TagFilters
  );
}

/** Why a capture bucket keeps captures too long or unencrypted (empty when it does not). */
export function captureBucketGaps(model: AppModel, bucket: ModelResource): string[] {
  const gaps: string[] = [];
  const sse = asArray(bucket.props.BucketEncryption?.ServerSideEncryptionConfiguration)[0]
    ?.ServerSideEncryptionByDefault;
  if (!sse || !String(sse.SSEAlgorithm ?? '').startsWith('aws:kms'))
    gaps.push(`${named(bucket)}: not encrypted with KMS`);
  else gaps.push(...projectKeyGaps(model, bucket, sse.KMSMasterKeyID, `${named(bucket)} encryption`));
  const rules = asArray(bucket.props.LifecycleConfiguration?.Rules).filter(
    (x: Json) => x?.Status === 'Enabled' && wholeBucket(x),
  );
  const current = rules.some((x: Json) => (days(x.ExpirationInDays) ?? Infinity) <= MAX_CAPTURE_DAYS);
  if (!current)
    gaps.push(`${named(bucket)}: no lifecycle rule expires every capture within ${MAX_CAPTURE_DAYS} days`);
  const versioned = bucket.props.VersioningConfiguration?.Status === 'Enabled';
  const noncurrent = rules.some(
    (x: Json) =>
      (days(x.NoncurrentVersionExpiration?.NoncurrentDays ?? x.NoncurrentVersionExpirationInDays) ??
        Infinity) <= MAX_CAPTURE_DAYS,
  );
  if (versioned && !noncurrent)
    gaps.push(
      `${named(bucket)}: versioned, and no rule removes noncurrent versions within ${MAX_CAPTURE_DAYS} days`,
    );
  return gaps;
}

export const ServingDataCapture: IsolationRule = {
  id: 'SERVE3',
  control: 4,
  types: ['AWS::SageMaker::EndpointConfig'],
  info: 'An endpoint does not capture its requests and responses, or keeps them unencrypted or without a short expiry.',
  explanation:
    'Captured queries are how abuse of a served model is detected, and they hold private data. Capture Input ' +
    "and Output at 100%, encrypt with the project's data key (DataCaptureConfig.KmsKeyId) into the project's " +
    `capture bucket (KMS with a project key, every object and noncurrent version expiring within ${MAX_CAPTURE_DAYS} ` +
    'days; CaptureBucket in constructs/serving does this with serving.captureDays).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const capture = r.props.DataCaptureConfig;
    if (!capture) return findings(['no data capture']);
    const gaps: string[] = [];
    if (capture.EnableCapture !== undefined && !isTrue(capture.EnableCapture))
      gaps.push('data capture disabled');
    if (Number(capture.InitialSamplingPercentage) < 100) gaps.push('captures a sample, not every request');
    const modes: unknown[] = asArray(capture.CaptureOptions).map((o: Json): unknown => o?.CaptureMode);
    for (const mode of ['Input', 'Output']) if (!modes.includes(mode)) gaps.push(`${mode} not captured`);
    gaps.push(...projectKeyGaps(model, r, capture.KmsKeyId, 'capture encryption'));
    const buckets = model
      .references(capture.DestinationS3Uri, r.stack)
      .filter((b) => b.type === 'AWS::S3::Bucket');
    if (buckets.length === 0) gaps.push('captures go to a bucket outside the templates');
    for (const b of buckets) gaps.push(...captureBucketGaps(model, b));
    return findings(gaps);
  },
};
