import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { couldBeValidIn } from '../../lib/redact/detectors/phone-plans';
import { NATIONAL_FORMAT_COUNTRIES } from '../../lib/redact/detectors/phone';

// Every country the phone detector asks libphonenumber about for a number written without its country code.
const COUNTRIES = NATIONAL_FORMAT_COUNTRIES;

/** Seeded, so a failure names numbers that fail again. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** National-looking digit strings: a trunk 0 or not, some starting with a calling code, grouped or not. */
function numbers(count: number): string[] {
  const rnd = random(13);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let d = '';
    const len = 6 + Math.floor(rnd() * 10);
    for (let k = 0; k < len; k++) d += Math.floor(rnd() * 10);
    if (rnd() < 0.5) d = `0${d.slice(1)}`;
    if (rnd() < 0.1)
      d = ['44', '39', '358', '49', '61', '47', '34', '81', '55'][Math.floor(rnd() * 9)] + d.slice(2);
    out.push(rnd() < 0.5 ? d : d.replace(/(\d{3})(?=\d)/g, '$1 '));
  }
  return out;
}

describe('couldBeValidIn', () => {
  it('never rules out a number libphonenumber finds valid, and rules out most of the rest', () => {
    let asked = 0;
    let ruledOut = 0;
    const wronglyRuledOut: string[] = [];
    for (const value of numbers(2500)) {
      const digits = value.replace(/\D/g, '');
      for (const c of COUNTRIES) {
        asked++;
        const valid = parsePhoneNumberFromString(value, c)?.isValid() === true;
        if (couldBeValidIn(digits, c)) continue;
        ruledOut++;
        if (valid) wronglyRuledOut.push(`${c} ${value}`);
      }
    }
    expect(wronglyRuledOut).toEqual([]);
    expect(ruledOut / asked).toBeGreaterThan(0.4);
  });

  it.each([
    ['GB', '02079460958'],
    ['GB', '447911123456'], // the country code without "+"
    ['FI', '0401234567'],
    ['JP', '0312345678'], // a plan with a rewrite rule is always parsed
    ['IT', '0612345678'],
  ] as [CountryCode, string][])('keeps %s %s, which libphonenumber finds valid', (c, digits) => {
    expect(parsePhoneNumberFromString(digits, c)?.isValid()).toBe(true);
    expect(couldBeValidIn(digits, c)).toBe(true);
  });

  it.each([
    ['FR', '0612'],
    ['ES', '12345678901'],
    ['DK', '0123456789'],
  ] as [CountryCode, string][])('rules out %s %s', (c, digits) => {
    expect(couldBeValidIn(digits, c)).toBe(false);
  });

  it('never rules out a valid number among the phone numbers of both labelled sets, written as they are', () => {
    // Random digits are rarely valid; the labelled sets hold thousands of real-shaped numbers of many
    // countries, with and without trunk prefixes and calling codes: each must pass wherever libphonenumber
    // finds it valid (number types and their lengths included).
    const phones: string[] = [];
    for (const set of ['eval.jsonl', 'heldout.jsonl']) {
      const lines = fs.readFileSync(path.join(__dirname, '../../bench/redact/data', set), 'utf8').split('\n');
      for (const line of lines.filter(Boolean)) {
        const r = JSON.parse(line) as {
          text: string;
          entities: { type: string; start: number; end: number }[];
        };
        for (const e of r.entities) if (e.type === 'PHONE') phones.push(r.text.slice(e.start, e.end));
      }
    }
    let valid = 0;
    const wronglyRuledOut: string[] = [];
    for (const value of phones) {
      // The detector asks about national numbers only (written without "+" or "00"); a number written with its
      // calling code is tried without it too.
      // Extensions are cut off before the question, as the detector does.
      const core = value.replace(/ ?(?:x|ext\.?|extension|#) ?\d{1,6}$/, '');
      const national = core.replace(/^(?:\(\+\d{1,3}\)|\+\d{1,3}(?: ?\(0\))?|00\d{1,3})[ .-]?/, '');
      for (const v of new Set([core, national])) {
        if (/\+|^00/.test(v)) continue;
        for (const c of COUNTRIES) {
          if (parsePhoneNumberFromString(v, c)?.isValid() !== true) continue;
          valid++;
          if (!couldBeValidIn(v.replace(/\D/g, ''), c)) wronglyRuledOut.push(`${c} ${v}`);
        }
      }
    }
    expect(valid).toBeGreaterThan(1000);
    expect(wronglyRuledOut).toEqual([]);
  });
});
