/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray } from '../../cfn';
import { isDataBucketPurpose } from '../../model';
import { PURPOSES } from '../../../contract';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';

const enabled = (rule: Json) => rule?.Status === 'Enabled';
/** A rule without prefix, tag or size filter applies to every object. */
const unfiltered = (rule: Json) =>
  !rule.Prefix &&
  rule.TagFilters === undefined &&
  rule.ObjectSizeGreaterThan === undefined &&
  rule.ObjectSizeLessThan === undefined;
const expires = (rule: Json) => rule.ExpirationInDays !== undefined || rule.ExpirationDate !== undefined;
const expiresNoncurrent = (rule: Json) =>
  rule.NoncurrentVersionExpiration !== undefined || rule.NoncurrentVersionExpirationInDays !== undefined;
const abortsUploads = (rule: Json) => rule.AbortIncompleteMultipartUpload !== undefined;

export const DataBucketLifecycle: IsolationRule = {
  id: 'S3LIFE',
  control: 6,
  types: ['AWS::S3::Bucket'],
  info: 'The data bucket does not expire its objects, its noncurrent versions and incomplete uploads (artifacts: checkpoints).',
  explanation:
    'With versioning, expiring current objects only adds delete markers; data stays until noncurrent ' +
    'versions expire, and abandoned multipart uploads keep parts forever. Add enabled lifecycle rules ' +
    'that apply to the whole bucket: Expiration (training data; for artifacts an expiration of the ' +
    'checkpoint prefix), NoncurrentVersionExpiration and AbortIncompleteMultipartUpload.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const purpose = model.purpose(r);
    if (!isDataBucketPurpose(purpose)) return NOT_APPLICABLE;
    const rules = asArray(r.props.LifecycleConfiguration?.Rules).filter(enabled);
    const whole = rules.filter(unfiltered);
    const currentExpires = purpose === PURPOSES.artifacts ? rules.some(expires) : whole.some(expires);
    const ok = currentExpires && whole.some(expiresNoncurrent) && whole.some(abortsUploads);
    return ok ? COMPLIANT : NON_COMPLIANT;
  },
};
