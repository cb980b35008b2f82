import { COMPLIANCE_BOUNDS } from '../../contract/compliance-bounds';

/**
 * Which project-file fields a Control Tower proactive control judges, once synthesized. A value the
 * project schema accepts must not fail a control at `cdk synth`/`isotrain check` with a message in
 * CloudFormation terms: the schema can refuse it up front from this table (in project-file terms),
 * and the reports point at the field's line. Its numbers are the contract's `COMPLIANCE_BOUNDS`, which
 * the schema applies.
 *
 * `test/checks/project-field-controls.test.ts` proves the table complete: every schema-accepted
 * extreme of every field either passes every control or is named here.
 */

/** One project-file field that becomes a property a Control Tower control judges. */
export interface ProjectFieldControl {
  /** Dotted path in `projects/<name>.yaml`. */
  readonly field: string;
  /** The Control Tower control (`CT.CLOUDWATCH.PR.2`) and the cfn-guard rule that implements it. */
  readonly control: string;
  readonly guardRule: string;
  /** The resources and property the field's value becomes. */
  readonly resourceType: string;
  readonly property: string;
  /** The smallest value the control accepts. */
  readonly minimum: number;
}

export const PROJECT_FIELD_CONTROLS: readonly ProjectFieldControl[] = [
  {
    field: 'retention.logDays',
    control: 'CT.CLOUDWATCH.PR.2',
    guardRule: 'cloudwatch_log_group_retention_period_check',
    resourceType: 'AWS::Logs::LogGroup',
    property: 'RetentionInDays',
    minimum: COMPLIANCE_BOUNDS.minLogDays.value,
  },
];

/** `retention.logDays: expected at least 365 (Control Tower CT.CLOUDWATCH.PR.2), got 90`. */
export function projectFieldMessage(c: ProjectFieldControl, value: unknown): string {
  return `${c.field}: expected at least ${c.minimum} (Control Tower ${c.control}), got ${JSON.stringify(value)}`;
}

/** The value at a dotted path of a parsed project (undefined when absent). */
export function valueAtField(project: unknown, field: string): unknown {
  let cur: unknown = project;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Every field of a parsed project whose value a Control Tower control would refuse. */
export function projectFieldProblems(project: unknown): { field: string; message: string }[] {
  return PROJECT_FIELD_CONTROLS.flatMap((c) => {
    const value = valueAtField(project, c.field);
    return typeof value === 'number' && value < c.minimum
      ? [{ field: c.field, message: projectFieldMessage(c, value) }]
      : [];
  });
}

/**
 * The field a Control Tower finding comes from: the control judges the property the field becomes,
 * on a resource whose property holds the project's value of that field.
 */
export function projectFieldOf(
  guardRule: string,
  resource: { readonly Type?: unknown; readonly Properties?: Record<string, unknown> } | undefined,
  project: unknown,
): ProjectFieldControl | undefined {
  return PROJECT_FIELD_CONTROLS.find(
    (c) =>
      c.guardRule === guardRule &&
      resource?.Type === c.resourceType &&
      resource.Properties?.[c.property] !== undefined &&
      resource.Properties[c.property] === valueAtField(project, c.field),
  );
}
