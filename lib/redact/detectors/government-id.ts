import type { Detector, Finding } from '../types';
import { ID_CONTEXT, ID_FORMATS } from './government-id-formats';
import { after, before } from './util';

function hasContext(text: string, start: number, end: number): boolean {
  return ID_CONTEXT.test(before(text, start, 60)) || ID_CONTEXT.test(after(text, end, 25));
}

export const governmentIdDetector: Detector = {
  name: 'government-id',
  version: '1',
  types: ['GOVERNMENT_ID'],
  detect(text: string): Finding[] {
    if (!/\d{2}/.test(text)) return [];
    const out: Finding[] = [];
    const taken = new Set<number>();
    for (const format of ID_FORMATS) {
      for (const m of text.matchAll(format.pattern)) {
        if (taken.has(m.index)) continue;
        const end = m.index + m[0].length;
        if (!format.valid(m[0])) continue;
        if (format.needsContext && !hasContext(text, m.index, end)) continue;
        taken.add(m.index);
        out.push({
          start: m.index,
          end,
          type: 'GOVERNMENT_ID',
          canonical: m[0].replace(/[\s.-]/g, '').toUpperCase(),
        });
      }
    }
    return out;
  },
};
