import * as fs from 'node:fs';
import { NAME_CLASSES_FILE, nameClasses } from '../../../scripts/redact/name-classes';
import { classify } from '../../../lib/redact/detectors/name-lexicon';

describe('the name table', () => {
  it('is what `npm run redact:lexicon` makes from the installed word lists (run it after updating them)', () => {
    const committed = JSON.parse(fs.readFileSync(NAME_CLASSES_FILE, 'utf8')) as { words: string };
    expect(committed.words === nameClasses()).toBe(true);
  });

  it('is found by binary search, first and last entries included', () => {
    const lines = (JSON.parse(fs.readFileSync(NAME_CLASSES_FILE, 'utf8')) as { words: string }).words.split(
      '\n',
    );
    const code = { g: 'given', s: 'surname', a: 'ambiguous', c: 'common' } as const;
    for (const line of [lines[0], lines[1], lines[lines.length / 2], lines[lines.length - 1]]) {
      const [word, c] = line.split('\t');
      expect(classify(word)).toBe(code[c as keyof typeof code]);
    }
    expect(classify('Kowalczyk')).toBe('surname');
    expect(classify('The')).toBe('common');
    expect(classify('Zqxvbnm')).toBe('unknown');
  });
});
