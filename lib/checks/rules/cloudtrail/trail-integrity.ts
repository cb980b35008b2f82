/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES } from '../../../contract';
import { flatten } from '../../cfn';
import { Inventory } from '../../access/inventory';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';
import { isTrustworthyTrail } from './trail-coverage';

/** Records IAM and STS calls (who assumed which role): the default, unless switched off. */
const includesGlobalEvents = (props: Record<string, unknown>) =>
  props.IncludeGlobalServiceEvents !== false && String(props.IncludeGlobalServiceEvents) !== 'false';

export const TrailIntegrity: IsolationRule = {
  id: 'TRAIL2',
  control: 8,
  types: ['AWS::CloudTrail::Trail'],
  info: 'The trail is not logging, does not validate log files, is not KMS-encrypted, or delivers to a bucket the templates do not define; or no trail of the app records global service (IAM, STS) events.',
  explanation:
    'Records that can be edited unnoticed or read by anyone with bucket access are no evidence, and without ' +
    'global service events nobody can tell who assumed the training or release role. Set IsLogging true, ' +
    'EnableLogFileValidation true, KMSKeyId to a customer-managed key and IncludeGlobalServiceEvents true. ' +
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
    if (!model.ofType('AWS::CloudTrail::Trail').some((t) => includesGlobalEvents(t.props)))
      reasons.push('global service events (IAM, STS) are not recorded');
    return findings(reasons);
  },
};
