/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { asArray, flatten } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { awsManagedPolicyName } from './identity-statements';

export function isBroadManagedPolicy(name: string): boolean {
  return /FullAccess$|^PowerUserAccess$|^AdministratorAccess/.test(name);
}

export const NoBroadManagedPolicies: IsolationRule = {
  id: 'IAM2',
  control: 11,
  types: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: 'The principal carries an AWS-managed FullAccess, PowerUserAccess or AdministratorAccess policy.',
  explanation:
    'These policies grant whole services on every resource, e.g. AmazonS3FullAccess reads every bucket ' +
    'and AmazonSageMakerFullAccess can start jobs without isolation. Replace them with a customer-managed ' +
    'policy that names the actions and resources needed.',
  check: (node: CfnResource) => {
    const arns = asArray(inModel(node).r.props.ManagedPolicyArns);
    if (arns.length === 0) return NOT_APPLICABLE;
    const broad = arns.some((a) => {
      const name = awsManagedPolicyName(flatten(a));
      return name !== undefined && isBroadManagedPolicy(name);
    });
    return broad ? NON_COMPLIANT : COMPLIANT;
  },
};
