import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Detector, Finding } from '../types';
import { couldBeValidIn } from './phone-plans';
import { before, LETTER, matches } from './util';

// A run of digits with single separators and an optional parenthesized area code, e.g. "+44 (0)20 7946 0958",
// "(415) 555-2671", "06-12 34 56 78", "0049 30 1234567", "415.555.2671 ext. 12".
const CANDIDATE = new RegExp(
  `(?<![${LETTER}0-9+_/.,-])(?:\\+ ?|00)?(?:\\(\\+?\\d{1,5}\\) ?|\\d)(?:[ .\\-/]?(?:\\(\\d{1,5}\\)|\\d)){5,20}(?: ?(?:x|ext\\.?|extension|#) ?\\d{1,6})?(?![${LETTER}0-9]|[.,\\-/]\\d)`,
  'g',
);

// Countries whose national numbers start with a trunk 0, and countries without one, tried for a number
// written without its country code.
const TRUNK_ZERO: readonly CountryCode[] = [
  'GB',
  'DE',
  'FR',
  'NL',
  'IT',
  'SE',
  'FI',
  'BE',
  'CH',
  'AT',
  'IE',
  'AU',
  'NZ',
  'JP',
  'IN',
];
const NO_TRUNK: readonly CountryCode[] = ['ES', 'IT', 'PL', 'PT', 'DK', 'NO', 'FR', 'BR', 'MX'];

/** Every country the detector asks libphonenumber about for a number written without its country code. */
export const NATIONAL_FORMAT_COUNTRIES: readonly CountryCode[] = [...new Set([...TRUNK_ZERO, ...NO_TRUNK])];

