// `npx tsx bench/redact/generate.ts [records] [seed]`: writes the labelled evaluation set to
// bench/redact/data/eval.jsonl. Seeded and deterministic: the same arguments give the same bytes.
//
// Every record is synthetic: names, streets and numbers come from faker's locale data (a different source
// from the name lists and street vocabulary the detectors use), and government ids, cards and keys are made
// here with their real check digits. Each record has the text and the span and type of every planted
// entity; everything else is prose that must survive redaction unchanged, including near misses (numbers
// that fail a checksum, version numbers, order numbers, capitalized product names, month names).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  fakerDE,
  fakerEN_CA,
  fakerEN_GB,
  fakerEN_IE,
  fakerEN_US,
  fakerES,
  fakerFI,
  fakerFR,
  fakerIT,
  fakerNL,
  fakerPL,
  fakerSV,
  type Faker,
} from '@faker-js/faker';
import type { EntityType } from '../../lib/redact';

export interface LabelledSpan {
  readonly start: number;
  readonly end: number;
  readonly type: EntityType;
}

export interface LabelledRecord {
  readonly id: string;
  readonly kind: string;
  readonly locale: string;
  readonly text: string;
  readonly entities: readonly LabelledSpan[];
}

export type Locale = 'us' | 'gb' | 'ie' | 'ca' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'se' | 'pl' | 'fi';
const FAKERS: Record<Locale, Faker> = {
  us: fakerEN_US,
  gb: fakerEN_GB,
  ie: fakerEN_IE,
  ca: fakerEN_CA,
  de: fakerDE,
  fr: fakerFR,
  es: fakerES,
  it: fakerIT,
  nl: fakerNL,
  se: fakerSV,
  pl: fakerPL,
  fi: fakerFI,
};
const LOCALES = Object.keys(FAKERS) as Locale[];

/** Builds a text piece by piece, remembering where each entity went. */
export class Doc {
  text = '';
  readonly entities: LabelledSpan[] = [];
  add(s: string): this {
    this.text += s;
    return this;
  }
  ent(type: EntityType, value: string): this {
    const start = this.text.length;
    this.text += value;
    this.entities.push({ start, end: this.text.length, type });
    return this;
  }
}

/** Values for one record; the check-digit generators are shared with bench/redact/generate-heldout.ts. */
export class Gen {
  constructor(
    readonly f: Faker,
    readonly locale: Locale,
  ) {}
  pick<T>(xs: readonly T[]): T {
    return this.f.helpers.arrayElement(xs);
  }
  chance(p: number): boolean {
    return this.f.number.float({ min: 0, max: 1 }) < p;
  }
  digits(n: number): string {
    return this.f.string.numeric({ length: n, allowLeadingZeros: true });
  }

