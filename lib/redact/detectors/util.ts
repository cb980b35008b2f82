// Small helpers shared by detectors: checksums and looking around a match.

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** The `width` characters before `index`, lower-cased, for keyword context checks. */
export function before(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}

/** The `width` characters after `index`, lower-cased. */
export function after(text: string, index: number, width: number): string {
  return text.slice(index, index + width).toLowerCase();
}

/** Whether the character at `index` is a letter or digit (a match must not start or end inside a word). */
export function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  return WORD_CHAR.test(text[index]);
}

// Expressions with Unicode property escapes live here, made once: esbuild (as the image bundles the code for
// Node) rewrites such a literal into `new RegExp(...)`, which inside a function builds a new expression on
// every call, a few percent of detection time in the hot paths.
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const STARTS_UPPER = /^\p{Lu}/u;
const STARTS_LOWER = /^\p{Ll}/u;
/** Whether the string starts with an upper-case letter (any script). */
export const startsUpper = (s: string): boolean => STARTS_UPPER.test(s);
/** Whether the string starts with a lower-case letter (any script). */
export const startsLower = (s: string): boolean => STARTS_LOWER.test(s);

// Letter classes without the `u` flag: V8 scans `\p{L}` several times slower than explicit ranges, and these
// cover the Latin scripts of the languages the detectors know (Basic Latin, Latin-1, Latin Extended-A/B).
// Greek, Cyrillic and other scripts are not covered; docs/redaction.md says so.
export const UPPER = 'A-ZÀ-ÖØ-ÞĀ-ɏ';
export const LOWER = 'a-zß-öø-ÿĀ-ɏ\\u0300-\\u036f';
export const LETTER = 'A-Za-zÀ-ÖØ-öø-ɏ\\u0300-\\u036f';
/** Not preceded by a letter or digit. */
export const START = `(?<![${LETTER}0-9])`;
/** Not followed by a letter or digit. */
export const END = `(?![${LETTER}0-9])`;

/**
 * Every match of a global regular expression, as `matchAll` finds them but several times cheaper on short
 * texts: `matchAll` copies the expression on each call. The matches are collected before the caller sees
 * any, so using the same expression inside the caller's loop is safe.
 */
export function matches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return out;
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  end: boolean;
}

/**
 * The source of an expression matching any of `words` (literal strings), written as a trie:
 * "street|stravenue|st" becomes "st(?:r(?:eet|avenue))?". It matches what the plain alternation with the
 * longest words first matches, preferring the longest word at a position as it does, but the engine tests
 * each character once instead of once per word: large alternations scanned over every position of a text
 * were a visible share of detection. With `eitherCaseFirst`, each word's first letter matches in either case.
 */
export function trieAlternation(words: readonly string[], eitherCaseFirst = false): string {
  const root: TrieNode = { next: new Map(), end: false };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) {
        child = { next: new Map(), end: false };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const render = (node: TrieNode, first: boolean): string => {
    const branches = [...node.next].map(([ch, child]) => {
      const head =
        first && eitherCaseFirst && ch.toUpperCase() !== ch
          ? `[${escape(ch.toUpperCase())}${escape(ch)}]`
          : escape(ch);
      return head + render(child, false);
    });
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
    // Longer words first: the group is tried before ending here, as the longest-first alternation does.
    return node.end ? `(?:${body})?` : body;
  };
  return render(root, true);
}
