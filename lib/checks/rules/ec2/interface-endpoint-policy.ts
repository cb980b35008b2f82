/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * Isolation-VPCE1: what an interface endpoint lets through, as AWS would decide it. Code inside the
 * VPC that holds credentials of another account (brought in an image or a dataset), or that acts on
 * another account's resources (assumes its role, writes its log group, encrypts under its key, whose
 * CloudTrail records the request), carries data out through the endpoint; the endpoint policy is the
 * only policy of this account in the way.
 *
 * Must be denied through the endpoint, for the calls of the service that write or reach elsewhere:
 * - by every principal of another account (including accounts, organizations and tags the policy
 *   names), on resources of their account;
 * - by an unknown administrator of this account, on resources of another account.
 * Both with the far resource's policy open to everyone.
 */
import { CfnResource } from 'aws-cdk-lib';
import { INTERFACE_ENDPOINT_SERVICES } from '../../../config/schema';
import { Named, isDenied } from '../../iam';
import { ask } from '../../access/ask';
import { outsiders, otherAccount, unknownAdmin } from '../../access/callers';
import { Failures, Findings } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { endpointService, isGatewayEndpoint } from './endpoint-service';

const PROBE = 'isotrain-check';

/** What anyone may do with a resource its owner opened: the far side of the request. */
const OPEN_RESOURCE: Named = {
  name: 'the policy of a resource its owner opened to everyone',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  },
};

interface Probe {
  readonly action: string;
  /** The resource in `account`; undefined for calls with no resource (they act in the caller's account). */
  readonly resource?: (region: string, account: string) => string;
}

/** Per allowlisted service: calls that write somewhere or reach another account. */
const PROBES: Record<(typeof INTERFACE_ENDPOINT_SERVICES)[number], readonly Probe[]> = {
  logs: [
    {
      action: 'logs:PutLogEvents',
      resource: (r, a) => `arn:aws:logs:${r}:${a}:log-group:${PROBE}:log-stream:${PROBE}`,
    },
    { action: 'logs:CreateLogGroup', resource: (r, a) => `arn:aws:logs:${r}:${a}:log-group:${PROBE}` },
  ],
  monitoring: [{ action: 'cloudwatch:PutMetricData' }],
  sts: [
    { action: 'sts:AssumeRole', resource: (_r, a) => `arn:aws:iam::${a}:role/${PROBE}` },
    { action: 'sts:TagSession', resource: (_r, a) => `arn:aws:iam::${a}:role/${PROBE}` },
  ],
  kms: [
    { action: 'kms:Encrypt', resource: (r, a) => `arn:aws:kms:${r}:${a}:key/${PROBE}` },
    { action: 'kms:Decrypt', resource: (r, a) => `arn:aws:kms:${r}:${a}:key/${PROBE}` },
  ],
  ssm: [{ action: 'ssm:PutParameter', resource: (r, a) => `arn:aws:ssm:${r}:${a}:parameter/${PROBE}` }],
  'ecr.api': [
    { action: 'ecr:InitiateLayerUpload', resource: (r, a) => `arn:aws:ecr:${r}:${a}:repository/${PROBE}` },
    { action: 'ecr:PutImage', resource: (r, a) => `arn:aws:ecr:${r}:${a}:repository/${PROBE}` },
  ],
  'ecr.dkr': [
    { action: 'ecr:UploadLayerPart', resource: (r, a) => `arn:aws:ecr:${r}:${a}:repository/${PROBE}` },
    { action: 'ecr:PutImage', resource: (r, a) => `arn:aws:ecr:${r}:${a}:repository/${PROBE}` },
  ],
  'sagemaker.api': [
    {
      action: 'sagemaker:CreateTrainingJob',
      resource: (r, a) => `arn:aws:sagemaker:${r}:${a}:training-job/${PROBE}`,
    },
  ],
  'sagemaker.runtime': [
    {
      action: 'sagemaker:InvokeEndpoint',
      resource: (r, a) => `arn:aws:sagemaker:${r}:${a}:endpoint/${PROBE}`,
    },
  ],
};

