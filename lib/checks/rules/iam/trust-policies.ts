/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * Isolation-IAM4: who can assume each role, as AWS would decide it (the trust policy is
 * authoritative for sts:AssumeRole*).
 *
 * Must be denied:
 * - for every role: principals of another account (as Isolation-S3POL makes them), anonymous callers,
 *   every identity provider the trust names asserting an identity nobody chose (sub, aud and the other
 *   claims it tests set to a stranger's values), and every service principal it names (in Principal,
 *   or as aws:PrincipalServiceName under Principal "*") working for another account or naming no
 *   source account at all (except Lambda, below);
 * - for the project's privileged roles (training, release, deployment, uploader, publisher): an unknown
 *   administrator of the account and every other role and user of the templates, each with an
 *   administrator identity policy. Trusting the account root hands the role to every administrator;
 *   only the principals named in the project file may assume these roles.
 * - for the roles a service assumes to work on the data (training, serving): every other service the
 *   trust names, working for this account, and every role or user of the account the trust names.
 * Lambda (lambda.amazonaws.com, edgelambda.amazonaws.com) assumes an execution role only for a function
 * of the role's own account, created by someone allowed to pass the role there (iam:PassRole), and
 * does not send aws:SourceAccount for it: its service roles are not asked "for another account".
 */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES, SERVING_PURPOSES } from '../../../contract';
