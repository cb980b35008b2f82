import { CfnResource } from 'aws-cdk-lib';
import { allows, resourceIsEverything, wholeServiceActions } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';
import { IDENTITY_POLICY_TYPES, identityStatements } from './identity-statements';

export const NoWholeServiceOnEverything: IsolationRule = {
  id: 'IAM1',
  control: 11,
  types: IDENTITY_POLICY_TYPES,
  info: 'The policy allows a whole service (service:* or *, or NotAction) on every resource (*).',
  explanation:
    'sagemaker:*, s3:*, kms:* or * on * lets the holder reach any bucket, key or job in the account, ' +
    'including ways to copy data out. Name the actions the principal needs and the resources it needs ' +
    'them on (prefer grantXxx methods); a condition does not make it acceptable.',
  check: (node: CfnResource) => {
    const statements = identityStatements(inModel(node).r).filter(allows);
    const broad = statements.some(
      // A condition does not make a whole service on every resource acceptable: it is flagged anyway.
      (s) => wholeServiceActions(s).length > 0 && resourceIsEverything(s),
    );
    return broad ? NON_COMPLIANT : COMPLIANT;
  },
};