  // ---- people ----
  first(): string {
    return this.f.person.firstName();
  }
  last(): string {
    return this.f.person.lastName();
  }
  fullName(): string {
    const style = this.f.number.int(9);
    if (style === 0) return `${this.first()} ${this.first()[0]}. ${this.last()}`;
    if (style === 1) return `${this.first()[0]}. ${this.last()}`;
    return `${this.first()} ${this.last()}`;
  }
  title(): string {
    const titles: Record<string, readonly string[]> = {
      de: ['Herr', 'Frau', 'Dr.'],
      fr: ['M.', 'Mme', 'Dr'],
      es: ['Sr.', 'Sra.', 'Dr.'],
      it: ['Sig.', 'Sig.ra', 'Dott.'],
      nl: ['Dhr.', 'Mevr.', 'Dr.'],
      pl: ['Pan', 'Pani', 'Dr'],
    };
    return this.pick(titles[this.locale] ?? ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Mr', 'Ms', 'Prof.']);
  }

  email(name?: string): string {
    if (name && this.chance(0.6)) {
      const [a, b] = name.replace(/\./g, '').split(' ').slice(-2);
      return this.f.internet.email({ firstName: a, lastName: b ?? a }).toLowerCase();
    }
    return this.f.internet.email();
  }

  phone(): string {
    const style = this.pick(['international', 'national', 'human', 'human'] as const);
    let p = this.f.phone.number({ style });
    if (style === 'international' && this.chance(0.5)) {
      // Group an E.164 number the way people write it: "+44 1797 271 49".
      p = p.replace(/^(\+\d{2})(\d{3})(\d{3})(\d+)$/, '$1 $2 $3 $4');
    }
    return p;
  }

  // ---- addresses, in the order each country writes them ----
  address(): string {
    const l = this.f.location;
    const street = l.streetAddress(this.chance(0.25));
    const city = l.city();
    const zip = l.zipCode();
    switch (this.locale) {
      case 'us':
        return this.pick([
          `${street}, ${city}, ${l.state({ abbreviated: true })} ${zip}`,
          `${street}, ${city}, ${l.state({ abbreviated: true })} ${zip.slice(0, 5)}`,
          `${street}\n${city}, ${l.state({ abbreviated: true })} ${zip.slice(0, 5)}`,
          `${street}`,
        ]);
      case 'ca':
        return `${street}, ${city}, ${l.state({ abbreviated: true })} ${zip}`;
      case 'gb':
      case 'ie':
        return this.pick([`${street}, ${city} ${zip}`, `${street}, ${city}, ${zip}`, `${street}`]);
      default:
        return this.pick([`${street}, ${zip} ${city}`, `${street}\n${zip} ${city}`, `${street}`]);
    }
  }
  poBox(): string {
    const n = String(this.f.number.int({ min: 1, max: 99999 }));
    const box: Partial<Record<Locale, string>> = {
      de: `Postfach ${n}`,
      nl: `Postbus ${n}`,
      fr: `BP ${n}`,
      es: `Apartado de correos ${n}`,
      it: `Casella postale ${n}`,
    };
    const line = box[this.locale] ?? this.pick([`PO Box ${n}`, `P.O. Box ${n}`]);
    return `${line}, ${this.f.location.zipCode()} ${this.f.location.city()}`;
  }

  // ---- dates of birth ----
  dob(): string {
    const d = this.f.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    const p2 = (n: number) => String(n).padStart(2, '0');
    const monthEn = d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
    const localeTag = { de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' }[
      this.locale as string
    ];
    return this.pick([
      `${y}-${p2(m)}-${p2(day)}`,
      `${p2(day)}/${p2(m)}/${y}`,
      `${m}/${day}/${y}`,
      `${p2(day)}.${p2(m)}.${y}`,
      `${day} ${monthEn} ${y}`,
      `${monthEn} ${day}, ${y}`,
      `${day} ${monthEn.slice(0, 3)} ${y}`,
      localeTag
        ? d.toLocaleDateString(localeTag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
        : `${p2(day)}-${p2(m)}-${y}`,
    ]);
  }
  dobCue(): string {
    const cues: Partial<Record<Locale, readonly string[]>> = {
      de: ['geb. ', 'Geburtsdatum: ', 'geboren am '],
      fr: ['né le ', 'Date de naissance : '],
      es: ['Fecha de nacimiento: ', 'nacido el '],
      it: ['Data di nascita: ', 'nato il '],
      nl: ['Geboortedatum: ', 'geboren op '],
    };
    return this.pick([
      ...(cues[this.locale] ?? []),
      'DOB: ',
      'Date of birth: ',
      'born on ',
      'D.O.B. ',
      'Birth date: ',
    ]);
  }

  // ---- government ids, with their real check digits ----
  governmentId(): { label: string; value: string } {
    const byLocale: Partial<Record<Locale, () => { label: string; value: string }>> = {
      us: () => ({ label: this.pick(['SSN', 'Social Security Number', 'SSN#']), value: this.ssn() }),
      gb: () => ({ label: this.pick(['NI number', 'National Insurance No.', 'NINO']), value: this.nino() }),
      nl: () => ({ label: this.pick(['BSN', 'burgerservicenummer']), value: this.bsn() }),
      es: () =>
        this.chance(0.5)
          ? { label: this.pick(['DNI', 'NIF']), value: this.dni() }
          : { label: 'NIE', value: this.nie() },
      it: () => ({ label: this.pick(['Codice fiscale', 'C.F.']), value: this.codiceFiscale() }),
      se: () => ({ label: 'Personnummer', value: this.personnummer() }),
      pl: () => ({ label: 'PESEL', value: this.pesel() }),
      fi: () => ({ label: this.pick(['Henkilötunnus', 'HETU']), value: this.hetu() }),
      ca: () => ({ label: this.pick(['SIN', 'Social Insurance Number']), value: this.sin() }),
    };
    const make = byLocale[this.locale] ?? this.pick(Object.values(byLocale));
    return make();
  }
  ssn(): string {
    let area: number;
    do area = this.f.number.int({ min: 1, max: 899 });
    while (area === 666);
    const group = this.f.number.int({ min: 1, max: 99 });
    const serial = this.f.number.int({ min: 1, max: 9999 });
    const sep = this.pick(['-', '-', ' ']);
    return `${String(area).padStart(3, '0')}${sep}${String(group).padStart(2, '0')}${sep}${String(serial).padStart(4, '0')}`;
  }
  nino(): string {
    const first = 'ABCEGHJKLMNPRSTWXYZ';
    const second = 'ABCEGHJKLMNPRSTWXYZ';
    let prefix: string;
    do prefix = this.pick([...first]) + this.pick([...second]);
    while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix) || prefix[1] === 'O');
    const d = this.digits(6);
    const suffix = this.pick(['A', 'B', 'C', 'D']);
    return this.chance(0.5)
      ? `${prefix}${d}${suffix}`
      : `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`;
  }
  bsn(): string {
    for (;;) {
      const d = this.digits(8);
      const sum = [...d].reduce((s, c, i) => s + Number(c) * (9 - i), 0);
      const check = sum % 11;
      if (check === 10 || d[0] === '0') continue;
      const v = d + String(check);
      return this.chance(0.3) ? `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}` : v;
    }
  }
  dni(): string {
    const n = this.f.number.int({ min: 1000000, max: 99999999 });
    return String(n).padStart(8, '0') + 'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23];
  }
  nie(): string {
    const lead = this.f.number.int(2);
    const body = this.digits(7);
    const n = Number(`${lead}${body}`);
    return `${'XYZ'[lead]}${body}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
  }
  codiceFiscale(): string {
    const cons = (s: string) => s.toUpperCase().replace(/[^B-DF-HJ-NP-TV-Z]/g, '');
    const vow = (s: string) => s.toUpperCase().replace(/[^AEIOU]/g, '');
    const code3 = (s: string) => (cons(s) + vow(s) + 'XXX').slice(0, 3);
    const d = this.f.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const female = this.chance(0.5);
    const day = d.getUTCDate() + (female ? 40 : 0);
    const body =
      code3(this.f.person.lastName()) +
      code3(this.f.person.firstName()) +
      String(d.getUTCFullYear() % 100).padStart(2, '0') +
      'ABCDEHLMPRST'[d.getUTCMonth()] +
      String(day).padStart(2, '0') +
      this.pick([...'ABCDEFGHILM']) +
      this.digits(3);
    const odd = [
      1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ];
    let sum = 0;
    [...body].forEach((c, i) => {
      const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
      sum += i % 2 === 0 ? odd[v] : v;
    });
    return body + String.fromCharCode(65 + (sum % 26));
  }
  luhnDigit(payload: string): string {
    let sum = 0;
    [...payload].reverse().forEach((c, i) => {
      let v = Number(c);
      if (i % 2 === 0) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
    });
    return String((10 - (sum % 10)) % 10);
  }
  personnummer(): string {
    const d = this.f.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const p2 = (n: number) => String(n).padStart(2, '0');
    const date = `${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
    const serial = this.digits(3);
    const v = date + serial + this.luhnDigit(date + serial);
    return `${this.chance(0.3) ? String(d.getUTCFullYear()).slice(0, 2) : ''}${v.slice(0, 6)}-${v.slice(6)}`;
  }
  pesel(): string {
    const d = this.f.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1 + (y >= 2000 ? 20 : 0);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const body = `${p2(y % 100)}${p2(m)}${p2(d.getUTCDate())}${this.digits(4)}`;
    const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
    return body + String((10 - (sum % 10)) % 10);
  }
  hetu(): string {
    const d = this.f.date.birthdate({ min: 18, max: 90, mode: 'age' });
    const y = d.getUTCFullYear();
    const p2 = (n: number) => String(n).padStart(2, '0');
    const date = `${p2(d.getUTCDate())}${p2(d.getUTCMonth() + 1)}${p2(y % 100)}`;
    const ind = String(this.f.number.int({ min: 2, max: 899 })).padStart(3, '0');
    const check = '0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(date + ind) % 31];
    return `${date}${y >= 2000 ? 'A' : '-'}${ind}${check}`;
  }
  sin(): string {
    const payload = String(this.f.number.int({ min: 1, max: 7 })) + this.digits(7);
    const v = payload + this.luhnDigit(payload);
    return this.pick([
      `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`,
      `${v.slice(0, 3)}-${v.slice(3, 6)}-${v.slice(6)}`,
    ]);
  }

  // ---- payment ----
  card(): string {
    const prefix = this.pick([
      '4',
      '4',
      '51',
      '53',
      '55',
      '2221',
      '2720',
      '34',
      '37',
      '6011',
      '65',
      '3530',
      '36',
    ]);
    const len = prefix === '34' || prefix === '37' ? 15 : prefix === '36' ? 14 : 16;
    const payload = prefix + this.digits(len - prefix.length - 1);
    const n = payload + this.luhnDigit(payload);
    const sep = this.pick([' ', '-', '', ' ']);
    if (len === 15) return [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep);
    if (len === 14) return [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep);
    return n.match(/.{4}/g)!.join(sep);
  }
  /** A 16-digit number that fails Luhn: must not be redacted. */
  badCard(): string {
    const good = this.card().replace(/\D/g, '');
    const last = (Number(good.at(-1)) + 1 + this.f.number.int(7)) % 10;
    return (good.slice(0, -1) + String(last)).match(/.{1,4}/g)!.join(' ');
  }
  iban(): string {
    const country = this.pick([
      'DE',
      'FR',
      'ES',
      'IT',
      'NL',
      'GB',
      'BE',
      'SE',
      'PL',
      'FI',
      'IE',
      'AT',
      'CH',
      'PT',
    ]);
    return this.f.finance.iban({ formatted: this.chance(0.6), countryCode: country });
  }
  badIban(): string {
    const good = this.f.finance.iban({ countryCode: 'DE' });
    const check = (Number(good.slice(2, 4)) + 1 + this.f.number.int(50)) % 100;
    return `${good.slice(0, 2)}${String(check).padStart(2, '0')}${good.slice(4)}`;
  }

  // ---- network and secrets ----
  ip(): string {
    return this.chance(0.75) ? this.f.internet.ipv4() : this.f.internet.ipv6();
  }
  secret(): { lead: string; value: string; trail?: string } {
    const alnum = (n: number) => this.f.string.alphanumeric({ length: n, casing: 'mixed' });
    const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    switch (this.f.number.int(9)) {
      case 0:
        return {
          lead: 'AWS access key ',
          value: 'AKIA' + this.f.string.alphanumeric({ length: 16, casing: 'upper' }),
        };
      case 1:
        return { lead: 'export GITHUB_TOKEN=', value: 'ghp_' + alnum(36) };
      case 2:
        return {
          lead: 'the Slack bot token is ',
          value: `xoxb-${this.digits(12)}-${this.digits(13)}-${alnum(24)}`,
        };
      case 3:
        return { lead: 'Stripe key: ', value: `sk_live_${alnum(24)}` };
      case 4:
        return {
          lead: 'Authorization: Bearer ',
          value: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: this.digits(8), iat: 1700000000 })}.${alnum(43)}`,
        };
      case 5:
        return {
          lead: this.pick(['password=', 'password: ', 'DB_PASSWORD=', 'pwd = ']),
          value: this.f.internet.password({ length: 14 }) + '7',
        };
      case 6:
        return { lead: this.pick(['api_key: ', '"apiKey": "', 'API_KEY=']), value: alnum(32), trail: '' };
      case 7: {
        const lines = Array.from({ length: 4 }, () => this.f.string.alphanumeric({ length: 64 }));
        return {
          lead: 'key file:\n',
          value: `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`,
        };
      }
      case 8:
        return { lead: 'GitLab token ', value: 'glpat-' + alnum(20) };
      default:
        return { lead: 'the new signing secret is ', value: alnum(40) };
    }
  }

  // ---- prose that must survive ----
  filler(): string {
    const f = this.f;
    const month = this.pick(['January', 'March', 'May', 'June', 'August', 'October', 'December']);
    return this.pick([
      `${f.company.catchPhrase()}.`,
      `${f.commerce.productDescription()}`,
      `The ${f.commerce.productName()} was shipped in ${month}.`,
      `Order #${this.digits(7)} totalled ${f.finance.amount({ symbol: '€' })} including VAT.`,
      `Please update to version ${f.system.semver()} before ${month} ${f.number.int({ min: 1, max: 28 })}.`,
      `Build ${f.number.int(9)}.${f.number.int(20)}.${f.number.int(9)}.${f.number.int(999)} fixes the Bluetooth issue.`,
      `${f.hacker.phrase()}`,
      `Invoice INV-${this.digits(6)} is due on ${f.date.soon({ days: 60 }).toISOString().slice(0, 10)}.`,
      `The reference number ${this.badCard()} is not a card number.`,
      `Reference ${this.badIban()} failed validation.`,
      `Ticket ${this.digits(9)} was merged with ticket ${this.digits(9)}.`,
      `Our ${f.company.buzzNoun()} team meets every Monday at 10:30.`,
      `Temperature was ${f.number.int({ min: 36, max: 39 })}.${f.number.int(9)} °C and blood pressure 120/80.`,
      `Section 4.2 of the Agreement applies to Premium Support plans.`,
      `The Customer may terminate this Agreement with 30 days' notice.`,
      `We tested it on Windows 11, macOS Sonoma and Ubuntu 24.04.`,
      `${f.word.words({ count: { min: 6, max: 14 } })}.`,
      `Payment of ${f.finance.amount()} USD is expected within 14 days.`,
      `Room 204, Building C hosts the quarterly review.`,
    ]);
  }
}

