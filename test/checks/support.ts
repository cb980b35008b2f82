import { App, CfnResource, Stack } from 'aws-cdk-lib';
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

/** Builds resources into one stack of a fresh app and returns the Isolation findings, by rule (reasons set aside). */
export function isolationFindings(build: (stack: Stack) => void): Record<string, string[]> {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: REGION } });
  build(stack);
  const out: Record<string, string[]> = {};
  for (const v of new IsolationChecks().validateScope(app).violations) {
    // Findings carry their reason in brackets (`Isolation-S3VPCE[...]`): gather them by rule.
    const rule = v.ruleName.replace(/\[.*$/, '');
    const ids = v.violatingResources.map((r) => (r.constructPath ?? '').split('/').pop()!);
    out[rule] = [...new Set([...(out[rule] ?? []), ...ids])];
  }
  return out;
}

export const ref = (id: string) => ({ Ref: id });
export const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
export const objects = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/*']] });
export const tag = (purpose: string) => [{ Key: 'isotrain:purpose', Value: purpose }];
