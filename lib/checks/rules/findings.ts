import { NagRuleResult } from 'cdk-nag';
import { PROJECT_TAGS } from '../../contract';
import { ModelResource } from '../model';
import { COMPLIANT } from '../rule';

/**
 * A rule's result with its reasons: each becomes a finding `Isolation-<id>[reason]` that names the
 * resource and the way out. Duplicates are dropped; no reason means compliant. Brackets inside a
 * reason would break the finding ID, so they become parentheses.
 */
export function findings(reasons: readonly string[]): NagRuleResult {
  const unique = [...new Set(reasons.map((r) => r.replace(/\[/g, '(').replace(/\]/g, ')')))];
  return unique.length > 0 ? unique : COMPLIANT;
}

/** `Type LogicalId`, how findings name another resource. */
export const named = (r: { readonly type: string; readonly logicalId: string }): string =>
  `${r.type} ${r.logicalId}`;

/** Groups `API variant` names by API: `CreateTrainingJob: isolation off, no VPC`. */
export function byApi(names: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const [api, ...rest] = n.split(' ');
    groups.set(api, [...(groups.get(api) ?? []), rest.join(' ')]);
  }
  return [...groups].map(([api, variants]) => `${api} ${variants.filter(Boolean).join(', ')}`.trim());
}

/** The project a resource belongs to: its `isotrain:project` tag. */
export function projectOf(r: ModelResource): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access -- resolved properties are untyped JSON
  const tags: unknown = r.props.Tags;
  const tag = Array.isArray(tags)
    ? (tags as { Key?: unknown; Value?: unknown }[]).find((t) => t?.Key === PROJECT_TAGS.project)
    : undefined;
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}