// A word that says a phone number follows, right before it: "Tel.", "call me on", "my direct line is", "new
// number:", and a question for one answered on the next line of a transcript ("a callback number?\nCALLER: ").
// "Number" alone is not one ("order number"): only with a word that makes it a phone's. A whole word: "Reddy
// Spring⏎444 299" holds "ring" but no cue.
const PHONE_CUE =
  /(?<![a-zß-öø-ÿ])(?:phone|tel|telephone|mobile|mob|cell|fax|call|calling|ring|text|sms|whatsapp|signal|reach|contact|dial|hotline|telefon|téléphone|portable|teléfono|telefono|móvil|movil|cellulare|puhelin|puh|tfn|mobil|numer|tél|☎|📞|(?:new|callback|call-back|call back|contact|my|our|home|work|office|direct|landline|daytime|evening|alternate|alternative|emergency)(?: phone)? (?:number|no\.?|#)|(?:direct|phone|land|office|home|private) line)(?:\?[ \t]*\r?\n[ \t]*[a-z][a-z .'-]{0,20}:)?[\s:.#]*(?:\([^)]*\)\s*)?[:.]?\s*(?:(?:me|us|him|her|them)\s+)?(?:is |at |on |:)?\s*$/i;

// Numbers that are something else: dates, amounts, versions.
const NOT_A_PHONE = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/,
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/,
  /^\d{1,3}(?:,\d{3})+$/,
  /^\d{1,2}(?:\.\d{1,3}){2,3}$/,
  // Brazilian and Portuguese postcodes (CEP 01418-000, 1100-048): no phone plan groups digits 5-3 or 4-3.
  /^\d{5}-\d{3}$/,
  /^\d{4}-\d{3}$/,
];

// North American numbers: (415) 555-2671, 415-555-2671, 415.555.2671, 1-415-555-2671. Area and exchange
// codes start with 2–9 (NANP rules); fictional 555 numbers are still phone numbers in text.
const NANP =
  /^(?:1[ .-]?)?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[ .-])[2-9]\d\d[ .-]\d{4}(?: ?(?:x|ext\.?|extension|#) ?\d{1,6})?$/;
/** Grouped like a European number: a trunk 0 or 2–4 groups of 2–4 digits. */
const TRUNK_SHAPE = /^0\d{1,4}(?:[ /.-]\d{2,8}){1,4}$|^0\d{9,10}$/;
const GROUPED = /^\d{2,4}(?:[ .-]\d{2,4}){2,4}$/;

/** Valid in one of the countries; libphonenumber parses only for those whose plans could hold the digits. */
function validIn(value: string, countries: readonly CountryCode[]): boolean {
  const digits = value.replace(/\D/g, '');
  return countries.some(
    (c) => couldBeValidIn(digits, c) && parsePhoneNumberFromString(value, c)?.isValid() === true,
  );
}

const EXTENSION = / ?(?:x|ext\.?|extension|#) ?\d{1,6}$/;

/**
 * The calling code written in parentheses, "(+41) 44 668 18 00", or followed by the trunk prefix in
 * parentheses, "+44 (0) 20 7946 0958": both are ways of writing "+41 44 668 18 00" and "+44 20 7946 0958".
 */
function normalizeCallingCode(value: string): string {
  return value.replace(/^\(\+(\d{1,4})\) ?/, '+$1 ').replace(/^(\+\d{1,4}) ?\(0\) ?/, '$1 ');
}

/** Whether a candidate is a phone number; libphonenumber decides where the shape alone does not. */
function isPhone(text: string, start: number, written: string): boolean {
  const value = normalizeCallingCode(written);
  const digits = value.replace(/\D/g, '').length;
  // Asked only when the number alone does not settle it (a regular expression over the text before it).
  let cued: boolean | undefined;
  const cue = () => (cued ??= PHONE_CUE.test(before(text, start, 40)));
  if (digits > 17 || digits < 6) return false;
  if (NOT_A_PHONE.some((r) => r.test(value))) return false;
  // Six digits are a local number ("phone 808 005", "new number: 979098") only right after a phone cue.
  if (digits === 6) return !/^(?:\+|00)/.test(value) && cue();
  if (/^(?:\+|00)/.test(value)) {
    // A number written with its country code and grouped by hand is a phone number even when the
    // national plan would not assign it; asked first, since it spares most such numbers a parse.
    if (digits >= 8 && digits <= 15 && /\d[ .-]\d/.test(value)) return true;
    const p = parsePhoneNumberFromString(value.startsWith('00') ? `+${value.slice(2)}` : value);
    if (p?.isPossible() === true) return true;
    // Right after a phone cue, a number written with a calling code is one whatever its plan says.
    return digits <= 15 && cue();
  }
  const core = value.replace(EXTENSION, '');
  if (NANP.test(value)) return true;
  // "527 824 342 ext. 8820": an extension is said of phone numbers only ("#" is not: "order 1234567 #2").
  if (/ ?(?:x|ext\.?|extension) ?\d{1,6}$/.test(value) && core.replace(/\D/g, '').length >= 7) return true;
  // A parenthesized area code, "(0402) 813841", "(062) 356 2287", is a phone number's own notation.
  if (/^\(\d{2,5}\) ?\d/.test(value) && digits >= 8 && digits <= 15) return true;
  // After a phone cue, seven to thirteen digits are a phone number however grouped ("phone 69744553").
  if (digits <= 13 && cue()) return true;
  if (TRUNK_SHAPE.test(core)) return validIn(core, TRUNK_ZERO);
  if (GROUPED.test(core) && digits >= 8 && digits <= 11) return validIn(core, NO_TRUNK);
  return false;
}

export const phoneDetector: Detector = {
  name: 'phone',
  version: '3',
  types: ['PHONE'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of matches(CANDIDATE, text)) {
      let value = m[0].trimEnd();
      let hit = isPhone(text, m.index, value);
      // "call 415-555-2671 2 times": drop trailing groups that do not belong to the number.
      for (let i = 0; !hit && i < 2; i++) {
        const cut = value.search(/[ .\-/]\d+$/);
        if (cut <= 0) break;
        value = value.slice(0, cut);
        hit = isPhone(text, m.index, value);
      }
      if (!hit) continue;
      const canonical = value
        .replace(/ ?(?:x|ext\.?|extension|#) ?(\d{1,6})$/, 'x$1')
        .replace(/[^\dx+]/g, '');
      out.push({ start: m.index, end: m.index + value.length, type: 'PHONE', canonical });
    }
    return out;
  },
};
