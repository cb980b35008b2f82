/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { isTrue } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';

export const KeyRotation: IsolationRule = {
  id: 'KMS1',
  control: 7,
  types: ['AWS::KMS::Key'],
  info: 'The symmetric KMS key does not rotate its key material.',
  explanation:
    'A key that never rotates keeps one piece of material protecting every object for its whole life. ' +
    'Set enableKeyRotation: true (EnableKeyRotation). Asymmetric and HMAC keys cannot rotate and are not checked.',
  check: (node: CfnResource) => {
    const { props } = inModel(node).r;
    if (props.KeySpec !== undefined && props.KeySpec !== 'SYMMETRIC_DEFAULT') return NOT_APPLICABLE;
    return isTrue(props.EnableKeyRotation) ? COMPLIANT : NON_COMPLIANT;
  },
};
