/**
 * Isolation-IAM7: no policy of the templates lets its holder rewrite what keeps the data in, as AWS
 * would decide it from the holder's own policies (what the templates hold of them).
 *
 * Every guardrail of a project is a policy: the roles' identity and trust policies, the managed
 * policies handed to launchers, the bucket policies and the key policies. Whoever may rewrite one
 * becomes whoever that policy governs, or lets anyone in. For every holder of identity policies (each
 * role, user and group of the templates, and each customer-managed policy handed out with the
 * deny-only policies published beside it), must not be allowed:
 * - on every role of the project, a role of the account the templates do not define, and every role
 *   name the holder's policies name by pattern: adding, attaching, detaching or deleting its policies,
 *   rewriting its trust policy, setting or removing its permissions boundary; and assuming a role the
 *   templates do not define (their trust policies are not in view: CDK's deployment roles trust the
 *   account root, and deploy anything);
 * - the same on users and groups (and access keys, console passwords, group membership);
 * - on every customer-managed policy of the templates, and one the templates do not define: a new
 *   version, or another default version;
 * - on every data bucket of the project: replacing or deleting its policy, its ACL, its Block Public
 *   Access or object ownership settings;
 * - on every data and artifacts key of the project (with its key policy): replacing the key policy,
 *   replicating the key to another region, moving its primary region;
 * - on every other control of the project (CONTROL_WRITES): the calls that bend it out of band.
 */
import { CfnResource } from 'aws-cdk-lib';
import { EvaluationResult, Named, ResourceKind, isDenied } from '../../iam';
import { actionClasses, ask } from '../../access/ask';
import { isUnknownPolicy } from '../../access/documents';
import { namedPrincipals } from '../../access/callers';
import { Failures, Findings } from '../../access/findings';
import { Holder, Inventory } from '../../access/inventory';
import { ModelResource } from '../../model';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

const ROLE_WRITES = [
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];
const USER_WRITES = [
  'iam:PutUserPolicy',
  'iam:AttachUserPolicy',
  'iam:DetachUserPolicy',
  'iam:DeleteUserPolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
];
const GROUP_WRITES = [
  'iam:PutGroupPolicy',
  'iam:AttachGroupPolicy',
  'iam:DetachGroupPolicy',
  'iam:AddUserToGroup',
];
const POLICY_WRITES = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'];
const BUCKET_WRITES = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
];
const KEY_WRITES = ['kms:PutKeyPolicy', 'kms:ReplicateKey', 'kms:UpdatePrimaryRegion'];

/**
 * The other controls of a project, by resource type: what keeps the network closed, the copies few
 * and the logs and alerts running, with the calls that would bend each out of band (the templates
 * deploy them; no project role or handed-out policy may change them afterwards).
 */
const CONTROL_WRITES: Readonly<
  Record<
    string,
    { readonly arn: (inv: Inventory, r: ModelResource) => string; readonly actions: readonly string[] }
  >
