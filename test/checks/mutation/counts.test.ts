import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The mutant counts the README and docs state are the suites' own (test/support/count-mutants.ts). */
const ROOT = path.join(__dirname, '..', '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/\s+/g, ' ');

let counts: Record<string, number>;
let total: number;
beforeAll(() => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test', 'support', 'count-mutants.ts')],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_CONTEXT_JSON: undefined } },
  );
  expect(r.stderr).toBe('');
  counts = JSON.parse(r.stdout) as Record<string, number>;
  total = Object.values(counts).reduce((a, b) => a + b, 0);
});

test('every suite holds mutants', () => {
  expect(Object.keys(counts).length).toBeGreaterThanOrEqual(10);
  for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
});

test('the README states the total', () => {
  expect(read('README.md')).toContain(`each of ${total} single misconfigurations`);
});

test('docs/proving-isolation.md states the total and each suite', () => {
  const text = read('docs/proving-isolation.md');
  expect(text).toContain(`applies ${total} single misconfigurations`);
  for (const [suite, n] of Object.entries(counts))
    expect(text).toMatch(new RegExp(`\`${suite}(\\.test\\.ts)?\`,? \\(?${n}\\b`));
});

test('docs/controls.md states the total caught', () => {
  expect(read('docs/controls.md')).toContain(`${total} / ${total} mutants caught`);
});
