// `npx tsx bench/redact/findings.ts IN.jsonl OUT`: every finding of every record's text, one line per record,
// so a change meant only to make detection faster can be checked byte for byte (`diff` before and after).
// Texts go through `findAll` in batches of 64, as the worker threads search them.
import * as fs from 'node:fs';
import { createRedactor } from '../../lib/redact';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: findings.ts IN.jsonl OUT');
  process.exit(2);
}
const texts = fs
  .readFileSync(input, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const redactor = createRedactor();
const lines: string[] = [];
for (let i = 0; i < texts.length; i += 64) {
  for (const found of redactor.findAll(texts.slice(i, i + 64))) lines.push(JSON.stringify(found));
}
fs.writeFileSync(output, lines.join('\n') + '\n');
console.log(`${texts.length} records, ${lines.reduce((n, l) => n + (l === '[]' ? 0 : 1), 0)} with findings`);
