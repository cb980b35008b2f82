/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const LogGroupEncrypted: IsolationRule = {
  id: 'LOG1',
  control: 9,
  types: ['AWS::Logs::LogGroup'],
  info: 'The log group is not encrypted with a KMS key.',
  explanation:
    'Training logs can echo data (samples, paths, errors). Set encryptionKey to a project key (KmsKeyId) ' +
    "whose policy lets logs.<region>.amazonaws.com use it for this account's log groups.",
  check: (node: CfnResource) => (inModel(node).r.props.KmsKeyId !== undefined ? COMPLIANT : NON_COMPLIANT),
};
