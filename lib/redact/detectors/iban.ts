import { getCountrySpecifications, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { Detector, Finding } from '../types';
import { matches } from './util';

const SPECS = getCountrySpecifications();

// Country code, two check digits, then the BBAN in the paper format (groups of four) or electronic format.
const START = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})(?=[ ]?[A-Z0-9])/g;
const ALNUM = /[A-Za-z0-9]/;

/** Reads exactly `length` alphanumerics from `from`, allowing single spaces or dashes between them. */
function take(text: string, from: number, length: number): { end: number; chars: string } | undefined {
  let chars = '';
  let i = from;
  while (chars.length < length && i < text.length) {
    const c = text[i];
    if (ALNUM.test(c)) {
      chars += c;
      i++;
    } else if ((c === ' ' || c === '-') && ALNUM.test(text[i + 1] ?? '') && ALNUM.test(text[i - 1] ?? '')) {
      i++;
    } else {
      return undefined;
    }
  }
  return chars.length === length ? { end: i, chars } : undefined;
}

// ISO 13616 decides: country, length and the mod-97 check digits. The national layout and bank checksums
// ibantools also checks are left out, so an IBAN with a mistyped account number is still caught.
const NATIONAL_ONLY = new Set([
  ValidationErrorsIBAN.WrongBBANFormat,
  ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
  ValidationErrorsIBAN.QRIBANNotAllowed,
]);

function checksumValid(iban: string): boolean {
  return validateIBAN(iban, { allowQRIBAN: true }).errorCodes.every((e) => NATIONAL_ONLY.has(e));
}

export const ibanDetector: Detector = {
  name: 'iban',
  version: '1',
  types: ['IBAN'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of matches(START, text)) {
      const spec = SPECS[m[1]];
      if (!spec?.chars) continue;
      const rest = take(text, m.index + 4, spec.chars - 4);
      if (!rest) continue;
      // The IBAN must end at a word boundary: "DE89...3000EUR" is no IBAN, "...3000." is.
      if (ALNUM.test(text[rest.end] ?? '')) continue;
      const iban = (m[1] + m[2] + rest.chars).toUpperCase();
      if (!checksumValid(iban)) continue;
      out.push({ start: m.index, end: rest.end, type: 'IBAN', canonical: iban });
    }
    return out;
  },
};
