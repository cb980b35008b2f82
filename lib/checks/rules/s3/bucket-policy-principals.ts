/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- CloudFormation templates and policies are untyped JSON */
/**
 * Isolation-S3POL: whom the bucket policy lets in from outside the account, as AWS would decide it.
 *
 * Must be denied, for every S3 action on the bucket and on its objects (the contract's read, write,
 * tag, export and listing actions, and every action the policy itself names): principals of another
 * account (the sentinel account, every account the policy names, roles named like the ones it names,
 * in the organization and with the tags it names), anonymous callers, and every service principal it
 * names working for another account; each also through every VPC endpoint or VPC the policy names
 * that is not one of the templates'. Their own account's policies are taken to allow everything.
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  BUCKET_LIST_ACTIONS,
  EXPORT_CONFIGURATION_ACTIONS,
  EXPORT_OBJECT_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  OBJECT_TAG_WRITE_ACTIONS,
  OBJECT_WRITE_ACTIONS,
} from '../../../contract';
import { Named, isDenied } from '../../iam';
import { actionClasses, ask, callerClasses, mayGrant, narrowed } from '../../access/ask';
import { ANONYMOUS, otherAccount, outsiders } from '../../access/callers';
import { Failures, Findings, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { actionsNamed } from '../../access/actions';
import { baseContext, conditionValues, keyClasses, objectKeys } from '../../access/s3';
import { servicesFor } from '../../access/services';
import { Json } from '../../cfn';
import { ModelResource } from '../../model';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

const OBJECT_ACTIONS = [
  ...OBJECT_DATA_READ_ACTIONS,
  ...OBJECT_WRITE_ACTIONS,
  ...OBJECT_TAG_WRITE_ACTIONS,
  ...EXPORT_OBJECT_ACTIONS,
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:GetObjectTagging',
  's3:PutObjectAcl',
];
const BUCKET_ACTIONS = [
  ...BUCKET_LIST_ACTIONS,
  ...EXPORT_CONFIGURATION_ACTIONS,
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:DeleteBucket',
];

function judge(inv: Inventory, bucket: ModelResource, policy: Named, f: Findings, why = ''): void {
  const account = inv.symbols.account(bucket);
  const arn = inv.symbols.attribute(bucket, 'Arn');
  const who: { caller: Caller; context?: Record<string, string> }[] = [
    ...outsiders(policy.document, account).map((caller) => ({ caller })),
    { caller: ANONYMOUS },
    ...servicesFor(policy.document, otherAccount(account), inv.symbols.region(bucket)).map((s) => ({
      caller: s.caller,
      context: s.context as Record<string, string>,
    })),
  ];
  // An outsider calls from its own network: through any VPC endpoint or VPC the policy names that is
  // not one of the templates' (an endpoint ID is no secret, and another account's endpoint is theirs).
  const own = inv.model.ofType('AWS::EC2::VPCEndpoint', 'AWS::EC2::VPC').map((x) => inv.symbols.ref(x));
  for (const key of ['aws:SourceVpce', 'aws:SourceVpc']) {
    for (const v of conditionValues([policy], key).filter((x) => !own.includes(x) && !/[*?]/.test(x))) {
      for (const caller of [...outsiders(policy.document, account), ANONYMOUS])
        who.push({ caller: { ...caller, id: `${caller.id} through ${v}` }, context: { [key]: v } });
    }
  }
  const named = actionsNamed(policy.document, 's3');
  const targets = [
    { resources: [arn], actions: [...new Set([...BUCKET_ACTIONS, ...named])] },
    {
      resources: objectKeys(inv, bucket, [policy]).map((k) => `${arn}/${k}`),
      actions: [...new Set([...OBJECT_ACTIONS, ...named])],
    },
  ];
  const failures = new Failures();
  const base = { ...baseContext(inv, bucket), 'aws:SourceIp': '198.51.100.7' };
  for (const { resources, actions } of targets) {
    for (const group of actionClasses(actions, [policy])) {
      // Nobody outside the account is granted what no Allow statement of the policy may match.
      if (!mayGrant([policy], group[0])) continue;
      const docs = narrowed([policy], group[0]);
      const objects =
        resources.length === 1
          ? resources
          : keyClasses(
              arn,
              resources.map((x) => x.slice(arn.length + 1)),
              docs,
              () => '',
            ).map(([k]) => `${arn}/${k}`);
      const classes = callerClasses(
        who.map((w) => w.caller),
        docs,
        (c) => JSON.stringify(who.find((w) => w.caller === c)?.context ?? {}),
      );
      for (const callers of classes) {
        const { caller, context } = who.find((w) => w.caller === callers[0])!;
        for (const resource of objects) {
          const result = ask({
            caller,
            action: group[0],
            resource,
            resourceAccount: account,
            context: { ...base, ...context },
            resourcePolicy: policy,
          });
          if (!isDenied(result)) {
            failures.add(
              `{actions} by ${whoLabel(callers)}${why}`,
              group,
              resource.slice(arn.length + 1) || 'the bucket',
              result,
            );
            break;
          }
        }
      }
    }
  }
  failures.into(f);
}

const GRANTED = ' by an Allow of the policy (only a Deny of the policy stops it today)';

/** The policy without its Deny statements: what its Allow statements grant on their own. */
function allowsOnly(document: Json): Json {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return { ...document, Statement: statements.filter((st: Json) => st?.Effect === 'Allow') };
}

export const BucketPolicyPrincipals: IsolationRule = {
  id: 'S3POL',
  control: 4,
  types: ['AWS::S3::BucketPolicy'],
  info: 'The bucket policy lets a principal of another account, an anonymous caller, or a service working for another account act on the bucket.',
  explanation:
    'Evaluated as AWS would decide: every S3 action on the bucket and its objects must be denied to ' +
    'principals of other accounts (whatever their own policies allow, however their roles are named, ' +
    'in your organization or not, whatever tags they carry), to anonymous callers, and to the service ' +
    'principals the policy names when they work for another account. A condition that every such ' +
    'caller meets (StringLike aws:PrincipalArn "*", an organization ID) restricts nothing. Grant to ' +
    'roles of this account through their identity policies, and bind service principals with ' +
    'aws:SourceAccount (and aws:SourceArn) = this account. An Allow to outsiders that only a Deny of the same ' +
    'policy cancels is a finding too: one edit of the Deny away from a leak.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const bucket = inv.symbols.deref(r.props.Bucket, r.stack);
    const policy = inv.document(r, r.props.PolicyDocument, 'PolicyDocument');
    if (!policy) return NOT_APPLICABLE;
    const f = new Findings();
    if (bucket?.type === 'AWS::S3::Bucket') {
      judge(inv, bucket, { name: r.logicalId, document: policy }, f);
      // A grant to outsiders that only another statement's Deny cancels is one edit away from a leak:
      // judge the policy's Allow statements on their own too.
      if (f.size === 0) judge(inv, bucket, { name: r.logicalId, document: allowsOnly(policy) }, f, GRANTED);
    } else
      f.add(
        `the bucket ${JSON.stringify(r.props.Bucket)} is not among the checked templates, so what the policy grants cannot be judged`,
      );
    return f.result();
  },
};