function contract(g: Gen): Doc {
  const d = new Doc();
  const partyA = g.fullName();
  const company = g.f.company.name();
  d.add(
    `SERVICE AGREEMENT\n\nThis Agreement is made on ${g.f.date.recent({ days: 400 }).toISOString().slice(0, 10)} between ${company} and `,
  );
  d.add(g.chance(0.4) ? `${g.title()} ` : '')
    .ent('PERSON', partyA)
    .add(', residing at ')
    .ent('ADDRESS', g.address())
    .add('.\n');
  if (g.chance(0.7)) {
    const id = g.governmentId();
    d.add(`${id.label}: `).ent('GOVERNMENT_ID', id.value).add('. ');
  }
  if (g.chance(0.5)) d.add(g.dobCue()).ent('DATE_OF_BIRTH', g.dob()).add('.\n');
  d.add(g.filler() + ' ' + g.filler() + '\n');
  d.add('Payments shall be made to account ')
    .ent('IBAN', g.iban())
    .add(` held by `)
    .ent('PERSON', partyA)
    .add('.\n');
  d.add(g.filler() + '\n');
  d.add('Notices: ').ent('EMAIL', g.email(partyA)).add(', tel. ').ent('PHONE', g.phone()).add('.\n');
  if (g.chance(0.3)) d.add('Correspondence may also be sent to ').ent('ADDRESS', g.poBox()).add('.\n');
  d.add(g.filler() + ' ' + g.filler() + '\n\nSigned by ');
  const signer = g.fullName();
  d.ent('PERSON', signer).add(` on behalf of ${company}.\nWitness: `).ent('PERSON', g.fullName()).add('\n');
  return d;
}

