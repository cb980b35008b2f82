import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { AppModel, ModelResource } from './model';

/** One way data could leave, closed by one rule. */
export interface IsolationRule {
  /** Rule ID suffix: findings read `Isolation-<id>`. */
  readonly id: string;
  /** The control of issue 3 the rule proves (see CONTROLS). */
  readonly control: number;
  /** CloudFormation types the rule looks at ([EVERY_TYPE]: every resource). */
  readonly types: readonly string[];
  /** What is wrong, in one line. */
  readonly info: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** In a rule's `types`: the rule looks at every resource, whatever its type. */
export const EVERY_TYPE = '*';

/** Whether a rule looks at resources of this type. */
export const appliesTo = (rule: Pick<IsolationRule, 'types'>, type: string): boolean =>
  rule.types.includes(EVERY_TYPE) || rule.types.includes(type);

/** The resource, its stack and the whole app's model. */
export function inModel(node: CfnResource): { r: ModelResource; model: AppModel } {
  const model = AppModel.of(node);
  return { r: model.get(node), model };
}

export const COMPLIANT = NagRuleCompliance.COMPLIANT;
export const NON_COMPLIANT = NagRuleCompliance.NON_COMPLIANT;
export const NOT_APPLICABLE = NagRuleCompliance.NOT_APPLICABLE;

/** Findings as cdk-nag expects them: a list of short reasons (they become `Rule[reason]`), or compliant. */
export function verdict(reasons: string[]): NagRuleResult {
  return reasons.length > 0 ? NON_COMPLIANT : COMPLIANT;
}
