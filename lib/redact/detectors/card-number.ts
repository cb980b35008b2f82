import type { Detector, Finding } from '../types';
import { digitsOf, luhnValid, matches } from './util';

// 13–19 digits, optionally grouped by spaces (one or two, as typed or printed on the card) or single dashes
// (4-4-4-4, 4-6-5 for Amex, 4-4-4-4-3, ...).
// Not after "+": "+49 067 289 67252" is a phone number with its calling code, whatever its Luhn sum.
const CANDIDATE = /(?<![0-9\-.,/+])\d(?:(?: {1,2}|-)?\d){12,18}(?![0-9]|[-.,/]\d)/g;

interface Range {
  readonly from: number;
  readonly to: number;
  readonly prefixLength: number;
  readonly lengths: readonly number[];
}

// Issuer identification number ranges of the networks in use (ISO/IEC 7812, network rule books).
const RANGES: readonly Range[] = [
  { from: 4, to: 4, prefixLength: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, prefixLength: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, prefixLength: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, prefixLength: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, prefixLength: 2, lengths: [15] },
  { from: 300, to: 305, prefixLength: 3, lengths: [14, 16, 19] }, // Diners Club
  { from: 36, to: 36, prefixLength: 2, lengths: [14, 16, 19] },
  { from: 38, to: 39, prefixLength: 2, lengths: [14, 16, 19] },
  { from: 6011, to: 6011, prefixLength: 4, lengths: [16, 19] }, // Discover
  { from: 644, to: 649, prefixLength: 3, lengths: [16, 19] },
  { from: 65, to: 65, prefixLength: 2, lengths: [16, 19] },
  { from: 3528, to: 3589, prefixLength: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 62, to: 62, prefixLength: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 2200, to: 2204, prefixLength: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 50, to: 50, prefixLength: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, prefixLength: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

export function isCardNumber(digits: string): boolean {
  if (!luhnValid(digits)) return false;
  return RANGES.some(
    (r) =>
      r.lengths.includes(digits.length) &&
      Number(digits.slice(0, r.prefixLength)) >= r.from &&
      Number(digits.slice(0, r.prefixLength)) <= r.to,
  );
}

/** Separators must be consistent: all spaces, all dashes or none (a phone number mixes them freely). */
function consistentSeparators(value: string): boolean {
  const seps = new Set(value.replace(/\d/g, ''));
  return seps.size <= 1;
}

export const cardNumberDetector: Detector = {
  name: 'card-number',
  version: '3',
  types: ['CARD_NUMBER'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of matches(CANDIDATE, text)) {
      const value = m[0];
      if (!consistentSeparators(value)) continue;
      const digits = digitsOf(value);
      if (!isCardNumber(digits)) continue;
      out.push({ start: m.index, end: m.index + value.length, type: 'CARD_NUMBER', canonical: digits });
    }
    return out;
  },
};
