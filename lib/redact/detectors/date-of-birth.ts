import type { Detector, Finding } from '../types';
import { LETTER, matches, START } from './util';

// Month names in the languages of the birth cues below (full and common abbreviations).
const MONTHS = [
  'january|february|march|april|may|june|july|august|september|october|november|december',
  'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec',
  'januar|februar|märz|maerz|mai|juni|juli|oktober|dezember|jänner',
  'janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre',
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre',
  'gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre',
  'januari|februari|maart|mei|augustus',
  'styczeń|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia',
  'tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta',
].join('|');

const M = `(?:${MONTHS})\\.?`;
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th|er|º|°)?';
const YEAR = '(?:1[89]\\d\\d|20\\d\\d)';
const DATE_FORMS = [
  `${YEAR}[-/.]\\d{1,2}[-/.]\\d{1,2}`, // 1985-03-12
  `\\d{1,2}[-/.]\\d{1,2}[-/.](?:${YEAR}|\\d{2})`, // 12/03/1985, 03.12.85
  `${DAY}\\.?\\s(?:de\\s)?${M},?\\s(?:de\\s)?${YEAR}`, // 12 March 1985, 12. März 1985, 12 de marzo de 1985
  `${M}\\s${DAY},?\\s${YEAR}`, // March 12, 1985
  `\\d{1,2}[-\\s]${M}[-\\s]${YEAR}`, // 12-Mar-1985
];
// A date right after its cue: only punctuation, a format hint "(DD/MM/YYYY)" or a linking word between.
const GAP = '[\\s:.=\\-–]*(?:\\([^)]{0,15}\\)[\\s:.\\-–]*)?(?:(?:is|was|on|am|le|el|il|op|den|the|:)\\s+)?';
const DATE_AFTER_CUE = new RegExp(
  `^${GAP}${START}((?:${DATE_FORMS.join('|')}))(?![${LETTER}0-9]|[-/.]\\d)`,
  'i',
);

// Words that say the next date is a birth date.
const BIRTH_CUE =
  /(?<![a-zA-Zà-ÿ])(?:d\.?\s?o\.?\s?b\.?|date of birth|birth ?date|birthday|born(?: on| in)?|b\.|geb\.|geboren(?: am)?|geburtsdatum|né(?:e)? le|date de naissance|fecha de nacimiento|nacid[oa] el|f\. nac\.|data di nascita|nat[oa] il|geboortedatum|geboren op|födelsedatum|född|data urodzenia|urodzon[ya]|syntymäaika|syntynyt)/gi;

export const dateOfBirthDetector: Detector = {
  name: 'date-of-birth',
  version: '1',
  types: ['DATE_OF_BIRTH'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    for (const cue of matches(BIRTH_CUE, text)) {
      const from = cue.index + cue[0].length;
      const m = DATE_AFTER_CUE.exec(text.slice(from, from + 90));
      if (!m) continue;
      const start = from + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, type: 'DATE_OF_BIRTH', canonical: m[1].toLowerCase() });
    }
    return out;
  },
};
