import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { Detector, Finding } from '../types';
import { before } from './util';

// A run of digits with single separators and optional parenthesized area code, e.g. "+44 (0)20 7946 0958",
// "(415) 555-2671", "06-12 34 56 78", "0049 30 1234567", "415.555.2671 ext. 12".
const CANDIDATE =
  /(?<![\p{L}\p{N}+_/.,-])(?:\+\s?|00)?(?:\(\+?\d{1,5}\)\s?|\d)(?:[ .\-/]?(?:\(\d{1,5}\)|\d)){5,20}(?:\s?(?:x|ext\.?|extension|#)\s?\d{1,6})?(?![\p{L}\p{N}]|[.,\-/]\d)/gu;

// Countries tried for a number written without its country code: where this data is likely to come from.
const NATIONAL: readonly CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'PT', 'IE', 'CA',
  'AU', 'NZ', 'IN', 'BR', 'MX', 'JP',
];

const PHONE_CUE =
  /(?:phone|tel|telephone|mobile|mob|cell|fax|call|calling|ring|text|sms|whatsapp|signal|reach|contact|dial|hotline|telefon|téléphone|portable|teléfono|telefono|móvil|movil|cellulare|puhelin|puh|tfn|mobil|numer|tél|☎|📞)[\s:.#]*(?:\([^)]*\)\s*)?[:.]?\s*$/iu;

// Numbers that are something else: dates, times, amounts, ranges, versions.
const NOT_A_PHONE = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/,
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/,
  /^\d{1,3}(?:[.,]\d{3})+$/,
  /^\d+(?:\.\d+){2,}$/,
];

/** Shapes that only phone numbers take: (415) 555-2671, 415-555-2671, 020 7946 0958, 06 12 34 56 78. */
const PHONE_SHAPE = [
  /^\(\d{2,5}\)\s?\d{2,4}[\s.-]?\d{3,4}/,
  /^\d{3}[.-]\d{3}[.-]\d{4}(?:\s?(?:x|ext|#)|$)/,
  /^0\d{1,4}[\s/.-]\d{2,8}(?:[\s.-]\d{2,4}){0,4}(?:\s?(?:x|ext|#)|$)/,
  /^1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}/,
];

function parse(candidate: string): PhoneNumber | undefined {
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  const text = candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate;
  if (international) {
    const p = parsePhoneNumberFromString(text);
    return p && (p.isValid() || p.isPossible()) ? p : undefined;
  }
  for (const country of NATIONAL) {
    const p = parsePhoneNumberFromString(text, country);
    if (p?.isValid()) return p;
  }
  return undefined;
}

/** Whether a candidate is a phone number, and how much of it: a number glued to a neighbour is trimmed. */
function accept(text: string, start: number, value: string): { value: string; phone: PhoneNumber } | undefined {
  const digits = value.replace(/\D/g, '').length;
  if (digits < 7 || digits > 17) return undefined;
  if (NOT_A_PHONE.some((r) => r.test(value))) return undefined;
  const international = /^(?:\+|00)/.test(value);
  const shaped = PHONE_SHAPE.some((r) => r.test(value));
  const cue = PHONE_CUE.test(before(text, start, 30));
  if (!international && !shaped && !cue) return undefined;
  const phone = parse(value);
  if (phone) return { value, phone };
  // Next to "phone:"/"call", a number with the length and grouping of a phone number is one, valid or not.
  if (cue && !international && /[\s.\-/()]/.test(value) && digits <= 13) {
    for (const country of NATIONAL) {
      const p = parsePhoneNumberFromString(value, country);
      if (p?.isPossible()) return { value, phone: p };
    }
  }
  // A US-shaped number in a fictional range (555) is still a phone number when it looks like one.
  if (!international && (shaped || cue) && /^(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/.test(value)) {
    const p = parsePhoneNumberFromString(value, 'US');
    if (p?.isPossible()) return { value, phone: p };
  }
  return undefined;
}

export const phoneDetector: Detector = {
  name: 'phone',
  version: '1',
  types: ['PHONE'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of text.matchAll(CANDIDATE)) {
      let value = m[0].trimEnd();
      let hit = accept(text, m.index, value);
      // "call 415-555-2671 2 times": drop trailing groups that do not belong to the number.
      for (let i = 0; !hit && i < 2; i++) {
        const cut = value.search(/[\s.\-/]\d+$/);
        if (cut <= 0) break;
        value = value.slice(0, cut);
        hit = accept(text, m.index, value);
      }
      if (!hit) continue;
      out.push({ start: m.index, end: m.index + hit.value.length, type: 'PHONE', canonical: hit.phone.number });
    }
    return out;
  },
};
