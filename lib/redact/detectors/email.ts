import type { Detector, Finding } from '../types';

// RFC 5322's full grammar (quoted local parts, comments) is not what appears in prose; this covers dotted
// atoms and internationalized domains, and requires a TLD of letters so `a@b` in code is left alone.
const EMAIL =
  /(?<![A-Za-zÀ-ÖØ-öø-ɏ0-9._%+-])[A-Za-zÀ-ÖØ-öø-ɏ0-9][A-Za-zÀ-ÖØ-öø-ɏ0-9._%+'-]{0,63}@(?:[A-Za-zÀ-ÖØ-öø-ɏ0-9](?:[A-Za-zÀ-ÖØ-öø-ɏ0-9-]{0,61}[A-Za-zÀ-ÖØ-öø-ɏ0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-zÀ-ÖØ-öø-ɏ0-9-])/g;

export const emailDetector: Detector = {
  name: 'email',
  version: '1',
  types: ['EMAIL'],
  detect(text: string): Finding[] {
    if (!text.includes('@')) return [];
    const out: Finding[] = [];
    for (const m of text.matchAll(EMAIL)) {
      let value = m[0];
      // A sentence-ending dot belongs to the prose, not the address.
      while (value.endsWith('.')) value = value.slice(0, -1);
      out.push({
        start: m.index,
        end: m.index + value.length,
        type: 'EMAIL',
        canonical: value.toLowerCase(),
      });
    }
    return out;
  },
};
