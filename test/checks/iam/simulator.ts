/**
 * The independent evaluator the corpus is checked against: @cloud-copilot/iam-simulate (AGPL: a
 * devDependency, imported from tests only, never from lib/). It ships CommonJS, so jest loads it
 * directly.
 *
 * The simulator does not fill principal keys (aws:PrincipalArn...) from the principal, so the adapter
 * states them here, per principal type, as AWS documents them; a wrong auto-fill in the evaluator then
 * shows up as a disagreement.
 */
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ContextValue, Decision, Named, RequestPrincipal } from '../../../lib/checks/iam';
import { Case } from './corpus';

function principalContext(p: RequestPrincipal): Record<string, string> {
  const tags = Object.fromEntries(Object.entries(p.tags ?? {}).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
  const iam = (arn: string, type: string) => ({
    'aws:PrincipalArn': arn,
    'aws:PrincipalAccount': p.account,
    'aws:PrincipalType': type,
    'aws:PrincipalIsAWSService': 'false',
    ...tags,
  });
  switch (p.type) {
    case 'assumed-role': {
      const [, partition, , , account, rest] = p.arn.split(':');
      const roleName = rest.split('/')[1];
      return iam(`arn:${partition}:iam::${account}:role/${roleName}`, 'AssumedRole');
    }
    case 'role':
      return iam(p.arn, 'AssumedRole');
    case 'user':
      return { ...iam(p.arn, 'User'), 'aws:username': p.arn.split('/').pop()! };
    case 'service':
      return { 'aws:PrincipalServiceName': p.service ?? p.arn, 'aws:PrincipalIsAWSService': 'true' };
    default:
      return {};
  }
}

function asStrings(context: Readonly<Record<string, ContextValue>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(context)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? [...(v as readonly string[])] : String(v);
  }
  return out;
}

const policy = (n: Named) => ({ name: n.name, policy: n.document });

export function toSimulation(c: Case): Simulation {
  const { request, policies } = c;
  const p = request.principal;
  return {
    request: {
      principal: p.type === 'anonymous' ? anonymousPrincipal : p.arn,
      action: request.action,
      resource: {
        resource: request.resource,
        accountId: request.resourceAccount ?? request.resource.split(':')[4],
      },
      contextVariables: { ...principalContext(p), ...asStrings(request.context ?? {}) },
    },
    identityPolicies: (policies.identity ?? []).map(policy),
    serviceControlPolicies: (policies.scps ?? []).map((level, i) => ({
      orgIdentifier: `ou-${i}`,
      policies: level.map(policy),
    })),
    resourceControlPolicies: (policies.rcps ?? []).map((level, i) => ({
      orgIdentifier: `ou-${i}`,
      policies: level.map(policy),
    })),
    ...(policies.resource ? { resourcePolicy: policies.resource.document } : {}),
    ...(policies.boundary ? { permissionBoundaryPolicies: [policy(policies.boundary)] } : {}),
    ...(policies.session ? { sessionPolicy: policies.session.document } : {}),
    ...(policies.endpoint ? { vpcEndpointPolicies: [policy(policies.endpoint)] } : {}),
  };
}

const DECISIONS: Record<string, Decision> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

export interface SimulatorAnswer {
  readonly decision?: Decision;
  /** Why the simulator could not answer, or dropped part of the request. */
  readonly problem?: string;
}

/** The simulator's decision for every case, in order. */
export async function simulateAll(cases: readonly Case[]): Promise<SimulatorAnswer[]> {
  const out: SimulatorAnswer[] = [];
  for (const c of cases) {
    const r = await runSimulation(toSimulation(c), {});
    if (r.resultType !== 'single') {
      out.push({
        problem: r.resultType === 'error' ? JSON.stringify(r.errors) : `result type ${r.resultType}`,
      });
    } else if ((r.result.ignoredContextKeys ?? []).length > 0) {
      out.push({ problem: `ignored context keys ${JSON.stringify(r.result.ignoredContextKeys)}` });
    } else {
      out.push({ decision: DECISIONS[r.overallResult] });
    }
  }
  return out;
}
