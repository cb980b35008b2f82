import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { IsolationChecks } from '../../lib/checks/isolation-pack';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** A raw resource, as a template from anywhere would define it. */
export function res(
  stack: Stack,
  id: string,
  type: string,
  properties: Record<string, unknown> = {},
): CfnResource {
  const r = new CfnResource(stack, id, { type, properties });
  r.overrideLogicalId(id);
  return r;
}

/** Builds resources into one stack of a fresh app and returns the Isolation findings, by rule. */
export function isolationFindings(build: (stack: Stack) => void): Record<string, string[]> {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: REGION } });
  build(stack);
  const out: Record<string, string[]> = {};
  for (const v of new IsolationChecks().validateScope(app).violations) {
    // Findings with a reason (`Isolation-X[reason]`) count under their rule, once per resource.
    const rule = v.ruleName.replace(/\[.*$/, '');
    const names = v.violatingResources.map((r) => (r.constructPath ?? '').split('/').pop()!);
    out[rule] = [...new Set([...(out[rule] ?? []), ...names])];
  }
  return out;
}

export const ref = (id: string) => ({ Ref: id });
export const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
export const objects = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/*']] });
export const tag = (purpose: string) => [{ Key: 'isotrain:purpose', Value: purpose }];

/**
 * Publishes a handed-out policy and its fence as the stacks publish them: outputs `<name>PolicyArn` and
 * `<name>FencePolicyArn` (contract: fenceOutputName), so the checks judge a holder with both.
 */
export function publishWithFence(stack: Stack, name: string, policyId: string, fenceId: string): void {
  new CfnOutput(stack, `${name}PolicyArn`, { value: Fn.ref(policyId) });
  new CfnOutput(stack, `${name}FencePolicyArn`, { value: Fn.ref(fenceId) });
}
