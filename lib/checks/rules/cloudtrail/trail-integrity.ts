import { CfnResource } from 'aws-cdk-lib';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';
import { isTrustworthyTrail } from './trail-coverage';

export const TrailIntegrity: IsolationRule = {
  id: 'TRAIL2',
  control: 8,
  types: ['AWS::CloudTrail::Trail'],
  info: 'The trail is not logging, does not validate log files, or is not KMS-encrypted.',
  explanation:
    'Records that can be edited unnoticed or read by anyone with bucket access are no evidence. Set ' +
    'IsLogging true, EnableLogFileValidation true and KMSKeyId to a customer-managed key.',
  check: (node: CfnResource) => (isTrustworthyTrail(inModel(node).r) ? COMPLIANT : NON_COMPLIANT),
};
