import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { lineGroups } from '../../lib/redact/formats/lines';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function withReadline(file: string): Promise<string[]> {
  const out: string[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) out.push(line);
  return out;
}

async function withLineGroups(file: string, chunkBytes: number): Promise<string[]> {
  const out: string[] = [];
  for await (const group of lineGroups(file, chunkBytes)) out.push(...group);
  return out;
}

describe('lineGroups', () => {
  it('splits every text as readline does, wherever the chunks end', async () => {
    let s = 5;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = ['a', 'b', '\n', '\r', '\r\n', 'é', '€', '😀', ' '];
    for (let i = 0; i < 150; i++) {
      let text = '';
      const len = Math.floor(rnd() * 40);
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const file = path.join(dir, `t${i}.txt`);
      fs.writeFileSync(file, text);
      const expected = await withReadline(file);
      for (const chunk of [1, 2, 3, 5, 64 * 1024]) {
        expect({ text, chunk, lines: await withLineGroups(file, chunk) }).toEqual({
          text,
          chunk,
          lines: expected,
        });
      }
    }
  });

  it('gives a file without line breaks as one line, and an empty file as none', async () => {
    const one = path.join(dir, 'one.txt');
    fs.writeFileSync(one, '{"a":1}');
    expect(await withLineGroups(one, 3)).toEqual(['{"a":1}']);
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '');
    expect(await withLineGroups(empty, 3)).toEqual([]);
  });
});
