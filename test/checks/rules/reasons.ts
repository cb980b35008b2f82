/**
 * One Isolation rule over a small hand-written stack, without the rest of the pack: the resources it
 * flags, each with its reasons (`Rule[reason]`). Faster than the whole pack, so the policy rules'
 * tests can try many requests.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { AppModel } from '../../../lib/checks/model';
import { IsolationRule, appliesTo } from '../../../lib/checks/rule';
import { ACCOUNT, REGION } from '../support';

export type Build = (stack: Stack) => void;

/** Logical ID → reasons, for every resource the rule flags (a bare NON_COMPLIANT gives ['']). */
export function reasonsOf(
  rule: IsolationRule,
  build: Build,
  env = { account: ACCOUNT, region: REGION },
): Record<string, string[]> {
  const app = new App();
  const stack = new Stack(app, 'S', { env });
  build(stack);
  AppModel.reset(stack);
  const out: Record<string, string[]> = {};
  for (const node of app.node.findAll()) {
    if (!CfnResource.isCfnResource(node) || !appliesTo(rule, node.cfnResourceType)) continue;
    const result = rule.check(node);
    const id = Stack.of(node).resolve(node.logicalId) as string;
    if (Array.isArray(result) && result.length > 0) out[id] = result;
    else if (result === NagRuleCompliance.NON_COMPLIANT) out[id] = [''];
  }
  AppModel.reset(stack);
  return out;
}

/** Whether some reason of the resource matches. */
export function flags(found: Record<string, string[]>, id: string, pattern: RegExp): boolean {
  return (found[id] ?? []).some((r) => pattern.test(r));
}
