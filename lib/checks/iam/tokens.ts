/**
 * Strings as token lists, so unresolved values can sit inside otherwise known text
 * (`{{unknown:Bucket}}/data/*`) and still be compared soundly.
 *
 * A token is a literal character, a wildcard (`*` any run, `?` one character: only on the policy
 * side of a comparison), or an opaque unknown value. Two unknown tokens with the same id stand for
 * the same (unknown) text.
 */
import { JsonValue } from './types';

export type Token =
  | { readonly k: 'c'; readonly c: string }
  | { readonly k: '*' }
  | { readonly k: '?' }
  | { readonly k: 'u'; readonly id: string };

export const STAR: Token = { k: '*' };
export const ANY1: Token = { k: '?' };

const MARKER = /\{\{unknown:.*?\}\}/g;

/**
 * A marker string for a value the caller could not resolve. `}` in the description becomes `)` so the
 * description cannot end the marker early. Equal descriptions stand for the same unknown value.
 */
export function unknownValue(description: string): string {
  return `{{unknown:${description.replace(/\}/g, ')')}}}`;
}

/**
 * A caller's test for whole values it could not resolve. Markers (`unknownValue`) are always
 * recognised on top of it, because the evaluator itself marks unresolved intrinsics with them.
 */
export type UnknownTest = (value: string) => boolean;

/** A literal or unknown span of a string. */
export type Span = { readonly text: string; readonly unknown: boolean };

/**
 * Split a string into literal and unknown spans. Markers are located precisely; a caller-supplied
 * test can only say the whole value is unknown.
 */
export function spans(value: string, isUnknown?: UnknownTest): Span[] {
  if (isUnknown?.(value)) return [{ text: value, unknown: true }];
  if (!value.includes('{{unknown:')) return [{ text: value, unknown: false }];
  const out: Span[] = [];
  let last = 0;
  for (const m of value.matchAll(MARKER)) {
    if (m.index > last) out.push({ text: value.slice(last, m.index), unknown: false });
    out.push({ text: m[0], unknown: true });
    last = m.index + m[0].length;
  }
  if (last < value.length || out.length === 0) out.push({ text: value.slice(last), unknown: false });
  return out;
}

// Character tokens are immutable, so the printable ASCII ones are shared rather than allocated per use.
const ASCII: readonly Token[] = Array.from(
  { length: 128 },
  (_, i) => ({ k: 'c', c: String.fromCharCode(i) }) as const,
);

export function literal(text: string, lowerCase = false): Token[] {
  const t = lowerCase ? text.toLowerCase() : text;
  const out: Token[] = new Array<Token>(t.length);
  for (let i = 0; i < t.length; i++) {
    const code = t.charCodeAt(i);
    out[i] = code < 128 ? ASCII[code] : { k: 'c', c: t[i] };
  }
  return out;
}

/** A request-side value: literal characters and unknown tokens, never wildcards. */
export function subject(value: string, isUnknown?: UnknownTest, lowerCase = false): Token[] {
  return spans(value, isUnknown).flatMap((s) =>
    s.unknown ? [{ k: 'u', id: s.text } as const] : literal(s.text, lowerCase),
  );
}

export function hasUnknown(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.k === 'u');
}

/** Plain text of tokens that hold no unknown (wildcards print as themselves). */
export function text(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.k === 'c' ? t.c : t.k === 'u' ? t.id : t.k)).join('');
}

/**
 * A JSON scalar as a policy string: numbers and booleans print as JSON does; anything else
 * (an object is an unresolved intrinsic such as {"Ref": ...}) is returned as undefined.
 */
export function scalar(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A JSON value as a list of strings; non-scalars become opaque unknown markers. */
export function stringList(v: JsonValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? (v as readonly JsonValue[]) : [v];
  return items.map((item) => scalar(item) ?? unknownValue(JSON.stringify(item)));
}
