/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES } from '../../../contract';
import { flatten, isTrue } from '../../cfn';
import { Inventory } from '../../access/inventory';
import { ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';
import { isTrustworthyTrail, recordsManagementEvents } from './trail-coverage';

/** Records IAM and STS calls (who assumed which role): the default, unless switched off. */
const includesGlobalEvents = (props: Record<string, unknown>) =>
  props.IncludeGlobalServiceEvents !== false && String(props.IncludeGlobalServiceEvents) !== 'false';

/**
 * Records the account's management events wherever they happen. Since November 2021 CloudTrail
 * records IAM, STS (global endpoint) and CloudFront calls in us-east-1 only, so a single-region
 * trail anywhere else has none of them, and no single-region trail sees the account's other regions
 * (a bucket, function or instance created there). Single-region is also CloudFormation's default.
 */
const everywhere = (t: ModelResource) => isTrue(t.props.IsMultiRegionTrail) && includesGlobalEvents(t.props);

export const TrailIntegrity: IsolationRule = {
  id: 'TRAIL2',
  control: 8,
  types: ['AWS::CloudTrail::Trail'],
  info: 'The trail is not logging, does not validate log files, is not KMS-encrypted, or delivers to a bucket the templates do not define; or it records management events of one region only or without global service (IAM, STS) events, or no trail of the app records them everywhere.',
  explanation:
    'Records that can be edited unnoticed or read by anyone with bucket access are no evidence, and without ' +
    'global service events nobody can tell who assumed the training or release role or changed its trust ' +
    'policy. CloudTrail records IAM and STS (global endpoint) calls in us-east-1, so only a multi-region ' +
    "trail has them when the project lives elsewhere, and only a multi-region trail sees the account's " +
    'activity in other regions. Set IsLogging true, EnableLogFileValidation true, KMSKeyId to a ' +
    'customer-managed key, IsMultiRegionTrail true and IncludeGlobalServiceEvents true on the trail that ' +
    'records management events. ' +
    "Deliver to the project's audit bucket (by reference): a bucket the templates do not define has " +
    'whatever lock, lifecycle and readers its owner gives it.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const reasons: string[] = [];
    if (!isTrustworthyTrail(r)) reasons.push('not logging, not validated or not KMS-encrypted');
    // The project's audit bucket is where its trail delivers: another bucket has whatever lock,
    // lifecycle and readers its owner gives it. (Any bucket of the templates is an audit bucket to
    // Isolation-AUDIT1, which judges its lock.)
    const inv = Inventory.of(node);
    const audit = model
      .ofType('AWS::S3::Bucket')
      .filter((b) => model.purpose(b) === PURPOSES.audit && inv.sameProject(b, r));
    const bucket = model.deref(r.props.S3BucketName, r.stack);
    if (audit.length > 0 && bucket?.type !== 'AWS::S3::Bucket')
      reasons.push(
        `log files delivered to ${flatten(r.props.S3BucketName) || 'no bucket'}, not the project's audit bucket`,
      );
    if (recordsManagementEvents(r)) {
      if (!includesGlobalEvents(r.props)) reasons.push('global service events (IAM, STS) are not recorded');
      if (!isTrue(r.props.IsMultiRegionTrail))
        reasons.push(
          "management events of one region only: IAM and STS calls (recorded in us-east-1) and the account's activity in other regions go unrecorded",
        );
    } else if (
      !model.ofType('AWS::CloudTrail::Trail').some((t) => recordsManagementEvents(t) && everywhere(t))
    )
      reasons.push(
        'no trail of the app records management events of every region, global services (IAM, STS) included',
      );
    return findings(reasons);
  },
};
