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

/** Binary search of the sorted `word<TAB>code` lines: no set to build, so a worker thread starts at once. */
function lookup(word: string): WordClass {
  let lo = 0;
  let hi = WORDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = WORDS.lastIndexOf('\n', mid - 1) + 1;
    let end = WORDS.indexOf('\n', start);
    if (end < 0) end = WORDS.length;
    const entry = WORDS.slice(start, end - 2);
    if (word === entry) return CLASSES[WORDS[end - 1]];
    if (word < entry) hi = start;
    else lo = end + 1;
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
