// What a capitalized word is likely to be, from a table made at build time out of three independent word
// lists (compromise's lexicon, humannames, SCOWL): scripts/redact/name-classes.ts says how, and
// `npm run redact:lexicon` remakes it. Reading the table costs a fraction of loading the lists (1.5–4
// CPU-seconds), which matters when each worker thread loads it.
import table from './name-classes.json';

export type WordClass =
  /** A given name that is not an everyday word: Maria, Jonathan, Aino. */
  | 'given'
  /** A surname or other name that is not an everyday word: Kowalczyk, Lopez. */
  | 'surname'
  /** A name that is also an everyday word (Will, Rose, Smith) or a place used as a name (Jordan). */
  | 'ambiguous'
  /** An everyday word, a place, an organization: never a name on its own. */
  | 'common'
  /** Not in any list: a rare name, a brand, a foreign word. */
  | 'unknown';

const CLASSES: Readonly<Record<string, WordClass>> = {
  g: 'given',
  s: 'surname',
  a: 'ambiguous',
  c: 'common',
};
const WORDS: string = table.words;

let lineStarts: Int32Array | undefined;

/** Where each `word<TAB>code` line starts, found once (a few milliseconds): the search then slices nothing. */
function starts(): Int32Array {
  if (lineStarts) return lineStarts;
  let n = 1;
  for (let i = WORDS.indexOf('\n'); i >= 0; i = WORDS.indexOf('\n', i + 1)) n++;
  const out = new Int32Array(n);
  let k = 1;
  for (let i = WORDS.indexOf('\n'); i >= 0; i = WORDS.indexOf('\n', i + 1)) out[k++] = i + 1;
  lineStarts = out;
  return out;
}

/** `word` against the entry at `start` (ended by its tab), in the order of `<` on strings (UTF-16 code units). */
function compareAt(word: string, start: number): number {
  for (let i = 0; ; i++) {
    const c = WORDS.charCodeAt(start + i);
    const entryEnded = c === 9;
    if (i === word.length) return entryEnded ? 0 : -1;
    if (entryEnded) return 1;
    const d = word.charCodeAt(i) - c;
    if (d !== 0) return d;
  }
}

/**
 * Binary search of the sorted `word<TAB>code` lines: no set to build, so a worker thread starts at once.
 * Comparing in place measured about ten times cheaper than slicing each probed entry out.
 */
function lookup(word: string): WordClass {
  const at = starts();
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = compareAt(word, at[mid]);
    if (cmp === 0) return CLASSES[WORDS[at[mid] + word.length + 1]];
    if (cmp < 0) hi = mid;
    else lo = mid + 1;
  }
  return 'unknown';
}

const cache = new Map<string, WordClass>();

/** The class of one word, looked up in lower case; memoized by spelling, since text repeats its words. */
export function classify(word: string): WordClass {
  const seen = cache.get(word);
  if (seen) return seen;
  const cls = lookup(word.toLowerCase());
  if (cache.size < 200_000) cache.set(word, cls);
  return cls;
}

/** Honorifics and role titles that put a name after them ("Dr.", "Mrs", "Herr", "Sra.", "Officer"). */
export const TITLES = new Set(
  `mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother herr frau hr
  fru mme mlle m monsieur madame mademoiselle sr sra srta señor señora señorita don doña dott dott.ssa dottssa
  sig sig.ra sigra signor signora pan pani dhr mevr mevrouw meneer ing mag judge justice officer detective
  sgt sergeant capt captain nurse attorney counsel senator rep representative gov governor president mayor
  coach mr. mrs. ms. dr. prof.`.split(/\s+/),
);
