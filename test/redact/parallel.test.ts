import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { redactFile, RedactInputError } from '../../lib/redact';
import { OrderedBatches, type Finder } from '../../lib/redact/finder';
import { createRedactor } from '../../lib/redact/redactor';
import { WORKER_QUEUE, WorkerPool } from '../../lib/redact/worker-pool';
import type { Finding } from '../../lib/redact/types';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-redact-parallel-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, body: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, body);
  return p;
};

// Enough records for many batches, with entities repeating across them so pseudonym numbering is exercised.
const people = ['Maria Lopez', 'Jan Kowalczyk', 'Aino Virtanen', 'Pierre Dubois'];
const records = Array.from({ length: 800 }, (_, i) => {
  const who = people[i % people.length];
  return {
    id: i,
    text: `Ticket ${i}: ${who} wrote from ${who.split(' ')[0].toLowerCase()}${i % 7}@example.com, call +44 20 7946 0${String(100 + (i % 800)).padStart(3, '0')}. Card 4111 1111 1111 1111.`,
    meta: { agent: people[(i + 1) % people.length], tags: ['billing', `n${i}`] },
  };
});

describe('redacting in worker threads', () => {
  it.each([
    ['JSON Lines', 'in.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n'],
    ['CSV', 'in.csv', 'id,text\n' + records.map((r) => `${r.id},"${r.text}"`).join('\n') + '\n'],
    // Larger than one plain-text block (256 KB), so several blocks are in flight at once.
    [
      'plain text',
      'in.txt',
      records
        .map((r) => r.text)
        .join('\n\n')
        .repeat(3),
    ],
  ])(
    'writes %s byte for byte as one thread does, pseudonyms numbered in input order',
    async (_label, name, body) => {
      const input = write(name, body);
      const one = await redactFile(input, path.join(dir, `one-${name}`), { threads: 1, pseudonyms: true });
      const two = await redactFile(input, path.join(dir, `two-${name}`), { threads: 2, pseudonyms: true });
      const a = fs.readFileSync(path.join(dir, `one-${name}`), 'utf8');
      const b = fs.readFileSync(path.join(dir, `two-${name}`), 'utf8');
      expect(b).toBe(a);
      expect(a).toContain('[PERSON_1]');
      expect(a).not.toContain('Maria Lopez');
      expect(two.files[0].entities).toEqual(one.files[0].entities);
      expect(two.files[0].fields).toEqual(one.files[0].fields);
      expect(two.totals.distinctEntities).toEqual(one.totals.distinctEntities);
    },
  );

  it('still refuses bad input and writes nothing', async () => {
    const input = write('bad.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n{"text": nope}\n');
    const out = path.join(dir, 'bad-out.jsonl');
    await expect(redactFile(input, out, { threads: 2 })).rejects.toThrow(RedactInputError);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('fails when asked for a number of threads that is not a positive integer', async () => {
    const input = write('t.jsonl', '{"text":"x"}\n');
    await expect(redactFile(input, path.join(dir, 't-out.jsonl'), { threads: 0 })).rejects.toThrow(
      /threads: expected a positive integer, got 0/,
    );
  });
});

describe('WorkerPool with the calling thread searching too', () => {
  it('searches here once the worker has a full queue, with the same findings as one thread', async () => {
    const redactor = createRedactor();
    let here = 0;
    const pool = new WorkerPool(1, undefined, (texts) => {
      here++;
      return redactor.findAll(texts);
    });
    try {
      const batches = Array.from({ length: 12 }, (_, b) =>
        records.slice(b * 10, b * 10 + 10).map((r) => r.text),
      );
      // Submitted without waiting, as OrderedBatches does: the worker's queue fills, the rest are searched here.
      const found = await Promise.all(batches.map((texts) => pool.findAll(texts)));
      expect(here).toBeGreaterThan(0);
      expect(here).toBeLessThan(batches.length);
      expect(found).toEqual(batches.map((texts) => redactor.findAll(texts)));
    } finally {
      await pool.close();
    }
  });

  it('rejects the batch when searching here throws', async () => {
    const pool = new WorkerPool(1, undefined, () => {
      throw new Error('local search failed');
    });
    try {
      const calls = Array.from({ length: 6 }, () => pool.findAll(['Maria Lopez']));
      const settled = await Promise.allSettled(calls);
      expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(6 - WORKER_QUEUE);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(WORKER_QUEUE);
    } finally {
      await pool.close();
    }
  });
});

describe('OrderedBatches', () => {
  // A finder whose batches finish in reverse order: results must still be applied in submission order.
  const reversing = (): Finder => {
    let delay = 60;
    return {
      findAll: (texts) =>
        new Promise<Finding[][]>((resolve) => {
          setTimeout(() => resolve(texts.map(() => [])), (delay -= 20));
        }),
      close: () => Promise.resolve(),
    };
  };

  it('applies results in the order batches were submitted, whichever finishes first', async () => {
    const batches = new OrderedBatches(reversing(), 3);
    const applied: string[] = [];
    for (const name of ['a', 'b', 'c']) await batches.submit([name], () => void applied.push(name));
    expect(applied).toEqual([]); // all three still in flight: the window holds three
    await batches.drain();
    expect(applied).toEqual(['a', 'b', 'c']);
  });

  it('rethrows a failed batch when its turn comes', async () => {
    const failing: Finder = {
      findAll: () => Promise.reject(new Error('worker failed')),
      close: () => Promise.resolve(),
    };
    const batches = new OrderedBatches(failing, 2);
    await batches.submit(['x'], () => undefined);
    await expect(batches.drain()).rejects.toThrow('worker failed');
  });
});
