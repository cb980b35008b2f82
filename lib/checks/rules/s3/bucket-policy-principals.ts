/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { grantsOutsideAccount, statements } from '../../cfn';
import { AppModel } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const BucketPolicyPrincipals: IsolationRule = {
  id: 'S3POL',
  control: 4,
  types: ['AWS::S3::BucketPolicy'],
  info: 'The bucket policy allows * or another account without a condition that restricts it.',
  explanation:
    'A statement that allows everyone, or a principal of another account, hands the data to whoever holds ' +
    'it. Grant to roles of this account (identity policies or grantRead), or add a restricting condition ' +
    '(aws:PrincipalAccount, aws:SourceAccount, aws:SourceVpce) to service-principal statements.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const own = AppModel.account(r.stack);
    return statements(r.props.PolicyDocument).some((s) => grantsOutsideAccount(s, own))
      ? NON_COMPLIANT
      : COMPLIANT;
  },
};
