import type { Detector, Finding } from '../types';

// RFC 5322's full grammar (quoted local parts, comments) is not what appears in prose; this covers dotted
// atoms and internationalized (Latin) domains, and requires a TLD of letters so `a@b` in code is left alone.
// The scan starts at each "@" and reads outwards, which is much cheaper than trying a pattern everywhere.
const LOCAL_CHAR = /[A-Za-zÀ-ÖØ-öø-ɏ0-9._%+'-]/;
const DOMAIN =
  /@((?:[A-Za-zÀ-ÖØ-öø-ɏ0-9](?:[A-Za-zÀ-ÖØ-öø-ɏ0-9-]{0,61}[A-Za-zÀ-ÖØ-öø-ɏ0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-zÀ-ÖØ-öø-ɏ0-9-])/y;

export const emailDetector: Detector = {
  name: 'email',
  version: '1',
  types: ['EMAIL'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    let lastEnd = 0;
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > lastEnd && at - start < 64 && LOCAL_CHAR.test(text[start - 1])) start--;
      // The local part starts with a letter or digit, not with a dot or a quote.
      while (start < at && !/[A-Za-zÀ-ÖØ-öø-ɏ0-9]/.test(text[start])) start++;
      if (start === at) continue;
      DOMAIN.lastIndex = at;
      const m = DOMAIN.exec(text);
      if (!m) continue;
      const end = at + m[0].length;
      const value = text.slice(start, end);
      out.push({ start, end, type: 'EMAIL', canonical: value.toLowerCase() });
      lastEnd = end;
      at = end - 1;
    }
    return out;
  },
};
