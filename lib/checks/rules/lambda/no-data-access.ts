/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Statement, allows, asArray, flatten, grantsAction, principals, statements } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';
import { awsManagedPolicyName, identityStatements } from '../iam/identity-statements';
import { isBroadManagedPolicy } from '../iam/no-broad-managed-policies';

const OBJECT_READS = ['s3:GetObject', 's3:GetObjectVersion'];
const KEY_USES = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:CreateGrant'];
/** AWS-managed policies a function may carry: logs and VPC networking only. */
export const SAFE_MANAGED = [
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSXRayDaemonWriteAccess',
];

/** Does an identity statement reach data buckets' objects or data keys? Unknown references count. */
function reachesData(model: AppModel, from: ModelResource, s: Statement): boolean {
  const buckets = model.dataBuckets();
  const keys = model.dataKeys();
  const resources = s.NotResource !== undefined ? ['*'] : asArray(s.Resource);
  const hits = (targets: ModelResource[], wildcard: RegExp) =>
    resources.some(
      (res) =>
        res === '*' ||
        wildcard.test(flatten(res)) ||
        targets.some((t) => model.refersTo(res, t, from.stack)) ||
        (targets.length > 0 && model.hasUnknownReference(res, from.stack)),
    );
  if (OBJECT_READS.some((a) => grantsAction(s, a)) && hits(buckets, /^arn:[^:]*:s3:::[^/]*\*/)) return true;
  return KEY_USES.some((a) => grantsAction(s, a)) && hits(keys, /^arn:[^:]*:kms:[^:]*:[^:]*:key\/\*$/);
}

function functionRoleReachesData(model: AppModel, fn: ModelResource): boolean {
  const role = model.deref(fn.props.Role, fn.stack);
  if (!role || role.type !== 'AWS::IAM::Role') return true; // cannot tell what it may do
  const identity: { from: ModelResource; statements: Statement[] }[] = [
    { from: role, statements: identityStatements(role) },
  ];
  for (const arn of asArray(role.props.ManagedPolicyArns)) {
    const managed = model.deref(arn, role.stack);
    if (managed) {
      identity.push({ from: managed, statements: identityStatements(managed) });
      continue;
    }
    const name = awsManagedPolicyName(flatten(arn));
    if (
      name === undefined ||
      (!SAFE_MANAGED.includes(name) && (isBroadManagedPolicy(name) || /S3|KMS/i.test(name)))
    ) {
      return true;
    }
  }
  for (const policy of model.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
    const roles =
      policy.type === 'AWS::IAM::RolePolicy' ? [policy.props.RoleName] : asArray(policy.props.Roles);
    if (roles.some((ref) => model.refersTo(ref, role, policy.stack))) {
      identity.push({ from: policy, statements: identityStatements(policy) });
    }
  }
  if (identity.some((i) => i.statements.filter(allows).some((s) => reachesData(model, i.from, s))))
    return true;

  // Resource policies of the data that name the role.
  const namesRole = (owner: ModelResource, s: Statement) =>
    allows(s) && principals(s).some((p) => p.kind === 'AWS' && model.refersTo(p.value, role, owner.stack));
  const bucketPolicies = model.dataBuckets().flatMap((b) => model.bucketPolicies(b));
  if (bucketPolicies.some((p) => statements(p.props.PolicyDocument).some((s) => namesRole(p, s))))
    return true;
  return model.dataKeys().some((k) => statements(k.props.KeyPolicy).some((s) => namesRole(k, s)));
}

export const LambdaNoDataAccess: IsolationRule = {
  id: 'LAMBDA1',
  control: 10,
  types: ['AWS::Lambda::Function'],
  info: "The function's role can read training data or artifacts, or use their keys (or its role cannot be determined).",
  explanation:
    'A function runs outside the VPC with its own network path: if it can read the data or decrypt it, ' +
    'it can send it anywhere. This includes the handlers of CDK custom resources (autoDeleteObjects, ' +
    'restrictDefaultSecurityGroup, log retention). Remove s3:GetObject* and kms:Decrypt/GenerateDataKey/' +
    'CreateGrant on data buckets, data keys and * from its role, and give it no role trusted by bucket or key policies.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return functionRoleReachesData(model, r) ? NON_COMPLIANT : COMPLIANT;
  },
};
