/* eslint-disable @typescript-eslint/no-unsafe-argument -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
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
  info: 'The trail is not logging, does not validate log files, or is not KMS-encrypted; or no trail of the app records global service (IAM, STS) events.',
  explanation:
    'Records that can be edited unnoticed or read by anyone with bucket access are no evidence, and without ' +
    'global service events nobody can tell who assumed the training or release role. Set IsLogging true, ' +
    'EnableLogFileValidation true, KMSKeyId to a customer-managed key and IncludeGlobalServiceEvents true.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const reasons: string[] = [];
    if (!isTrustworthyTrail(r)) reasons.push('not logging, not validated or not KMS-encrypted');
    if (!model.ofType('AWS::CloudTrail::Trail').some((t) => includesGlobalEvents(t.props)))
      reasons.push('global service events (IAM, STS) are not recorded');
    return findings(reasons);
  },
};
