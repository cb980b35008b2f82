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

/**
 * The table: the words sorted by UTF-16 code units, front-coded. Each entry is one character saying how many
 * leading characters it shares with the entry before ('0' + n, n at most 15, none for every 16th entry, which
 * starts a block), the rest of the word, and its class as one upper-case letter that also ends the entry
 * (listed words are lower case). Parsing the bundled table is a per-thread start-up cost, about 40 ns per
 * character: this form is 1.16 million characters against 2.6 million as `word<TAB>code` lines with escaped
 * line breaks, and about 120 ms cheaper for each thread that loads it.
 */
export const BLOCK_ENTRIES = 16;
export const MAX_SHARED = 15;
const CLASSES: Readonly<Record<number, WordClass>> = {
  71: 'given',
  83: 'surname',
  65: 'ambiguous',
  67: 'common',
};
/** The class letters, which end entries: G, S, A, C. */
export const CLASS_CODES: Readonly<Record<Exclude<WordClass, 'unknown'>, string>> = {
  given: 'G',
  surname: 'S',
  ambiguous: 'A',
  common: 'C',
};
const WORDS: string = table.words;
// G, S, A, C: compared directly, since every thread scans the whole table once with it (an object look-up per
// character cost about 50 ms of each thread's start).
const isEnd = (c: number) => c === 71 || c === 83 || c === 65 || c === 67;

let blockStarts: Int32Array | undefined;

/** Where each block's first entry starts, found once (a few milliseconds). */
function blocks(): Int32Array {
  if (blockStarts) return blockStarts;
  const out: number[] = [];
  let entry = 0;
  let start = 0;
  for (let i = 0; i < WORDS.length; i++) {
    if (!isEnd(WORDS.charCodeAt(i))) continue;
    if (entry++ % BLOCK_ENTRIES === 0) out.push(start);
    start = i + 1;
  }
  blockStarts = Int32Array.from(out);
  return blockStarts;
}

/** `word` against a block's first word (after its '0'), in the order of `<` on strings (UTF-16 code units). */
function compareAt(word: string, start: number): number {
  for (let i = 0; ; i++) {
    const c = WORDS.charCodeAt(start + i);
    const entryEnded = isEnd(c);
    if (i === word.length) return entryEnded ? 0 : -1;
    if (entryEnded) return 1;
    const d = word.charCodeAt(i) - c;
    if (d !== 0) return d;
  }
}

/**
 * Binary search of the blocks' first words, then the entries of one block in order: no set to build, so a
 * thread starts at once.
 */
function lookup(word: string): WordClass {
  const at = blocks();
  let lo = 0;
  let hi = at.length;
  // The last block whose first word is not after `word`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(word, at[mid] + 1) < 0) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return 'unknown';
  // The block's entries in order, compared in place: `matched` is how many leading characters the previous
  // entry (smaller than `word`) shares with `word`. An entry sharing more with the previous one is smaller
  // still; one sharing fewer (when the count is not capped) is larger. No entry is rebuilt as a string: the
  // first look-up of each distinct word, tens of thousands per thread, was a tenth of a first pass.
  let i = at[lo - 1];
  let matched = 0;
  for (let n = 0; n < BLOCK_ENTRIES && i < WORDS.length; n++) {
    const shared = WORDS.charCodeAt(i) - 48;
    let j = i + 1;
    if (shared < matched && shared < MAX_SHARED) return 'unknown';
    if (shared <= matched) {
      let k = shared;
      for (;;) {
        const c = WORDS.charCodeAt(j);
        if (isEnd(c)) {
          if (k === word.length) return CLASSES[c];
          break; // the entry is a prefix of `word`: smaller
        }
        if (k === word.length) return 'unknown'; // `word` is a prefix of the entry: larger
        const d = word.charCodeAt(k) - c;
        if (d < 0) return 'unknown';
        if (d > 0) break;
        k++;
        j++;
      }
      matched = k;
    }
    while (!isEnd(WORDS.charCodeAt(j))) j++;
    i = j + 1;
  }
  return 'unknown';
}

/** Every entry of the table with its class, in order (for tests and tools; the detector never lists it). */
export function tableEntries(words: string = WORDS): [string, WordClass][] {
  const out: [string, WordClass][] = [];
  let current = '';
  for (let i = 0; i < words.length;) {
    let end = i + 1;
    while (!isEnd(words.charCodeAt(end))) end++;
    current = current.slice(0, words.charCodeAt(i) - 48) + words.slice(i + 1, end);
    out.push([current, CLASSES[words.charCodeAt(end)]]);
    i = end + 1;
  }
  return out;
}

/** The table's text for sorted, lower-case entries: see above. */
export function encodeTable(entries: readonly (readonly [string, Exclude<WordClass, 'unknown'>])[]): string {
  let out = '';
  let previous = '';
  entries.forEach(([word, cls], n) => {
    let shared = 0;
    if (n % BLOCK_ENTRIES !== 0) {
      const most = Math.min(previous.length, word.length, MAX_SHARED);
      while (shared < most && previous.charCodeAt(shared) === word.charCodeAt(shared)) shared++;
    }
    out += String.fromCharCode(48 + shared) + word.slice(shared) + CLASS_CODES[cls];
    previous = word;
  });
  return out;
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
