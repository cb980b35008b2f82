import table from '../../lib/redact/detectors/name-classes.json';
import { classify, type WordClass } from '../../lib/redact/detectors/name-lexicon';

const CLASSES: Record<string, WordClass> = { g: 'given', s: 'surname', a: 'ambiguous', c: 'common' };
const entries = table.words.split('\n').map((line) => line.split('\t') as [string, string]);
const inTable = new Set(entries.map(([w]) => w));

describe('classify', () => {
  it('finds the class of every lower-case entry of the table, first and last included', () => {
    const wrong: string[] = [];
    entries.forEach(([word, code], i) => {
      // Spread over the table, with both ends; classify looks words up in lower case.
      if (i % 37 !== 0 && i !== entries.length - 1 && i !== 0) return;
      if (word !== word.toLowerCase()) return;
      if (classify(word) !== CLASSES[code])
        wrong.push(`${word}: ${classify(word)}, expected ${CLASSES[code]}`);
    });
    expect(wrong).toEqual([]);
  });

  it('calls a word that is not in the table unknown, including prefixes and extensions of entries', () => {
    const probes = entries
      .filter((_, i) => i % 211 === 0)
      .flatMap(([w]) => [w.slice(0, -1), `${w}q`, `${w}zz`, `a${w}`])
      .filter((w) => w !== '' && w === w.toLowerCase() && !inTable.has(w));
    expect(probes.length).toBeGreaterThan(1000);
    expect(probes.filter((w) => classify(w) !== 'unknown')).toEqual([]);
  });

  it('classifies capitalized words by their lower case', () => {
    expect(classify('Maria')).toBe(classify('maria'));
    expect(classify('Maria')).toBe('given');
    expect(classify('Monday')).toBe('common');
  });
});
