/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { grantsOutsideAccount, statements } from '../../cfn';
import { AppModel } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const KeyPolicyPrincipals: IsolationRule = {
  id: 'KMS2',
  control: 7,
  types: ['AWS::KMS::Key'],
  info: 'The key policy allows * or another account to use the key without a restricting condition.',
  explanation:
    'Whoever may use the key can decrypt what it protects, wherever the ciphertext goes. Let the key ' +
    'policy trust this account (arn:aws:iam::<account>:root) and AWS services scoped with ' +
    'aws:SourceAccount or kms:CallerAccount; never * or another account without such a condition.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const own = AppModel.account(r.stack);
    return statements(r.props.KeyPolicy).some((s) => grantsOutsideAccount(s, own))
      ? NON_COMPLIANT
      : COMPLIANT;
  },
};
