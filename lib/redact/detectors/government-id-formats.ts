// National identification numbers as data: a pattern that finds candidates, the check that accepts them
// (python-stdnum's rules, through the `stdnum` package), and whether a keyword must be near. A format whose
// check digit leaves a random number little chance (a letter checksum, a fixed layout) needs no keyword;
// a bare run of digits that 1 in 10 or 11 random numbers would pass does.
// One module per format rather than the package index, which loads every country's validators (about
// 0.8 CPU-seconds per process, paid again by each worker thread).
import * as caSin from 'stdnum/lib/cjs/ca/sin';
import * as deIdnr from 'stdnum/lib/cjs/de/idnr';
import * as esDni from 'stdnum/lib/cjs/es/dni';
import * as esNie from 'stdnum/lib/cjs/es/nie';
import * as fiHetu from 'stdnum/lib/cjs/fi/hetu';
import * as frNir from 'stdnum/lib/cjs/fr/nir';
import * as gbNino from 'stdnum/lib/cjs/gb/nino';
import * as itCodiceFiscale from 'stdnum/lib/cjs/it/codicefiscale';
import * as nlBsn from 'stdnum/lib/cjs/nl/bsn';
import * as plPesel from 'stdnum/lib/cjs/pl/pesel';
import * as sePersonnummer from 'stdnum/lib/cjs/se/personnummer';
import * as usSsn from 'stdnum/lib/cjs/us/ssn';

const VALIDATORS = {
  US: { ssn: usSsn },
  SE: { personnummer: sePersonnummer },
  GB: { nino: gbNino },
  NL: { bsn: nlBsn },
  ES: { dni: esDni, nie: esNie },
  IT: { codicefiscale: itCodiceFiscale },
  PL: { pesel: plPesel },
  FI: { hetu: fiHetu },
  CA: { sin: caSin },
  FR: { nir: frNir },
  DE: { idnr: deIdnr },
} as const;
type Validators = typeof VALIDATORS;

export interface IdFormat {
  readonly name: string;
  /** Starts with a digit: searched for only inside runs of digits, which is much faster. */
  readonly digitFirst: boolean;
  /** The format's shape, matched as a whole token. */
  readonly pattern: RegExp;
  /** The same shape anchored, to test a token found by the combined scan. */
  readonly anchored: RegExp;
  readonly valid: (value: string) => boolean;
  readonly needsContext: boolean;
  readonly body: string;
}

const check =
  <C extends keyof Validators>(country: C, id: keyof Validators[C]) =>
  (value: string): boolean =>
    (VALIDATORS[country][id] as { validate: (v: string) => { isValid: boolean } }).validate(value).isValid;

/** US SSN: area not 000, 666 or 900–999, group not 00, serial not 0000, and not an advertised number. */
function validSsn(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return digits.length === 9 && !digits.endsWith('0000') && check('US', 'ssn')(digits);
}

// Numbers the Social Security Administration voided after they were printed in advertising (078-05-1120 was on a
// sample card sold in wallets and used by thousands as their own). No other identifier has these values: they
// are SSNs, invalid ones, and are redacted as such wherever they appear.
const ADVERTISED_SSNS = new Set(['078051120', '219099999', '457555462']);
const advertisedSsn = (value: string): boolean => ADVERTISED_SSNS.has(value.replace(/\D/g, ''));

/** Swedish personnummer written without its separator (YYMMDDNNNN or YYYYMMDDNNNN). */
function validPersonnummer(value: string): boolean {
  const compact = value.replace(/[\s-+]/g, '');
  if (value.includes('-') || value.includes('+')) return check('SE', 'personnummer')(value);
  return check('SE', 'personnummer')(`${compact.slice(0, -4)}-${compact.slice(-4)}`);
}

const re = (body: string) => new RegExp(`(?<![A-Za-z0-9])(?:${body})(?![A-Za-z0-9]|[.,-]\\d)`, 'g');
const shape = (body: string) => ({ pattern: re(body), anchored: new RegExp(`^(?:${body})$`), body });
/** An SSN written in its three groups, with hyphens or spaces (issued, advertised or unissued alike). */
const SSN_GROUPED = '\\d{3}-\\d{2}-\\d{4}|\\d{3} \\d{2} \\d{4}';