> = {
  'AWS::EC2::VPC': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `vpc/${inv.symbols.nameOf(r)}`),
    actions: [
      'ec2:AttachInternetGateway',
      'ec2:AttachVpnGateway',
      'ec2:CreateVpcPeeringConnection',
      'ec2:AcceptVpcPeeringConnection',
      'ec2:CreateTransitGatewayVpcAttachment',
      'ec2:CreateVpcEndpoint',
      'ec2:AssociateVpcCidrBlock',
      'ec2:ModifyVpcAttribute',
    ],
  },
  'AWS::EC2::Subnet': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `subnet/${inv.symbols.nameOf(r)}`),
    actions: [
      'ec2:AssociateRouteTable',
      'ec2:ModifySubnetAttribute',
      'ec2:AssociateSubnetCidrBlock',
      'ec2:CreateNatGateway',
    ],
  },
  'AWS::EC2::RouteTable': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `route-table/${inv.symbols.nameOf(r)}`),
    actions: ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:ReplaceRouteTableAssociation'],
  },
  'AWS::EC2::SecurityGroup': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `security-group/${inv.symbols.nameOf(r)}`),
    actions: [
      'ec2:AuthorizeSecurityGroupEgress',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:ModifySecurityGroupRules',
    ],
  },
  'AWS::EC2::VPCEndpoint': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `vpc-endpoint/${inv.symbols.nameOf(r)}`),
    actions: ['ec2:ModifyVpcEndpoint'],
  },
  'AWS::EC2::FlowLog': {
    arn: (inv, r) => inv.symbols.arn(r, 'ec2', `vpc-flow-log/${inv.symbols.nameOf(r)}`),
    actions: ['ec2:DeleteFlowLogs'],
  },
  'AWS::Route53Resolver::FirewallRuleGroupAssociation': {
    arn: (inv, r) =>
      inv.symbols.arn(r, 'route53resolver', `firewall-rule-group-association/${inv.symbols.nameOf(r)}`),
    actions: [
      'route53resolver:DisassociateFirewallRuleGroup',
      'route53resolver:UpdateFirewallRuleGroupAssociation',
    ],
  },
  'AWS::Route53Resolver::FirewallRuleGroup': {
    arn: (inv, r) => inv.symbols.arn(r, 'route53resolver', `firewall-rule-group/${inv.symbols.nameOf(r)}`),
    actions: [
      'route53resolver:CreateFirewallRule',
      'route53resolver:UpdateFirewallRule',
      'route53resolver:DeleteFirewallRule',
    ],
  },
  'AWS::Route53Resolver::FirewallDomainList': {
    arn: (inv, r) => inv.symbols.arn(r, 'route53resolver', `firewall-domain-list/${inv.symbols.nameOf(r)}`),
    actions: ['route53resolver:UpdateFirewallDomains', 'route53resolver:ImportFirewallDomains'],
  },
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': {
    arn: (inv, r) =>
      inv.symbols.arn(r, 'route53resolver', `resolver-query-log-config/${inv.symbols.nameOf(r)}`),
    actions: [
      'route53resolver:DisassociateResolverQueryLogConfig',
      'route53resolver:DeleteResolverQueryLogConfig',
    ],
  },
  'AWS::S3::Bucket': {
    arn: (inv, r) => inv.symbols.attribute(r, 'Arn'),
    actions: [
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
      's3:PutReplicationConfiguration',
      's3:PutBucketLogging',
      's3:PutLifecycleConfiguration',
      's3:PutBucketVersioning',
      's3:PutBucketObjectLockConfiguration',
      's3:PutEncryptionConfiguration',
      's3:PutBucketNotification',
      's3:PutInventoryConfiguration',
      's3:PutAnalyticsConfiguration',
    ],
  },
  'AWS::CloudTrail::Trail': {
    arn: (inv, r) => inv.symbols.attribute(r, 'Arn'),
    actions: [
      'cloudtrail:StopLogging',
      'cloudtrail:DeleteTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:PutEventSelectors',
    ],
  },
  'AWS::Logs::LogGroup': {
    arn: (inv, r) => inv.symbols.attribute(r, 'Arn'),
    actions: [
      'logs:DeleteLogGroup',
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:PutSubscriptionFilter',
      'logs:CreateExportTask',
      'logs:PutDataProtectionPolicy',
      'logs:DeleteDataProtectionPolicy',
      'logs:DisassociateKmsKey',
    ],
  },
  'AWS::Events::Rule': {
    arn: (inv, r) => inv.symbols.attribute(r, 'Arn'),
    actions: [
      'events:DisableRule',
      'events:DeleteRule',
      'events:PutRule',
      'events:PutTargets',
      'events:RemoveTargets',
    ],
  },
  'AWS::SNS::Topic': {
    arn: (inv, r) => inv.symbols.attribute(r, 'Arn'),
    actions: ['sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:AddPermission', 'sns:RemovePermission'],
  },
};

interface Target {
  readonly what: string;
  readonly resource: string;
  readonly actions: readonly string[];
  readonly account?: string;
  readonly policy?: Named;
  readonly kind?: ResourceKind;
}

