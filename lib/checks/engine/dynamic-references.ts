/* eslint-disable @typescript-eslint/no-unsafe-argument -- CloudFormation values are untyped JSON */
import { Json } from '../cfn';

/** `{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`, `{{resolve:secretsmanager:…}}`: resolved at deploy. */
const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/g;

/**
 * The export name a dynamic reference becomes. No checked template exports it, so every rule sees a
 * value it cannot know (as a parameter or a missing stack) and judges it as anything it could be.
 */
export const deployTimeValue = (reference: string): Json => ({
  'Fn::ImportValue': `isotrain:resolved-at-deploy ${reference}`,
});

/**
 * A value with every dynamic reference in its strings replaced by an unknown value: a string that is
 * one reference becomes the unknown value; a string with text around references becomes a
 * `Fn::Join` of the text and the unknown values.
 */
export function dynamicReferencesUnknown(value: Json): Json {
  if (typeof value === 'string') {
    const refs = value.match(DYNAMIC_REFERENCE);
    if (!refs) return value;
    const text = value.split(DYNAMIC_REFERENCE);
    const parts: Json[] = [];
    text.forEach((t, i) => {
      if (t) parts.push(t);
      if (i < refs.length) parts.push(deployTimeValue(refs[i]));
    });
    return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
  }
  if (Array.isArray(value)) return value.map(dynamicReferencesUnknown);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, dynamicReferencesUnknown(v)]));
  return value;
}