export const ID_FORMATS: readonly IdFormat[] = [
  {
    name: 'us-ssn',
    digitFirst: true,
    ...shape(SSN_GROUPED),
    valid: validSsn,
    needsContext: false,
  },
  {
    name: 'us-ssn-advertised',
    digitFirst: true,
    ...shape(SSN_GROUPED),
    valid: advertisedSsn,
    needsContext: false,
  },
  // Written as an SSN and called one ("SSN 666-12-3456", "SSN: 900-70-1234"), a number the SSA would not issue
  // is still an identifier: a typo, test data, or an ITIN (9xx). Without an identity keyword nearby it is left
  // to the other detectors.
  {
    name: 'us-ssn-unissued',
    digitFirst: true,
    ...shape(SSN_GROUPED),
    valid: () => true,
    needsContext: true,
  },
  {
    name: 'us-ssn-compact',
    digitFirst: true,
    ...shape('\\d{9}'),
    valid: (v) => validSsn(v) || advertisedSsn(v),
    needsContext: true,
  },
  {
    name: 'gb-nino',
    digitFirst: false,
    ...shape('[A-CEGHJ-PR-TW-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]'),
    valid: check('GB', 'nino'),
    needsContext: false,
  },
  {
    name: 'nl-bsn',
    digitFirst: true,
    ...shape('\\d{4}[. ]?\\d{2}[. ]?\\d{3}|\\d{3}[. ]\\d{3}[. ]\\d{3}'),
    valid: check('NL', 'bsn'),
    needsContext: true,
  },
  {
    name: 'es-dni',
    digitFirst: true,
    ...shape('\\d{8}[- ]?[A-Z]'),
    valid: check('ES', 'dni'),
    needsContext: false,
  },
  {
    name: 'es-nie',
    digitFirst: false,
    ...shape('[XYZ][- ]?\\d{7}[- ]?[A-Z]'),
    valid: check('ES', 'nie'),
    needsContext: false,
  },
  {
    name: 'it-codice-fiscale',
    digitFirst: false,
    ...shape('[A-Z]{6}[0-9LMNP-V]{2}[A-EHLMPR-T][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]'),
    valid: check('IT', 'codicefiscale'),
    needsContext: false,
  },
  {
    name: 'se-personnummer',
    digitFirst: true,
    ...shape('(?:\\d{2})?\\d{6}[-+]\\d{4}'),
    valid: validPersonnummer,
    needsContext: false,
  },
  {
    name: 'se-personnummer-compact',
    digitFirst: true,
    ...shape('(?:\\d{2})?\\d{10}'),
    valid: validPersonnummer,
    needsContext: true,
  },
  {
    name: 'pl-pesel',
    digitFirst: true,
    ...shape('\\d{11}'),
    valid: check('PL', 'pesel'),
    needsContext: true,
  },
  {
    name: 'fi-hetu',
    digitFirst: true,
    ...shape('\\d{6}[-+A-FU-Y]\\d{3}[0-9A-FHJ-NPR-Y]'),
    valid: check('FI', 'hetu'),
    needsContext: false,
  },
  // Grouped 3-3-3 as Spanish, Norwegian and other phone numbers are, and a Luhn check passes one number in ten:
  // a SIN needs its keyword ("SIN", "social insurance", "NAS") nearby like the bare-digit formats.
  {
    name: 'ca-sin',
    digitFirst: true,
    ...shape('\\d{3}-\\d{3}-\\d{3}|\\d{3} \\d{3} \\d{3}'),
    valid: check('CA', 'sin'),
    needsContext: true,
  },
  {
    name: 'ca-sin-compact',
    digitFirst: true,
    ...shape('\\d{9}'),
    valid: check('CA', 'sin'),
    needsContext: true,
  },
  {
    name: 'fr-nir',
    digitFirst: true,
    ...shape('[12] ?\\d{2} ?\\d{2} ?(?:\\d{2}|2[AB]) ?\\d{3} ?\\d{3} ?\\d{2}'),
    valid: check('FR', 'nir'),
    needsContext: false,
  },
  {
    name: 'de-idnr',
    digitFirst: true,
    ...shape('\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}'),
    valid: check('DE', 'idnr'),
    needsContext: true,
  },
];

/** Words that announce an identification number, in the languages of the formats above. */
export const ID_CONTEXT =
  /\b(?:ssn|social security|soc\.? ?sec|sin|social insurance|nas|bsn|burgerservicenummer|sofi|pesel|personnummer|personal (?:id(?:entity)?|number|code)|person(?:al)? ?nr|hetu|henkilötunnus|nino|ni (?:no|number)|national insurance|dni|nie|nif|documento|codice fiscale|fiscal code|c\.?f\.?|tax (?:id|code|number|identification)|tin|steuer-?id|steuerliche|identifikationsnummer|idnr|id-?nr|nir|sécurité sociale|numéro|national (?:id|identity|identification|number)|identity|identification|id(?: card)?(?: no\.?| number| nr\.?| #)?|citizen|passport|dowód|numer)\b/i;