function chat(g: Gen): Doc {
  const d = new Doc();
  const customer = g.first();
  const customerLast = g.last();
  const agent = g.first();
  const t = () =>
    `[${String(g.f.number.int({ min: 8, max: 18 })).padStart(2, '0')}:${String(g.f.number.int(59)).padStart(2, '0')}] `;
  d.add(t())
    .ent('PERSON', agent)
    .add(': ')
    .add(
      g.pick([
        'Hi, thanks for reaching out! How can I help?',
        'Hello, you are chatting with support.',
        'Good morning, how can I help you today?',
      ]),
    )
    .add('\n');
  d.add(t())
    .ent('PERSON', `${customer} ${customerLast}`)
    .add(': ')
    .add(g.filler())
    .add(' My email is ')
    .ent('EMAIL', g.email(`${customer} ${customerLast}`))
    .add('\n');
  d.add(t())
    .ent('PERSON', agent)
    .add(': Thanks ')
    .ent('PERSON', customer)
    .add('. ' + g.filler() + ' Can you confirm your phone number?\n');
  d.add(t())
    .ent('PERSON', `${customer} ${customerLast}`)
    .add(': ')
    .add(g.pick(['Sure, it is ', 'You can call me on ', 'Mobile: ', "It's "]))
    .ent('PHONE', g.phone())
    .add('\n');
  if (g.chance(0.5)) {
    d.add(t())
      .ent('PERSON', `${customer} ${customerLast}`)
      .add(`: I paid with my card `)
      .ent('CARD_NUMBER', g.card())
      .add(g.pick([' yesterday.', '.', ', is that ok?']))
      .add('\n');
  }
  if (g.chance(0.4)) {
    d.add(t())
      .ent('PERSON', `${customer} ${customerLast}`)
      .add(': Please ship it to ')
      .ent('ADDRESS', g.address())
      .add('\n');
  }
  if (g.chance(0.35)) {
    d.add(t())
      .ent('PERSON', `${customer} ${customerLast}`)
      .add(': the error shows up when I connect from ')
      .ent('IP_ADDRESS', g.ip())
      .add(`, running version ${g.f.system.semver()}.\n`);
  }
  if (g.chance(0.3)) {
    const s = g.secret();
    d.add(t())
      .ent('PERSON', `${customer} ${customerLast}`)
      .add(`: here is my config, ${s.lead}`)
      .ent('SECRET', s.value)
      .add((s.trail ?? '') + '\n');
  }
  if (g.chance(0.3)) {
    d.add(t())
      .ent('PERSON', agent)
      .add(': I have escalated this to my colleague ')
      .ent('PERSON', g.fullName())
      .add('.\n');
  }
  d.add(t())
    .ent('PERSON', agent)
    .add(': ' + g.filler() + ' Anything else?\n');
  d.add(t())
    .ent('PERSON', `${customer} ${customerLast}`)
    .add(': ' + g.pick(['No, that was all. Thanks!', 'All good, bye.', 'That is everything.']) + '\n');
  return d;
}

