import type { Detector, Finding } from '../types';
import { classify } from './name-lexicon';
import { LETTER, matches, startsLower, startsUpper, trieAlternation, UPPER } from './util';
import {
  ADDRESS_LABELS,
  STREET_ENDINGS,
  STREET_PREFIXES,
  STREET_SUFFIXES,
  STREET_WORDS_AFTER,
  UNITS,
  US_STATES,
} from './address-vocabulary';

const SUFFIXES = new Set(STREET_SUFFIXES);
const PREFIXES = new Set(STREET_PREFIXES);
const alternation = (list: readonly string[]) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/\./g, '\\.'))
    .join('|');
/** The same, matching a word whether or not its first letter is capitalized ("Platz" in "Friedrich-Ebert-Platz"). */
const eitherCase = (list: readonly string[]) =>
  alternation(list.map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1)}`));

// A house number: 12, 12a, 12-14, 12/3, 221B, 3º.
const HOUSE = `\\d{1,5}(?:\\s?[A-Za-z](?![${LETTER}]))?(?:[-/]\\d{1,4}[A-Za-z]?)?[º°ª]?`;
const TOKEN = `[${LETTER}0-9][${LETTER}0-9'’.-]*`;
const PARTICLES = new Set(
  "de la le les l' del della delle degli dei di da do dos das du des d' van von der den het ten ter of the y e i en och og und am an im auf zum zur".split(
    ' ',
  ),
);

// Number first, street type last: "1600 Pennsylvania Avenue NW", "221B Baker Street", "12 rue de la Paix".
const NUMBER_FIRST = new RegExp(`(?<![${LETTER}0-9.,/-])(${HOUSE})(?=,?((?:\\s+${TOKEN}){1,7}))`, 'g');
// Street type first, number last: "Via Roma 10", "Calle de Alcalá, 45", "ul. Marszałkowska 10/12".
const TYPE_FIRST = new RegExp(
  `(?<![${LETTER}0-9])(?:${trieAlternation(STREET_PREFIXES)})(?:\\.\\s*|/\\s*|\\s+)(${TOKEN}(?:\\s+${TOKEN}){0,4}?),?\\s+(?:n[º°o]\\.?\\s?)?${HOUSE.replace('{1,5}', '{1,4}')}(?![${LETTER}0-9])`,
  'gi',
);
// A compound street name and its number: "Hauptstraße 5", "Keizersgracht 123", "Mannerheimintie 12 B 5".
const COMPOUND = new RegExp(
  `(?<![${LETTER}0-9])(?:[${UPPER}][${LETTER}-]*\\s)?[${UPPER}][${LETTER}-]*\\s?(?:${eitherCase(STREET_ENDINGS)})\\.?,?\\s${HOUSE}(?:\\s[A-Z]\\s?\\d{1,3})?(?![${LETTER}0-9])`,
  'g',
);
// One to three capitalized words, then a street type as a word of its own and the number: "Kossuth Lajos utca
// 12", "Tržaška cesta 75c", "Brīvības iela 1".
const WORD_AFTER = new RegExp(
  `(?<![${LETTER}0-9])[${UPPER}][${LETTER}.'’-]*(?: [${UPPER}][${LETTER}.'’-]*){0,2} (?:${alternation(STREET_WORDS_AFTER)}),? ${HOUSE}(?![${LETTER}0-9])`,
  'g',
);
const WORD_AFTER_HINT = new RegExp(` (?:${alternation(STREET_WORDS_AFTER)}),? \\d`);
// A street line of any vocabulary whose next line or comma-part is a postcode and a town:
// "Rotonda Medoro 4\n23864 San Elvira", "wyspa Kosiński 64c m. 194, 92-310 Brzeg". The postcode and town
// carry the evidence, so the street type need not be known.
// The house number, or "s/n" (sin número, sem número), and what may follow it on the line: "Apt. 4", "Casa 9".
const HOUSE_PART = `((?:\\d{1,5}[a-zA-Z]?(?:[/-]\\d{1,4})?|s/n\\.?)(?:,? [^\\n,]{1,20}?)?)(?:, ?| ?\\n ?)`;
const LINE_THEN_POSTCODE = new RegExp(
  `(?<= )${HOUSE_PART}(?:\\d{5}-\\d{3}|\\d{4}-\\d{3}|\\d{3} \\d{3}|\\d{6}|\\d{5}|\\d{4} ?[A-Z]{2}|\\d{2}-\\d{3}|\\d{3} \\d{2}|\\d{4}|[A-Z]{1,2}-\\d{4,5}) [${UPPER}][${LETTER}'’.-]+`,
  'g',
);
// The same with the town first, as most of Central and Eastern Europe, Scandinavia, Latin America and India
// also write it: "Havířovská 71, České Velenice 983 41", "Solbakken 5, Augustenborg 0431", "Seeblick 8,
// Taxenbach, Vbg. 8729". The town may carry a region code before the postcode.
const TOWN_WORD = `[${UPPER}][${LETTER}'’.-]*`;
const TOWN_JOINERS = 'de|do|da|dos|das|del|la|le|sur|am|an|der|di|nad|pod|na|u|im|bei|en';
const POSTCODE_AFTER_TOWN = `(?:\\d{6}|\\d{5}(?:-\\d{3,4})?|\\d{4}-\\d{3}|\\d{3} \\d{2,3}|\\d{2}-\\d{3}|\\d{4}|[A-Z]{1,2}-\\d{4,5})`;
const LINE_THEN_TOWN_POSTCODE = new RegExp(
  `(?<= )${HOUSE_PART}${TOWN_WORD}(?: (?:${TOWN_WORD}|${TOWN_JOINERS})){0,4}(?:, ?[${UPPER}][${LETTER}]{0,3}\\.?)? ${POSTCODE_AFTER_TOWN}(?![${LETTER}0-9])`,
  'g',
);
// The one to five words before the house number of a LINE_THEN_POSTCODE match, on the same line.
// "Privada Juárez, 8", "Alleestraße (Poysbrunn) 36b": a comma may close the name, a district in brackets follow it.
const WORDS_BEFORE = new RegExp(
  `((?:[${LETTER}(][${LETTER}.'’()-]* ){0,4}[${LETTER}(][${LETTER}.'’()-]*),? $`,
);
const PO_BOX = new RegExp(
  `(?<![${LETTER}0-9])(?:BP|p\\.?\\s?o\\.?\\s?box|post office box|postfach|bo[iî]te postale|b\\.?p\\.|apartado(?: de correos)?|casella postale|c\\.p\\.|postbus|postboks|box|skrytka pocztowa|postilokero|pl)\\s?\\d{1,6}`,
  'gi',
);
const STATES = US_STATES.join('|');
// "Springfield, IL 62704", "Toronto, ON M5V 2T6"
const CITY_STATE_ZIP = new RegExp(
  `(?<![${LETTER}])[${UPPER}][${LETTER}.'-]+(?:\\s[${UPPER}][${LETTER}.'-]+){0,2},?\\s(?:${STATES})\\s(?:\\d{5}(?:-\\d{4})?|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d)(?![${LETTER}0-9])`,
  'g',
);
// Postcodes that are distinctive on their own: UK (SW1A 1AA) and Canada (K1A 0B1).
const UK_POSTCODE = `[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[ABD-HJLNP-UW-Z]{2}`;
const CA_POSTCODE = `[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z]\\s?\\d[ABCEGHJ-NPRSTV-Z]\\d`;
const DISTINCT_POSTCODE = new RegExp(
  `(?<![${LETTER}0-9])(?:${UK_POSTCODE}|${CA_POSTCODE})(?![${LETTER}0-9])`,
  'g',
);
const LABEL = new RegExp(
  `(?<![${LETTER}])(?:${alternation(ADDRESS_LABELS)})\\s?:[ \\t]*([^\\n]{5,160})`,
  'gi',
);

// Pieces that may follow a street line: unit, "10115 Berlin", ", Springfield", ", IL 62704", ", SW1A 1AA".
const POSTCODE = `(?:\\d{5}-\\d{3}|\\d{4}-\\d{3}|\\d{3} \\d{3}|\\d{6}|\\d{5}(?:-\\d{4})?|\\d{4}\\s?[A-Z]{2}|\\d{2}-\\d{3}|\\d{3}\\s\\d{2}|\\d{4}|[A-Z]{1,2}-\\d{4,5}|${UK_POSTCODE}|${CA_POSTCODE})`;
const CITY = `[${UPPER}][${LETTER}'.-]+(?:[\\s-](?:[${UPPER}][${LETTER}'.-]+|de|la|le|sur|am|an|der|del|di))*?`;
const TAIL = new RegExp(
  [
    `(?:,\\s?|\\s)(?:${alternation(UNITS)})\\.?\\s?#?[\\w-]{1,6}`,
    `\\s?#\\d{1,5}`,
    `(?:,\\s?|\\s|\\s?\\n\\s?)${POSTCODE}(?:[ \\t]${CITY})?`,
    `,\\s?${CITY}`,
    // A town or country on a line of its own; the next line's first word ("AGENT:", "Mobile") is not one.
    `\\s?\\n\\s?${CITY}(?=[.,;]?[ \\t]*(?:\\n|$))`,
    `,?\\s(?:${STATES})(?:\\s\\d{5}(?:-\\d{4})?|\\s${CA_POSTCODE})?`,
    // A region code of any country and a postcode: "ACT 2902", "NÖ 2788", "Sbg. 5570".
    `,?[ \\t][${UPPER}][${UPPER}a-z]{1,2}\\.?[ \\t]${POSTCODE}`,
  ]
    .map((p) => `(?:${p})(?![${LETTER}0-9])`)
    .join('|'),
  'y',
);
// Substrings every match of the expression named must contain, cheap to look for: most texts have none, and
// the expression itself is then never run.
const COMPOUND_HINT = new RegExp(`(?:${trieAlternation(STREET_ENDINGS)})\\.?,?\\s\\d`, 'i');
const CITY_STATE_ZIP_HINT = new RegExp(`\\s(?:${STATES})\\s(?:\\d{5}|[A-Z]\\d[A-Z])`);
const LINE_THEN_POSTCODE_HINT =
  /(?:, ?| ?\n ?)(?:\d{4,6}(?:-\d{3})?|\d{4} ?[A-Z]{2}|\d{2}-\d{3}|\d{3} \d{2,3}|[A-Z]{1,2}-\d{4}) /;
const TOWN_POSTCODE_HINT = /[^\d\s] (?:\d{4,5}|\d{3} \d{2}|\d{2}-\d{3}|[A-Z]{1,2}-\d{4})(?!\d)/;

const UNIT_BEFORE = new RegExp(`(?:${alternation(UNITS)})\\.?\\s?#?[\\w-]{1,5},?\\s*$`, 'i');

/** Extends a street line over the unit, postcode, city, state and country that follow it. */
function extend(text: string, end: number): number {
  let cur = end;
  for (let i = 0; i < 5; i++) {
    TAIL.lastIndex = cur;
    const m = TAIL.exec(text);
    if (!m || m[0].length === 0) break;
    cur = m.index + m[0].length;
  }
  return trimPunctuation(text, end, cur);
}

function startWithUnit(text: string, start: number): number {
  const m = UNIT_BEFORE.exec(text.slice(Math.max(0, start - 20), start));
  return m ? start - m[0].length : start;
}

// Words that introduce an address in prose, never a street type after a name.
const PREPOSITIONS = new Set(
  'to at in on from into near by for is was and or à au aux bei nach te naar til på w na'.split(' '),
);

const FIRST_WORD = /^\s*(\S+)/;
const ORDINAL = /^\d+(?:st|nd|rd|th|e|er|ème)\.?$/i;
const UPPER_OR_DIGIT_FIRST = /^[\p{Lu}\d]/u;
const UPPER_OR_NUMBER_FIRST = /^[\p{Lu}\p{N}]/u;
const NUMBER_THEN_NAME = /^\S+,? \p{Lu}/u;
const SENTENCE_END = /\p{Ll}{3}\.\s/u;

const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west']);

/** In "12 Baker Street", the index of the street type among the words after the number, or -1. */
function streetTypeAt(tokens: readonly string[]): number {
  for (let j = 1; j < tokens.length; j++) {
    const word = tokens[j].replace(/[.,]+$/, '');
    if (SUFFIXES.has(word.toLowerCase()) && startsUpper(word)) {
      const names = tokens.slice(0, j);
      const nameLike = names.every(
        (t) => startsUpper(t) || PARTICLES.has(t.toLowerCase()) || ORDINAL.test(t),
      );
      return nameLike ? j : -1;
    }
    if (!UPPER_OR_DIGIT_FIRST.test(tokens[j - 1]) && !PARTICLES.has(tokens[j - 1].toLowerCase())) return -1;
  }
  return -1;
}

function numberFirst(text: string, push: (s: number, e: number) => void): void {
  for (const m of matches(NUMBER_FIRST, text)) {
    const words = m[2];
    // Most numbers are followed by a lower-case word ("12 items", "2024 and"): unless it is a particle or a
    // street type written first ("12 rue ..."), no street can follow, whatever the later words; settled here
    // without splitting the words.
    const firstWord = FIRST_WORD.exec(words)![1];
    if (
      startsLower(firstWord) &&
      !PARTICLES.has(firstWord.toLowerCase()) &&
      !PREFIXES.has(firstWord.replace(/\.$/, '').toLowerCase())
    )
      continue;
    const tokens = words.trim().split(/\s+/);
    const first = tokens[0].replace(/\.$/, '').toLowerCase();
    let used: number;
    if (PREFIXES.has(first) && nameAfterType(tokens.slice(1).join(' '))) {
      // "12 rue de la Paix": the name runs while words are capitalized or particles.
      used = 1;
      while (
        used < tokens.length &&
        (startsUpper(tokens[used]) ||
          PARTICLES.has(tokens[used].toLowerCase()) ||
          /^[dl]'/.test(tokens[used]))
      )
        used++;
      if (PARTICLES.has(tokens[used - 1].toLowerCase())) used--;
    } else {
      const at = streetTypeAt(tokens);
      if (at < 0) continue;
      used = at + 1;
      if (used < tokens.length && DIRECTIONS.has(tokens[used].replace(/[.,]$/, '').toLowerCase())) used++;
    }
    let end = m.index + m[1].length;
    let consumed = 0;
    const re = /,?\s+(\S+)/gy;
    re.lastIndex = end;
    while (consumed < used) {
      const t = re.exec(text);
      if (!t) break;
      end = t.index + t[0].length;
      consumed++;
    }
    end = trimPunctuation(text, m.index, end);
    push(startWithUnit(text, m.index), extend(text, end));
  }
}

/** "Via Roma 10" names a street; "via email 5 times" does not: the name must be capitalized. */
function nameAfterType(words: string): boolean {
  const first = words
    .trim()
    .split(/\s+/)
    .find((t) => !PARTICLES.has(t.toLowerCase()));
  return first !== undefined && UPPER_OR_NUMBER_FIRST.test(first.replace(/^[dl]'/i, ''));
}

/**
 * A LINE_THEN_POSTCODE or LINE_THEN_TOWN_POSTCODE match: the address starts at the first of the one to five
 * words before its house number that is not prose.
 */
function lineThenTown(
  text: string,
  found: readonly RegExpExecArray[],
  push: (s: number, e: number) => void,
): void {
  for (const m of found) {
    const from = Math.max(0, m.index - 90);
    const before = WORDS_BEFORE.exec(text.slice(from, m.index));
    if (!before) continue;
    const words = before[1] + ' ';
    // "Order 12, 2024 Total": a four-digit postcode that reads as a year is not evidence.
    if (/(?:, ?| ?\n ?)(?:19|20)\d\d [^\n]*$/.test(m[0]) && !/\d{4} ?[A-Z]{2} /.test(m[0])) continue;
    if (/ (?:19|20)\d\d$/.test(m[0])) continue;
    const list = words.split(' ').filter(Boolean);
    // Lower-case words are prose ("ship it to", "Moved to"), unless they are a street type ("ul.", "via") or a
    // particle inside a street name ("Rua da Paz"): the street starts after the last of them. A lower-case word
    // right after a capitalized one and before the number is a street type ("Bognár sor 288", "Tržaška cesta
    // 5"), unless it is a preposition ("Moved to 12 Main St").
    let skip = 0;
    let inName = false;
    list.forEach((w, k) => {
      const bare = w.replace(/\.$/, '');
      if (!startsLower(w) || PREFIXES.has(bare)) inName = true;
      else if (!(inName && PARTICLES.has(bare))) {
        const typeWord =
          k === list.length - 1 && k > 0 && startsUpper(list[k - 1]) && !PREPOSITIONS.has(bare);
        if (!typeWord) {
          skip = k + 1;
          inName = false;
        }
      }
    });
    // Only prose before the number: a street written number first ("to 12 Gabriel Circuit\nSouth Chloe 4691").
    if (skip === list.length && !NUMBER_THEN_NAME.test(m[1])) continue;
    // "Invoice 12, Amount 5000", "Room 12, Building 4000": an everyday word and a number name a thing.
    if (skip === list.length - 1 && classify(list[skip].replace(/,$/, '')) === 'common') continue;
    const start = from + before.index + list.slice(0, skip).reduce((n, w) => n + w.length + 1, 0);
    push(start, extend(text, trimPunctuation(text, m.index, m.index + m[0].length)));
  }
}

function trimPunctuation(text: string, start: number, end: number): number {
  while (end > start && /[.,;:]/.test(text[end - 1])) end--;
  return end;
}

export const addressDetector: Detector = {
  name: 'address',
  version: '1',
  types: ['ADDRESS'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    const push = (start: number, end: number) =>
      out.push({
        start,
        end,
        type: 'ADDRESS',
        canonical: text.slice(start, end).toLowerCase().replace(/\W+/g, ' '),
      });
    const hasDigit = /\d/.test(text);
    if (hasDigit) {
      numberFirst(text, push);
      for (const m of matches(TYPE_FIRST, text)) {
        if (!nameAfterType(m[1])) continue;
        // "C. Nair here. Heart rate 80": a sentence ends inside the would-be name.
        if (SENTENCE_END.test(m[1])) continue;
        push(startWithUnit(text, m.index), extend(text, m.index + m[0].length));
      }
      if (WORD_AFTER_HINT.test(text))
        for (const m of matches(WORD_AFTER, text))
          push(startWithUnit(text, m.index), extend(text, m.index + m[0].length));
      if (COMPOUND_HINT.test(text)) {
        for (const m of matches(COMPOUND, text))
          push(startWithUnit(text, m.index), extend(text, m.index + m[0].length));
      }
      for (const m of matches(PO_BOX, text)) push(m.index, extend(text, m.index + m[0].length));
      if (LINE_THEN_POSTCODE_HINT.test(text)) lineThenTown(text, matches(LINE_THEN_POSTCODE, text), push);
      if (TOWN_POSTCODE_HINT.test(text)) lineThenTown(text, matches(LINE_THEN_TOWN_POSTCODE, text), push);
      if (CITY_STATE_ZIP_HINT.test(text))
        for (const m of matches(CITY_STATE_ZIP, text)) push(m.index, m.index + m[0].length);
      for (const m of matches(DISTINCT_POSTCODE, text)) push(m.index, m.index + m[0].length);
    }
    for (const m of matches(LABEL, text)) {
      const value = m[1];
      if (!/\d/.test(value)) continue;
      const start = m.index + m[0].length - value.length;
      push(start, trimPunctuation(text, start, start + value.trimEnd().length));
    }
    return out;
  },
};