function targets(inv: Inventory, node: CfnResource, holder: Holder): Target[] {
  const r = inv.get(node);
  const account = inv.symbols.account(r);
  const own = (type: string) => inv.model.ofType(type).filter((x) => inv.sameProject(x, r));
  const iam = (kind: string, name: string) => `arn:${inv.symbols.partition}:iam::${account}:${kind}/${name}`;
  const defined = inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn);
  const named = holder.caller.identity.flatMap((n) => namedPrincipals(n.document, account, defined));
  const namedRoles = named.map((c) => c.principal.roleArn).filter((a): a is string => a !== undefined);
  const namedUsers = named.filter((c) => c.principal.type === 'user').map((c) => c.principal.arn);
  return [
    ...[
      ...own('AWS::IAM::Role').map((x) => inv.symbols.attribute(x, 'Arn')),
      iam('role', `${PROBE}-any-role`),
      ...namedRoles,
    ].map((resource) => ({ what: `role ${resource}`, resource, actions: ROLE_WRITES })),
    // Roles the templates do not define trust whoever their account lets in (CDK's deployment roles
    // trust the account root): becoming one is becoming whoever may rewrite everything.
    ...[iam('role', `${PROBE}-any-role`), ...namedRoles.filter((a) => !defined.includes(a))].map(
      (resource) => ({
        what: `role ${resource} (not defined by the templates)`,
        resource,
        actions: ['sts:AssumeRole'],
      }),
    ),
    ...[
      ...own('AWS::IAM::User').map((x) => inv.symbols.attribute(x, 'Arn')),
      iam('user', `${PROBE}-any-user`),
      ...namedUsers,
    ].map((resource) => ({ what: `user ${resource}`, resource, actions: USER_WRITES })),
    ...[
      ...own('AWS::IAM::Group').map((x) => inv.symbols.attribute(x, 'Arn')),
      iam('group', `${PROBE}-any-group`),
    ].map((resource) => ({ what: `group ${resource}`, resource, actions: GROUP_WRITES })),
    ...[
      ...own('AWS::IAM::ManagedPolicy').map((x) => inv.symbols.ref(x)),
      iam('policy', `${PROBE}-any-policy`),
    ].map((resource) => ({ what: `managed policy ${resource}`, resource, actions: POLICY_WRITES })),
    ...inv.model
      .dataBuckets()
      .filter((b) => inv.sameProject(b, r))
      .map((b) => ({
        what: `bucket ${b.logicalId}`,
        resource: inv.symbols.attribute(b, 'Arn'),
        actions: BUCKET_WRITES,
        account: inv.symbols.account(b),
        policy: inv.bucketPolicies(b)[0],
      })),
    ...inv.model
      .dataKeys()
      .filter((k) => inv.sameProject(k, r))
      .map((k) => ({
        what: `key ${k.logicalId}`,
        resource: inv.symbols.attribute(k, 'Arn'),
        actions: KEY_WRITES,
        policy: inv.keyPolicy(k),
        kind: 'kms-key',
      })),
    ...inv.model.resources
      .filter((x) => CONTROL_WRITES[x.type] && inv.sameProject(x, r))
      .map((x) => ({
        what: `${x.type.split('::').slice(1).join(' ')} ${inv.symbols.label(x)}`,
        resource: CONTROL_WRITES[x.type].arn(inv, x),
        actions: CONTROL_WRITES[x.type].actions,
        ...(x.type === 'AWS::S3::Bucket'
          ? { account: inv.symbols.account(x), policy: inv.bucketPolicies(x)[0] }
          : {}),
      })),
  ];
}

export const NoGuardrailRewrites: IsolationRule = {
  id: 'IAM7',
  control: 11,
  types: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: "A holder of these policies may rewrite or bend the project's guardrails: a role's, user's or group's policies or trust, a managed policy's version, a bucket's policy or settings, a data key's policy, or the network, flow logs, DNS firewall, trail, log groups, alert rules or alert topic.",
  explanation:
    'Evaluated as AWS would decide from the holder’s own policies: iam:PutRolePolicy, AttachRolePolicy, ' +
    'DetachRolePolicy, DeleteRolePolicy, UpdateAssumeRolePolicy and the permissions-boundary actions on the ' +
    'project’s roles (or any role of the account), their user and group equivalents (with CreateAccessKey and ' +
    'login profiles), CreatePolicyVersion and SetDefaultPolicyVersion on managed policies, PutBucketPolicy, ' +
    'DeleteBucketPolicy, PutBucketAcl, PutBucketPublicAccessBlock and PutBucketOwnershipControls on data ' +
    'buckets, PutKeyPolicy, ReplicateKey and UpdatePrimaryRegion on data keys, and sts:AssumeRole on roles the ' +
    'templates do not define (CDK deployment roles trust the account) must not be allowed; nor the calls that ' +
    'bend the other controls out of band: routes, gateways, peering, endpoints and security-group rules of the ' +
    'project network, deleting its flow logs, detaching or editing its DNS firewall and query logging, ' +
    'stopping or narrowing the trail, deleting, shortening, exporting or unmasking its log groups, disabling or ' +
    'retargeting alert rules, rewriting the alert topic, and replication, logging, lifecycle, versioning, ' +
    'Object Lock, encryption and notification settings of its buckets. Whoever may rewrite a guardrail becomes ' +
    'whoever it governs, or lets anyone in. Change guardrails through the deployment pipeline ' +
    '(CloudFormation), never through a project role or a policy handed to people.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const holders = inv.holders().filter((h) => h.carrier === r);
    if (holders.length === 0) return NOT_APPLICABLE;
    const f = new Findings();
    for (const holder of holders) {
      // What the templates do not hold (an AWS-managed policy) is judged by Isolation-IAM2.
      const identity = holder.caller.identity.filter((n) => !isUnknownPolicy(n));
      const caller = { ...holder.caller, identity };
      const failures = new Failures();
      for (const t of targets(inv, node, holder)) {
        for (const group of actionClasses(t.actions, [...identity, t.policy])) {
          const result: EvaluationResult = ask({
            caller,
            action: group[0],
            resource: t.resource,
            resourceAccount: t.account,
            context: { 'kms:CallerAccount': caller.principal.account },
            resourcePolicy: t.policy,
            kind: t.kind,
          });
          if (!isDenied(result))
            failures.add(
              `{actions} on ${t.what} by ${holder.caller.id}`,
              group,
              'with its own policies',
              result,
            );
        }
      }
      failures.into(f);
    }
    return f.result();
  },
};
