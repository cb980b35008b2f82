/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { Statement, asArray, statements } from '../../cfn';
import { ModelResource } from '../../model';

/** Identity policies that are resources of their own (a PolicyDocument, attached to principals). */
export const STANDALONE_POLICY_TYPES = [
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
];

/** Resource types that carry identity policies. */
export const IDENTITY_POLICY_TYPES = [
  ...STANDALONE_POLICY_TYPES,
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
];

/** The permission statements a resource carries (never a role's trust policy). */
export function identityStatements(r: ModelResource): Statement[] {
  if (STANDALONE_POLICY_TYPES.includes(r.type)) {
    return statements(r.props.PolicyDocument);
  }
  return asArray(r.props.Policies).flatMap((p) => statements(p?.PolicyDocument));
}

/** The AWS-managed policy name in an ARN such as `arn:${AWS::Partition}:iam::aws:policy/service-role/X`. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const m = /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1] : undefined;
}
