/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation values are untyped JSON */
import { Stack, Token } from 'aws-cdk-lib';
import { Json, isIntrinsic } from '../../cfn';
import { unknownValue } from '../../iam';
import { AppModel, ModelResource } from '../../model';

/**
 * Values as text a rule can compare, with every reference to a resource of the app written as one
 * token per resource (`arn:aws:isotrain-ref:<region>:<account>:<stack>/<logical ID>`, whatever attribute is referenced) and pseudo parameters
 * as the stack's own values. Events a rule builds name resources with the same tokens, so a pattern
 * that lists `{"Fn::GetStackOutput": ...}` of a subnet matches an event that carries that subnet.
 * References that cannot be followed become a token that no event carries.
 */
export function refToken(r: ModelResource): string {
  // ARN-shaped, so the IAM evaluator's Arn operators compare it like the ARN it stands for.
  const w = where(r.stack);
  return `arn:${w.partition}:isotrain-ref:${w.region}:${w.account}:${r.stack.stackName}/${r.logicalId}`;
}

/** An unresolvable reference: no event carries it, and the IAM evaluator treats it as unknown. */
export const UNKNOWN_TOKEN = unknownValue('unresolved reference');

/** Region, account and partition of a stack as text (placeholders when the template leaves them open). */
export function where(stack: Stack): { region: string; account: string; partition: string } {
  return {
    region: Token.isUnresolved(stack.region) ? 'REGION' : stack.region,
    account: Token.isUnresolved(stack.account) ? 'ACCOUNT' : stack.account,
    partition: 'aws',
  };
}

function pseudo(name: string, stack: Stack): string | undefined {
  const w = where(stack);
  switch (name) {
    case 'AWS::Region':
      return w.region;
    case 'AWS::AccountId':
      return w.account;
    case 'AWS::Partition':
      return w.partition;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return stack.stackName;
    default:
      return undefined;
  }
}

function renderText(model: AppModel, v: Json, stack: Stack): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map((x) => renderText(model, x, stack)).join(',');
  if (typeof v.Ref === 'string') {
    const p = pseudo(v.Ref, stack);
    if (p !== undefined) return p;
  }
  const r = model.deref(v, stack);
  if (r) return refToken(r);
  if ('Fn::Join' in v && Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'];
    return (Array.isArray(parts) ? parts : [parts]).map((p: Json) => renderText(model, p, stack)).join(sep);
  }
  if ('Fn::Sub' in v) {
    const s = v['Fn::Sub'];
    const [text, vars] = Array.isArray(s) ? [s[0], s[1] ?? {}] : [s, {}];
    if (typeof text !== 'string') return UNKNOWN_TOKEN;
    return text.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in vars) return renderText(model, vars[name], stack);
      const p = pseudo(name, stack);
      if (p !== undefined) return p;
      const target = model.deref({ Ref: name.split('.')[0] }, stack);
      return target ? refToken(target) : UNKNOWN_TOKEN;
    });
  }
  return UNKNOWN_TOKEN;
}

/** A JSON value (an event pattern, a property) with every intrinsic rendered as text. */
export function render(model: AppModel, value: Json, stack: Stack): Json {
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value)) return renderText(model, value, stack);
  if (Array.isArray(value)) return value.map((v) => render(model, v, stack));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(model, v, stack)]));
}

/** One value as text (see `render`). */
export function renderValue(model: AppModel, value: Json, stack: Stack): string {
  return renderText(model, value, stack);
}