/**
 * Resource context keys the far side controls, with the values the policy names: another account
 * may sit in the same organization (or path) and tag its resources as it likes.
 */
function resourceClaims(doc: unknown): Record<string, string> {
  const claims: Record<string, string> = {};
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, x] of Object.entries(v)) {
      const key = k.toLowerCase();
      const first =
        typeof x === 'string' ? x : Array.isArray(x) && typeof x[0] === 'string' ? x[0] : undefined;
      if (first !== undefined && (key === 'aws:resourceorgid' || key.startsWith('aws:resourcetag/')))
        claims[k] = first;
      else if (first !== undefined && key === 'aws:resourceorgpaths') claims[k] = first.replace(/\*/g, '');
      else walk(x);
    }
  };
  walk(doc);
  return claims;
}

export const InterfaceEndpointPolicy: IsolationRule = {
  id: 'VPCE1',
  control: 3,
  types: ['AWS::EC2::VPCEndpoint'],
  info: 'The interface endpoint is for a service outside the allowlist, or its policy lets a principal of another account, or a call on another account, through.',
  explanation:
    'Evaluated as AWS would decide, with the far resource open to everyone: through the endpoint, the calls that ' +
    'write or reach elsewhere (PutLogEvents, PutMetricData, AssumeRole, Encrypt, PutParameter, image pushes, ' +
    'CreateTrainingJob, InvokeEndpoint) must be denied to principals of other accounts (in your organization or ' +
    "not, whatever tags they carry), and to this account's principals on resources of other accounts. Without " +
    'that, code in the VPC with credentials it brought, or one AssumeRole to a foreign role, writes data into ' +
    'another account. Open endpoints only for ' +
    `${INTERFACE_ENDPOINT_SERVICES.join(', ')}, each with a policy that allows only when aws:PrincipalAccount ` +
    'and aws:ResourceAccount are this account (InterfaceEndpoints does this); a condition every caller meets ' +
    '(StringLike "*", IfExists) restricts nothing.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const endpoint = inv.get(node);
    if (isGatewayEndpoint(endpoint.props)) return NOT_APPLICABLE;
    const service = endpointService(inv.symbols.resolve(endpoint.props.ServiceName, endpoint.stack));
    if (!service || !(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service))
      return [`interface endpoint to ${service ?? 'an unknown service'}, not in the allowlist`];
    const policy = inv.endpointPolicy(endpoint);
    const account = inv.symbols.account(endpoint);
    const region = inv.symbols.region(endpoint);
    const other = otherAccount(account);
    const vpc = inv.vpcOf(endpoint);
    const base = {
      ...resourceClaims(policy.document),
      'aws:SecureTransport': 'true',
      'aws:SourceVpce': inv.symbols.ref(endpoint),
      ...(vpc ? { 'aws:SourceVpc': inv.symbols.ref(vpc) } : {}),
    };
    // Each caller acts on a resource of an account that is not this one: its own, or (for this
    // account's principal) another account's.
    const cases: { caller: Caller; far: string }[] = [
      { caller: unknownAdmin(account), far: other },
      ...outsiders(policy.document, account).map((c) => ({ caller: c, far: c.principal.account })),
    ];
    const failures = new Failures();
    for (const { caller, far } of cases) {
      for (const p of PROBES[service as keyof typeof PROBES]) {
        // A call without a resource acts in the caller's account: this account's principal stays home.
        if (!p.resource && caller.principal.account === account) continue;
        const result = ask({
          caller,
          action: p.action,
          resource: p.resource ? p.resource(region, far) : '*',
          resourceAccount: far,
          context: { ...base, 'aws:ResourceAccount': far },
          resourcePolicy: OPEN_RESOURCE,
          endpoint: policy,
        });
        if (!isDenied(result))
          failures.add(
            `{actions} by ${caller.id} in account ${far}`,
            [p.action],
            'through this endpoint',
            result,
          );
      }
    }
    const f = new Findings();
    failures.into(f);
    return f.result();
  },
};
