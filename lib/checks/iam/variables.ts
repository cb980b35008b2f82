/**
 * Policy strings as patterns, with policy variables resolved from the request context.
 *
 * Rules (IAM User Guide, "IAM policy elements: Variables and tags"):
 * - Variables exist only in policies with Version 2012-10-17; elsewhere `${...}` is literal text.
 * - `${*}`, `${?}`, `${$}` stand for the literal characters `*`, `?`, `$`.
 * - `${key}` takes the value of a single-valued context key (case-insensitive). `${key, 'default'}`
 *   falls back to the default when the key is absent. A key that is absent without a default, or that
 *   is multivalued, leaves the value unresolvable: it matches nothing (negated operators then hold,
 *   as AWS documents for "policy variables with no value").
 * - A resolved value is literal text: a `*` inside it is not a wildcard.
 * Where variables may appear (the resource part of an ARN, string and ARN condition values) is the
 * caller's business: it passes `context` only there.
 */
import { RequestContext } from './context';
import { ANY1, STAR, Token, UnknownTest, literal, spans, subject } from './tokens';

export interface PatternOptions {
  /** `*` and `?` are wildcards (Like operators, ARNs, actions) rather than literal characters. */
  readonly wildcards: boolean;
  readonly lowerCase?: boolean;
  /** Resolve variables from this context; absent means variables are literal text. */
  readonly context?: RequestContext;
  readonly isUnknown?: UnknownTest;
}

/** The pattern, or undefined when a variable in it cannot be resolved. */
export function pattern(value: string, o: PatternOptions): Token[] | undefined {
  const out: Token[] = [];
  for (const span of spans(value, o.isUnknown)) {
    if (span.unknown) {
      out.push({ k: 'u', id: span.text });
      continue;
    }
    const ok = plain(span.text, o, out);
    if (!ok) return undefined;
  }
  return out;
}

function plain(text: string, o: PatternOptions, out: Token[]): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (o.context && c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end !== -1) {
        const resolved = variable(text.slice(i + 2, end), o);
        if (resolved === undefined) return false;
        out.push(...resolved);
        i = end + 1;
        continue;
      }
    }
    if (o.wildcards && c === '*') out.push(STAR);
    else if (o.wildcards && c === '?') out.push(ANY1);
    else out.push(...literal(c, o.lowerCase));
    i++;
  }
  return true;
}

function variable(inner: string, o: PatternOptions): Token[] | undefined {
  if (inner === '*' || inner === '?' || inner === '$') return literal(inner);
  const { key, fallback } = splitDefault(inner);
  const v = o.context!.get(key);
  if (v !== undefined && v.values.length > 0 && !v.multi)
    return subject(v.values[0], o.isUnknown, o.lowerCase);
  return fallback === undefined ? undefined : literal(fallback, o.lowerCase);
}

/** `aws:username, 'nobody'` → key and default; a quote inside the default is written twice. */
function splitDefault(inner: string): { key: string; fallback?: string } {
  const m = /^\s*([^,]+?)\s*,\s*'((?:[^']|'')*)'\s*$/.exec(inner);
  if (!m) return { key: inner.trim() };
  return { key: m[1], fallback: m[2].replace(/''/g, "'") };
}