import { ContextValue, isDenied } from '../../iam';
import { ask, callerClasses, mayGrant } from '../../access/ask';
import {
  ANONYMOUS,
  accountsNamed,
  holding,
  namedPrincipals,
  otherAccount,
  outsiders,
  unknownAdmin,
  withClaims,
} from '../../access/callers';
import { ADMINISTRATOR, statementList } from '../../access/documents';
import { Failures, Findings, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { conditionValues } from '../../access/s3';
import { servicesFor, servicesWithoutSource } from '../../access/services';
import { Json } from '../../cfn';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { ModelResource } from '../../model';
import { ISOLATABLE_SAGEMAKER } from '../compute/isolated-serving';
import { STANDALONE_POLICY_TYPES } from './identity-statements';

const PRIVILEGED: readonly string[] = [
  PURPOSES.trainingRole,
  PURPOSES.releaseRole,
  PURPOSES.deploymentRole,
  PURPOSES.uploaderRole,
  PURPOSES.publisherRole,
];
const PASSED_ONLY_IN_ACCOUNT = ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'];
/**
 * Roles a service assumes to run the project's jobs or models with the data: only that service may
 * assume them. Any other service (Lambda, EC2, ECS, Glue ...) runs whatever code an administrator hands
 * it under the role, and no person needs the role at all.
 */
const SERVICE_ROLES: Readonly<Record<string, readonly string[]>> = {
  [PURPOSES.trainingRole]: ['sagemaker.amazonaws.com'],
  [SERVING_PURPOSES.servingRole]: ['sagemaker.amazonaws.com'],
};
const ASSUME = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/**
 * Identity providers the trust names, each asserting a stranger's identity: every `...:sub` claim the
 * trust tests is a stranger's, every other claim (audience, client) what the trust expects, since
 * whoever the provider issues tokens to can ask for those.
 */
function federated(doc: Json): { caller: Caller; context: Record<string, ContextValue> }[] {
  const providers = new Set<string>();
  const claims: Record<string, ContextValue> = {};
  for (const s of statementList(doc)) {
    const f = s?.Principal?.Federated;
    for (const p of Array.isArray(f) ? f : [f]) if (typeof p === 'string') providers.add(p);
  }
  const text = JSON.stringify(doc ?? {});
  for (const m of text.matchAll(/"([^"]+:[^"]+)"\s*:/g)) {
    const key = m[1];
    if (key.toLowerCase().startsWith('aws:') || !/^[^:]+\.[^:]+:|^saml:/i.test(key)) continue;
    claims[key] = /:sub$/i.test(key)
      ? 'isotrain-check-stranger'
      : (conditionValues([{ name: '', document: doc }], key)[0] ?? 'isotrain-check-stranger');
  }
  return [...providers].map((p) => ({
    caller: {
      id: `any identity of ${p}`,
      principal: { type: 'federated', arn: p, account: '' },
      identity: [],
    },
    context: claims,
  }));
}

/**
 * What may name a role a service assumes for the data, besides the jobs SageMaker starts with it:
 * policies that grant, pass or bind it, outputs that publish its ARN, event patterns that watch it,
 * and the SageMaker models and monitoring jobs the serving rules judge.
 */
const MAY_NAME_DATA_ROLES: readonly string[] = [
  ...STANDALONE_POLICY_TYPES,
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::S3::BucketPolicy',
  'AWS::KMS::Key',
  'AWS::KMS::ReplicaKey',
  'AWS::EC2::VPCEndpoint',
  'AWS::SSM::Parameter',
  'AWS::Events::Rule',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::Logs::ResourcePolicy',
  ...ISOLATABLE_SAGEMAKER,
];

/**
 * Resources of the templates that hand the role to compute (an instance profile, a notebook, a
 * pipeline, a function, a Glue job ...): whoever uses them runs code as the role, outside the launcher
 * guardrails and the trust policy's service binding.
 */
function handedTo(inv: Inventory, role: ModelResource): ModelResource[] {
  return inv.model.resources.filter(
    (x) =>
      x !== role &&
      !MAY_NAME_DATA_ROLES.includes(x.type) &&
      inv.model.references(x.props, x.stack).includes(role),
  );
}

export const TrustPolicies: IsolationRule = {
  id: 'IAM4',
  control: 11,
  types: ['AWS::IAM::Role'],
  info: "The role's trust policy lets another account, anyone, any identity of a provider, a service working for another account, or (for a privileged project role) the account's administrators assume it.",
  explanation:
    'Evaluated as AWS would decide: sts:AssumeRole (and the web-identity and SAML forms) must be denied to ' +
    'principals of other accounts, anonymous callers, any identity of a trusted provider when the trust ' +
    'does not pin its subject (the sub claim; whoever the provider serves can ask for the audience), and ' +
    'service principals working for another account (bind them with ' +
    'aws:SourceAccount = this account). The training, release, deployment, uploader and publisher roles ' +
    'must also refuse an administrator of the account and the other roles of the app: trust only the ' +
    'principals the project file names (release.approvers, deployment.principals, uploads.uploaders, ' +
    'uploads.publishers) by ARN, never the account root. The training (and serving) role is for SageMaker ' +
    'alone: no other service and no person of the account may assume it, and no resource of the templates ' +
    '(an instance profile, a notebook, a pipeline, a function) may be handed it.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const role = inv.get(node);
    const trust = inv.trustPolicy(role);
    if (!trust) return NOT_APPLICABLE;
    const account = inv.symbols.account(role);
    const region = inv.symbols.region(role);
    const who: { caller: Caller; context: Record<string, ContextValue>; actions: string[] }[] = [
      ...[...outsiders(trust.document, account), ANONYMOUS].map((caller) => ({
        caller,
        context: {},
        actions: ASSUME,
      })),
      ...federated(trust.document).map((x) => ({ ...x, actions: ASSUME.slice(1) })),
      ...[otherAccount(account), ...accountsNamed(trust.document, account)]
        .flatMap((other) => servicesFor(trust.document, other, region))
        .concat(servicesWithoutSource(trust.document))
        .filter((s) => !PASSED_ONLY_IN_ACCOUNT.includes(s.caller.principal.arn))
        .map((s) => ({ caller: s.caller, context: { ...s.context }, actions: ['sts:AssumeRole'] })),
    ];
    if (PRIVILEGED.includes(inv.purpose(role) ?? '')) {
      const inside = withClaims(
        [
          unknownAdmin(account),
          ...inv
            .callers()
            .filter((c) => c.resource !== role)
            .map((c) => holding(c, [ADMINISTRATOR])),
        ],
        trust.document,
      );
      for (const group of callerClasses(inside, [trust], () => '')) {
        who.push({ caller: { ...group[0], id: whoLabel(group) }, context: {}, actions: ['sts:AssumeRole'] });
      }
    }
    const only = SERVICE_ROLES[inv.purpose(role) ?? ''];
    if (only) {
      const defined = inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn);
      for (const caller of namedPrincipals(trust.document, account, defined))
        who.push({ caller, context: {}, actions: ['sts:AssumeRole'] });
      for (const s of servicesFor(trust.document, account, region)) {
        if (only.includes(s.caller.principal.arn)) continue;
        const caller = {
          ...s.caller,
          id: `${s.caller.principal.arn} (this role is for ${only.join(', ')} only)`,
        };
        who.push({ caller, context: { ...s.context }, actions: ['sts:AssumeRole'] });
      }
    }
    const resource = inv.symbols.attribute(role, 'Arn');
    const f = new Findings();
    if (only)
      for (const x of handedTo(inv, role))
        f.add(
          `${role.logicalId} is handed to ${x.type} ${x.logicalId}: it runs code as the role, outside a guarded SageMaker job`,
        );
    const failures = new Failures();
    for (const { caller, context, actions } of who) {
      for (const action of actions) {
        // The trust policy is authoritative: what none of its Allow statements may match is refused.
        if (!mayGrant([trust], action)) continue;
        const result = ask({ caller, action, resource, context, resourcePolicy: trust, kind: 'role-trust' });
        if (!isDenied(result)) {
          failures.add(`{actions} by ${caller.id}`, [action], `assuming ${role.logicalId}`, result);
          break;
        }
      }
    }
    failures.into(f);
    return f.result();
  },
};
