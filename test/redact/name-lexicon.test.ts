import { classify, tableEntries } from '../../lib/redact/detectors/name-lexicon';

const entries = tableEntries();
const inTable = new Set(entries.map(([w]) => w));

describe('classify', () => {
  it('finds the class of every lower-case entry of the table, first and last included', () => {
    const wrong: string[] = [];
    entries.forEach(([word, cls], i) => {
      // Spread over the table, with both ends and every position within a block of the front coding.
      if (i % 37 !== 0 && i !== entries.length - 1 && i !== 0) return;
      if (classify(word) !== cls) wrong.push(`${word}: ${classify(word)}, expected ${cls}`);
    });
    expect(wrong).toEqual([]);
    expect(entries.length).toBeGreaterThan(250_000);
    expect(entries.every(([w]) => w === w.toLowerCase())).toBe(true);
  });

  it('calls a word that is not in the table unknown, including prefixes and extensions of entries', () => {
    const probes = entries
      .filter((_, i) => i % 211 === 0)
      .flatMap(([w]) => [w.slice(0, -1), `${w}q`, `${w}zz`, `a${w}`])
      .filter((w) => w !== '' && w === w.toLowerCase() && !inTable.has(w));
    expect(probes.length).toBeGreaterThan(1000);
    expect(probes.filter((w) => classify(w) !== 'unknown')).toEqual([]);
  });

  it('decodes the front-coded table to sorted, distinct words', () => {
    const unsorted = entries.filter((e, i) => i > 0 && !(entries[i - 1][0] < e[0]));
    expect(unsorted).toEqual([]);
    expect(entries.slice(0, 3).map(([w]) => w)).toEqual(
      entries
        .slice(0, 3)
        .map(([w]) => w)
        .sort(),
    );
  });

  it('classifies capitalized words by their lower case', () => {
    expect(classify('Maria')).toBe(classify('maria'));
    expect(classify('Maria')).toBe('given');
    expect(classify('Monday')).toBe('common');
  });
});
