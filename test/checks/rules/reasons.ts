/** The Isolation findings of a built stack with their reasons: rule → `LogicalId: reason` lines. */
import { App, Stack } from 'aws-cdk-lib';
import { IsolationChecks } from '../../../lib/checks/isolation-pack';
import { ACCOUNT, REGION } from '../support';

export function isolationReasons(build: (stack: Stack) => void): Record<string, string[]> {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: REGION } });
  build(stack);
  const out: Record<string, string[]> = {};
  for (const v of new IsolationChecks().validateScope(app).violations) {
    const m = /^([^[]+)(?:\[(.*)\])?$/.exec(v.ruleName)!;
    for (const r of v.violatingResources) {
      const id = (r.constructPath ?? '').split('/').pop()!;
      (out[m[1]] ??= []).push(`${id}: ${m[2] ?? ''}`);
    }
  }
  return out;
}
