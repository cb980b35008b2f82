/**
 * A rule's findings on one resource: short reasons (cdk-nag writes them as `Rule[reason]`), each
 * naming who could do what and how, deduplicated and capped so one broken policy does not bury the
 * report.
 */
import { NagRuleResult } from 'cdk-nag';
import { EvaluationResult } from '../iam';
import { COMPLIANT } from '../rule';

const MAX = 12;

export class Findings {
  private readonly reasons: string[] = [];
  private dropped = 0;

  public add(reason: string): void {
    if (this.reasons.includes(reason)) return;
    if (this.reasons.length < MAX) this.reasons.push(reason);
    else this.dropped++;
  }

  public get size(): number {
    return this.reasons.length + this.dropped;
  }

  public result(): NagRuleResult {
    if (this.reasons.length === 0) return COMPLIANT;
    return this.dropped > 0 ? [...this.reasons, `and ${this.dropped} more like these`] : [...this.reasons];
  }
}

/** " (uncertain: ...)" when the decision rests on a value the templates do not resolve. */
export function uncertainty(r: EvaluationResult): string {
  return r.certain ? '' : ' (may be allowed: it depends on a value the templates do not resolve)';
}

/** `s3:GetObject` or `s3:GetObject and 3 more` for a class of actions decided alike. */
export function actionsLabel(actions: readonly string[]): string {
  return actions.length === 1 ? actions[0] : `${actions[0]} and ${actions.length - 1} more`;
}

/**
 * Failures of many requests gathered per "who and how" (a caller and a path), so a finding reads
 * `s3:GetObject and 14 more by X from outside any VPC endpoint, e.g. on datasets/...`.
 */
export class Failures {
  private readonly byWho = new Map<string, { actions: Set<string>; example: string; uncertain: boolean }>();

  public add(who: string, actions: readonly string[], example: string, result: EvaluationResult): void {
    let entry = this.byWho.get(who);
    if (!entry) this.byWho.set(who, (entry = { actions: new Set(), example, uncertain: false }));
    actions.forEach((a) => entry.actions.add(a));
    if (!result.certain) entry.uncertain = true;
  }

  /** `who` is a template with `{actions}` where the action list goes. */
  public into(f: Findings): void {
    for (const [who, e] of this.byWho) {
      const uncertain = e.uncertain
        ? ' (may be allowed: it depends on a value the templates do not resolve)'
        : '';
      f.add(`${who.replace('{actions}', actionsLabel([...e.actions]))}, e.g. ${e.example}${uncertain}`);
    }
  }
}

/** How findings name a group of callers decided alike: the first, and how many more. */
export function whoLabel(group: readonly { readonly id: string }[]): string {
  return group.length === 1 ? group[0].id : `${group[0].id} (and ${group.length - 1} alike)`;
}
