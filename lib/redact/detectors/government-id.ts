import type { Detector, Finding } from '../types';
import { ID_CONTEXT, ID_FORMATS, type IdFormat } from './government-id-formats';

const DIGIT_FIRST = ID_FORMATS.filter((f) => f.digitFirst);
const LETTER_FIRST = ID_FORMATS.filter((f) => !f.digitFirst);
// One scan finds every token shaped like some digit-first format; each format then tests the token whole.
const DIGIT_SCAN = new RegExp(
  `(?<![A-Za-z0-9])(?:${[...new Set(DIGIT_FIRST.map((f) => f.body))].join('|')})(?![A-Za-z0-9]|[.,-]\\d)`,
  'g',
);
import { after, before, matches } from './util';

function hasContext(text: string, start: number, end: number): boolean {
  return ID_CONTEXT.test(before(text, start, 60)) || ID_CONTEXT.test(after(text, end, 25));
}

/**
 * stdnum reports a failed check by constructing an Error, and capturing its stack trace is most of the cost of
 * a rejection; nobody reads that trace here.
 */
function validQuietly(format: IdFormat, value: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return format.valid(value);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const governmentIdDetector: Detector = {
  name: 'government-id',
  version: '2',
  types: ['GOVERNMENT_ID'],
  detect(text: string): Finding[] {
    if (!/\d{2}/.test(text)) return [];
    const out: Finding[] = [];
    const taken = new Set<number>();
    const consider = (format: IdFormat, value: string, start: number) => {
      if (taken.has(start)) return;
      const end = start + value.length;
      if (/[A-Za-z0-9]/.test(text[end] ?? '')) return;
      if (format.needsContext && !hasContext(text, start, end)) return;
      if (!validQuietly(format, value)) return;
      taken.add(start);
      out.push({ start, end, type: 'GOVERNMENT_ID', canonical: value.replace(/[\s.-]/g, '').toUpperCase() });
    };
    for (const format of LETTER_FIRST) {
      for (const m of matches(format.pattern, text)) consider(format, m[0], m.index);
    }
    for (const m of matches(DIGIT_SCAN, text)) {
      for (const format of DIGIT_FIRST) if (format.anchored.test(m[0])) consider(format, m[0], m.index);
    }
    return out;
  },
};
