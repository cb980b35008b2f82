/**
 * A small evaluator of the Deny statements of a synthesized bucket policy, for the operators the
 * perimeter and the release gate use. moto does not enforce IAM, so the gate's behaviour is checked
 * here: a request is described by its context keys and the question is whether any Deny matches.
 * CloudFormation intrinsics are rendered as symbolic strings (`arn(LogicalId)`, `ref(LogicalId)`).
 */
export interface SimRequest {
  readonly action: string;
  /** Rendered object ARN, e.g. `arn(Artifacts123)/models/run/output/model.tar.gz`. */
  readonly resource: string;
  readonly context: Record<string, string | string[] | undefined>;
}

export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Fn::GetAtt']) return `arn(${(v['Fn::GetAtt'] as string[])[0]})`;
  if (typeof v.Ref === 'string') return `ref(${v.Ref})`;
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if (v['Fn::GetStackOutput'])
    return `output(${(v['Fn::GetStackOutput'] as { OutputName: string }).OutputName})`;
  return JSON.stringify(value);
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(text);
}

function conditionHolds(
  operator: string,
  key: string,
  expected: unknown,
  ctx: SimRequest['context'],
): boolean {
  const values = list(expected).map(render);
  const actual = ctx[key] ?? ctx[Object.keys(ctx).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ''];
  const present = actual !== undefined;
  const actuals = list(actual);
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return present && actuals.some((a) => values.includes(a));
    case 'StringLike':
    case 'ArnLike':
      return present && actuals.some((a) => values.some((p) => glob(p, a)));
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !present || actuals.every((a) => !values.includes(a));
    case 'Null':
      return values[0] === 'true' ? !present : present;
    case 'ForAnyValue:StringEquals':
      return actuals.some((a) => values.includes(a));
    case 'Bool':
      return present && actuals.some((a) => values.includes(a));
    case 'NumericLessThan':
      return present && Number(actuals[0]) < Number(values[0]);
    default:
      throw new Error(`policy-sim: operator ${operator} not supported`);
  }
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The Sids of the Deny statements that match the request (empty: the bucket policy does not deny it). */
export function denyingStatements(statements: Statement[], req: SimRequest): string[] {
  return statements
    .filter((s) => s.Effect === 'Deny')
    .filter((s) => list(s.Action).some((a) => glob(a, req.action)))
    .filter((s) =>
      s.NotResource !== undefined
        ? !list(s.NotResource).some((r) => glob(render(r), req.resource))
        : list(s.Resource).some((r) => glob(render(r), req.resource)),
    )
    .filter((s) =>
      Object.entries(s.Condition ?? {}).every(([op, keys]) =>
        Object.entries(keys).every(([key, expected]) => conditionHolds(op, key, expected, req.context)),
      ),
    )
    .map((s) => s.Sid ?? '(no sid)');
}
