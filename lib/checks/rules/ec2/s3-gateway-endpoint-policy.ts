/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * Isolation-VPCE2: what an S3 gateway endpoint lets through, as AWS would decide it. The endpoint
 * policy is the only policy in the way when code inside the VPC writes to a bucket its owner controls
 * (that bucket's policy allows everything, and so may the caller's identity policies).
 *
 * Must be denied through the endpoint, for object reads, writes and listings:
 * - by every role and user of the templates, an unknown administrator of the account and an
 *   anonymous (unsigned) caller, on a bucket outside the app, of this account or another, and on an
 *   instance of every bucket pattern the policy allows that is not a bucket of the templates
 *   (`arn:aws:s3:::example-*` also matches `example-isotrain-check`; a policy variable in a bucket name
 *   is whatever the request brings);
 * - by an unknown administrator of the account, by principals of another account and anonymously,
 *   on the templates' own buckets (the endpoint binds principals, not just buckets).
 */
import { CfnResource } from 'aws-cdk-lib';
import { BUCKET_LIST_ACTIONS, OBJECT_DATA_READ_ACTIONS, OBJECT_WRITE_ACTIONS } from '../../../contract';
import { Named, isDenied } from '../../iam';
import { stringList } from '../../iam/tokens';
import { actionClasses, ask, callerClasses } from '../../access/ask';
import {
  ANONYMOUS,
  foreignCallers,
  holding,
  namedPrincipals,
  otherAccount,
  unknownAdmin,
} from '../../access/callers';
import { ADMINISTRATOR, statementList } from '../../access/documents';
import { Failures, Findings, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { endpointService, isGatewayEndpoint } from './endpoint-service';

/** What the owner of a bucket outside the project writes into its policy: anyone may do anything. */
const OPEN_BUCKET: Named = {
  name: 'the policy of a bucket its owner opened to everyone',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  },
};

interface Lookalike {
  readonly bucket: string;
  /** The request's values of the policy variables the pattern names (`${aws:PrincipalTag/x}`). */
  readonly context: Readonly<Record<string, string>>;
}

/**
 * A bucket ARN of every bucket pattern the policy names that is not one of the templates' buckets. A
 * policy variable in the bucket name is whatever the request brings (a tag its caller was given).
 */
function lookalikes(policy: Named, appBuckets: readonly string[]): Lookalike[] {
  const out = new Map<string, Lookalike>();
  const first = `arn:aws:s3:::${PROBE}-other-account-bucket`;
  out.set(first, { bucket: first, context: {} });
  for (const s of statementList(policy.document)) {
    for (const v of [...stringList(s?.Resource), ...stringList(s?.NotResource)]) {
      const m = /^arn:aws[a-z-]*:s3:::((?:\$\{[^}]*\}|[^/])*)/.exec(v);
      if (!m || v.includes('{{unknown:')) continue;
      const context: Record<string, string> = {};
      const name = m[1]
        .replace(/\$\{([^}]*)\}/g, (_whole, key: string) => {
          context[key] = `${PROBE}-chosen`;
          return `${PROBE}-chosen`;
        })
        .replace(/\*/g, PROBE)
        .replace(/\?/g, 'x');
      const bucket = `arn:aws:s3:::${name}`;
      if (!appBuckets.includes(bucket)) out.set(bucket, { bucket, context });
    }
  }
  return [...out.values()];
}