function clinical(g: Gen): Doc {
  const d = new Doc();
  const patient = g.fullName();
  d.add('CLINICAL NOTE\nPatient: ')
    .ent('PERSON', patient)
    .add('\n')
    .add(g.dobCue())
    .ent('DATE_OF_BIRTH', g.dob())
    .add('\n');
  d.add(`MRN: ${g.digits(8)}\n`);
  if (g.chance(0.6)) {
    const id = g.governmentId();
    d.add(`${id.label}: `).ent('GOVERNMENT_ID', id.value).add('\n');
  }
  d.add('Address: ').ent('ADDRESS', g.address()).add('\nPhone: ').ent('PHONE', g.phone()).add('\n');
  d.add(
    `\nHistory: ${g.f.number.int({ min: 19, max: 90 })}-year-old presenting with ${g.pick(['chest pain', 'persistent cough', 'lower back pain', 'headaches', 'fatigue'])} for ${g.f.number.int({ min: 2, max: 14 })} days. `,
  );
  d.add(g.filler() + ' ');
  d.add(g.pick(['Seen with ', 'Accompanied by ', 'Emergency contact: ']))
    .ent('PERSON', g.fullName())
    .add(g.chance(0.5) ? ' (daughter). ' : '. ');
  d.add(g.filler() + '\n');
  d.add(
    'Plan: ' +
      g.pick([
        'ECG and troponin.',
        'Chest X-ray, follow up in 2 weeks.',
        'Ibuprofen 400 mg as needed.',
        'Refer to physiotherapy.',
      ]) +
      '\n',
  );
  d.add(`Attending: ${g.pick(['Dr. ', 'Dr ', ''])}`)
    .ent('PERSON', g.fullName())
    .add('\n');
  if (g.chance(0.3)) d.add('Portal login sent to ').ent('EMAIL', g.email(patient)).add('.\n');
  return d;
}

