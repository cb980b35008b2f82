/**
 * Prints, as JSON, how many mutants each mutation suite holds (its exported MUTANTS), without running
 * any: jest's globals are stubbed, so importing a suite registers nothing. Run by
 * test/checks/mutation/counts.test.ts in a process of its own (a suite imported inside jest would
 * register its tests in the importing file).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const g = globalThis as Record<string, unknown>;
const noop = () => undefined;
for (const name of ['describe', 'test', 'it']) g[name] = Object.assign(noop, { each: () => noop });
for (const name of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'expect']) g[name] = noop;

const dir = path.join(__dirname, '..', 'checks', 'mutation');
const counts: Record<string, number> = {};
for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts') && f !== 'counts.test.ts')
  .sort()) {
  const suite = require(path.join(dir, file)) as { MUTANTS?: unknown[] };
  if (!Array.isArray(suite.MUTANTS)) throw new Error(`${file} exports no MUTANTS`);
  counts[file.replace(/\.test\.ts$/, '')] = suite.MUTANTS.length;
}
process.stdout.write(`${JSON.stringify(counts)}\n`);