export const S3GatewayEndpointPolicy: IsolationRule = {
  id: 'VPCE2',
  control: 3,
  types: ['AWS::EC2::VPCEndpoint'],
  info: "The S3 gateway endpoint lets code in the VPC reach a bucket that is not this app's, or lets a principal other than the app's use it on the app's buckets.",
  explanation:
    "Evaluated as AWS would decide, with the far bucket's policy open to everyone: through the endpoint, " +
    'reads, writes and listings must be denied on a bucket of another account and on every bucket a pattern ' +
    'in the policy matches that is not a bucket of these templates (arn:aws:s3:::example-* also matches ' +
    "example-two-..., another project's or an attacker's bucket), and on the app's own buckets to an unknown " +
    'administrator of the account and to other accounts. Give the endpoint a policy whose Allow statements ' +
    "name only this project's buckets and their objects by reference (bucketArn, arnForObjects('*')) and " +
    'bind principals (aws:PrincipalArn of the project roles, aws:PrincipalAccount); never "*", ' +
    'arn:aws:s3:::* or a name pattern.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const endpoint = inv.get(node);
    const service = endpointService(inv.symbols.resolve(endpoint.props.ServiceName, endpoint.stack));
    if (!isGatewayEndpoint(endpoint.props) || service !== 's3') return NOT_APPLICABLE;
    const policy = inv.endpointPolicy(endpoint);
    const account = inv.symbols.account(endpoint);
    const other = otherAccount(account);
    const vpc = inv.vpcOf(endpoint);
    const context = {
      'aws:SecureTransport': 'true',
      'aws:SourceVpce': inv.symbols.ref(endpoint),
      ...(vpc ? { 'aws:SourceVpc': inv.symbols.ref(vpc) } : {}),
    };
    // The buckets of the endpoint's project: another project's are as foreign as anyone's.
    const buckets = inv.model.ofType('AWS::S3::Bucket').filter((b) => inv.sameProject(b, endpoint));
    const appArns = buckets.map((b) => inv.symbols.attribute(b, 'Arn'));
    const defined = inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn);
    const inside: Caller[] = [
      unknownAdmin(account),
      ...inv.callers().map((c) => holding(c, [ADMINISTRATOR])),
      ...namedPrincipals(policy.document, account, defined),
      // Unsigned requests go through the endpoint too: an anonymous PUT to a bucket its owner opened.
      ANONYMOUS,
    ];
    const strangers: Caller[] = [unknownAdmin(account), ...foreignCallers(other), ANONYMOUS];
    const cases: {
      callers: Caller[];
      bucket: string;
      owner: string;
      bucketPolicy?: Named;
      what: string;
      context?: Readonly<Record<string, string>>;
    }[] = [
      // Outside the app is outside, in this account (whoever else of it reads that bucket) or another.
      ...lookalikes(policy, appArns).flatMap((l) =>
        [other, account].map((owner) => ({
          callers: inside,
          bucket: l.bucket,
          owner,
          bucketPolicy: OPEN_BUCKET,
          context: l.context,
          what: `${l.bucket.slice('arn:aws:s3:::'.length)}, a bucket outside the app${owner === account ? ' in this account' : ''}`,
        })),
      ),
      ...buckets.map((b, i) => ({
        callers: strangers,
        bucket: appArns[i],
        owner: inv.symbols.account(b),
        bucketPolicy: OPEN_BUCKET,
        what: `${b.logicalId} of the app`,
      })),
    ];
    const actions = [...OBJECT_DATA_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS, ...BUCKET_LIST_ACTIONS];
    const failures = new Failures();
    for (const c of cases) {
      for (const group of actionClasses(actions, [policy])) {
        const bucketLevel = (BUCKET_LIST_ACTIONS as readonly string[]).includes(group[0]);
        const resource = bucketLevel ? c.bucket : `${c.bucket}/${PROBE}`;
        for (const who of callerClasses(c.callers, [policy], () => '')) {
          const result = ask({
            caller: who[0],
            action: group[0],
            resource,
            resourceAccount: c.owner,
            context: { ...context, 'aws:ResourceAccount': c.owner, ...c.context },
            resourcePolicy: c.bucketPolicy,
            endpoint: policy,
          });
          if (!isDenied(result))
            failures.add(
              `{actions} on ${c.what} by ${whoLabel(who)}`,
              group,
              'through this endpoint',
              result,
            );
        }
      }
    }
    const f = new Findings();
    failures.into(f);
    return f.result();
  },
};
