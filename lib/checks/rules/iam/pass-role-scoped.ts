import { CfnResource } from 'aws-cdk-lib';
import { Statement, allows, asArray, conditionKeys, flatten, grantsAction } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';
import { IDENTITY_POLICY_TYPES, identityStatements } from './identity-statements';

function scoped(s: Statement): boolean {
  if (s.NotResource !== undefined || s.Resource === undefined) return false;
  if (asArray(s.Resource).some((r) => flatten(r).includes('*'))) return false;
  const passedTo = conditionKeys(s).filter(
    (c) => c.key === 'iam:passedtoservice' && /^String(Equals|Like)$/.test(c.operator),
  );
  return (
    passedTo.length > 0 &&
    passedTo.every((c) => asArray(c.value).every((v) => v === 'sagemaker.amazonaws.com'))
  );
}

export const PassRoleScoped: IsolationRule = {
  id: 'IAM3',
  control: 11,
  types: IDENTITY_POLICY_TYPES,
  info: 'iam:PassRole is allowed on a wildcard role, or without iam:PassedToService sagemaker.amazonaws.com.',
  explanation:
    'PassRole on role/* lets the holder hand any role (one with more data access, or none of the guardrails) ' +
    'to any service. Name the training role ARN(s) and add Condition StringEquals iam:PassedToService ' +
    'sagemaker.amazonaws.com.',
  check: (node: CfnResource) => {
    const passes = identityStatements(inModel(node).r)
      .filter(allows)
      .filter((s) => grantsAction(s, 'iam:PassRole'));
    return passes.every(scoped) ? COMPLIANT : NON_COMPLIANT;
  },
};