function itTicket(g: Gen): Doc {
  const d = new Doc();
  const reporter = g.fullName();
  d.add(`INCIDENT ${g.digits(6)}\nReported by: `)
    .ent('PERSON', reporter)
    .add(' <')
    .ent('EMAIL', g.email(reporter))
    .add('>\n');
  d.add(g.filler() + '\n');
  d.add('Failed logins from ')
    .ent('IP_ADDRESS', g.ip())
    .add(' and ')
    .ent('IP_ADDRESS', g.ip())
    .add(` between 02:00 and 02:45 UTC.\n`);
  const s = g.secret();
  d.add(`A credential was committed to the repository: ${s.lead}`)
    .ent('SECRET', s.value)
    .add((s.trail ?? '') + '\n');
  d.add(
    `Upgraded nginx to version 1.${g.f.number.int(25)}.${g.f.number.int(9)} and agent to v${g.f.number.int(9)}.${g.f.number.int(9)}.${g.f.number.int(9)}.${g.f.number.int(9)}.\n`,
  );
  d.add(g.filler() + ' ' + g.filler() + '\n');
  if (g.chance(0.5))
    d.add('On-call: ').ent('PERSON', g.fullName()).add(', ').ent('PHONE', g.phone()).add('\n');
  return d;
}

function prose(g: Gen): Doc {
  const d = new Doc();
  const n = g.f.number.int({ min: 3, max: 8 });
  for (let i = 0; i < n; i++) d.add(g.filler() + (i % 3 === 2 ? '\n' : ' '));
  return d;
}

const KINDS = { contract, chat, clinical, ticket: itTicket, prose } as const;

export function generate(count: number, seed: number): LabelledRecord[] {
  const records: LabelledRecord[] = [];
  for (let i = 0; i < count; i++) {
    const locale = LOCALES[i % LOCALES.length];
    const f = FAKERS[locale];
    f.seed(seed * 1_000_003 + i);
    const g = new Gen(f, locale);
    const kind = g.pick(['contract', 'chat', 'chat', 'clinical', 'clinical', 'ticket', 'prose'] as const);
    const doc = KINDS[kind](g);
    records.push({
      id: `r${String(i).padStart(5, '0')}`,
      kind,
      locale,
      text: doc.text,
      entities: doc.entities,
    });
  }
  return records;
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 3000);
  const seed = Number(process.argv[3] ?? 7);
  const out = path.join(__dirname, 'data', 'eval.jsonl');
  const body = generate(count, seed)
    .map((r) => JSON.stringify(r))
    .join('\n');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, body + '\n');
  const sha = createHash('sha256').update(body).digest('hex').slice(0, 16);
  process.stderr.write(
    `wrote ${count} records (${(body.length / 1e6).toFixed(2)} MB, sha256 ${sha}) to ${out}\n`,
  );
}
