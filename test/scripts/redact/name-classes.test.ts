import * as fs from 'node:fs';
import { NAME_CLASSES_FILE, nameClasses } from '../../../scripts/redact/name-classes';
import { classify, tableEntries } from '../../../lib/redact/detectors/name-lexicon';

describe('the name table', () => {
  it('is what `npm run redact:lexicon` makes from the installed word lists (run it after updating them)', () => {
    const committed = JSON.parse(fs.readFileSync(NAME_CLASSES_FILE, 'utf8')) as { words: string };
    expect(committed.words === nameClasses()).toBe(true);
  });

  it('is found by binary search, first and last entries included', () => {
    const entries = tableEntries(
      (JSON.parse(fs.readFileSync(NAME_CLASSES_FILE, 'utf8')) as { words: string }).words,
    );
    const middle = Math.floor(entries.length / 2);
    for (const [word, cls] of [entries[0], entries[1], entries[middle], entries[entries.length - 1]]) {
      expect(classify(word)).toBe(cls);
    }
    expect(classify('Kowalczyk')).toBe('surname');
    expect(classify('The')).toBe('common');
    expect(classify('Zqxvbnm')).toBe('unknown');
  });
});
