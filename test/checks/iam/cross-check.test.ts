/**
 * Our evaluator against an independent one (@cloud-copilot/iam-simulate) on a generated corpus. What is
 * left out of the corpus, and why, is listed in corpus.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../../lib/checks/iam';
import { Case, buildCorpus } from './corpus';
import { SimulatorAnswer, simulateAll } from './simulator';

const corpus: Case[] = buildCorpus();
let answers: SimulatorAnswer[];

beforeAll(async () => {
  answers = await simulateAll(corpus);
});

function ours(c: Case) {
  return evaluate(c.request, c.policies, c.kind ? { kind: c.kind } : {});
}

test('the corpus holds at least 400 cases and every family', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(400);
  const families = new Set(corpus.map((c) => c.family.split(':')[0]));
  expect([...families].sort()).toEqual(
    [
      'action',
      'anonymous',
      'condition',
      'guardrails',
      'kms',
      'notprincipal',
      'principal',
      'resource',
      'service',
      'session',
      'trust',
      'variables',
    ].sort(),
  );
});

test('the simulator answers every case without dropping any context key', () => {
  const problems = corpus.flatMap((c, i) =>
    answers[i].problem ? [`${c.family} / ${c.name}: ${answers[i].problem}`] : [],
  );
  expect(problems).toEqual([]);
});

test('the corpus is not one-sided: each decision occurs often in each large family', () => {
  const byFamily = new Map<string, Record<string, number>>();
  corpus.forEach((c, i) => {
    const family = c.family.split(':')[0];
    const counts = byFamily.get(family) ?? {};
    const d = answers[i].decision ?? 'none';
    counts[d] = (counts[d] ?? 0) + 1;
    byFamily.set(family, counts);
  });
  for (const family of ['condition', 'action', 'resource', 'principal']) {
    const counts = byFamily.get(family)!;
    expect({ family, allow: counts.Allow > 20, implicit: counts.ImplicitDeny > 20 }).toEqual({
      family,
      allow: true,
      implicit: true,
    });
  }
  const explicit = corpus.filter((_, i) => answers[i].decision === 'ExplicitDeny').length;
  expect(explicit).toBeGreaterThan(100);
});

test('both evaluators reach the same decision on every case, and ours is certain', () => {
  const disagreements = corpus.flatMap((c, i) => {
    const r = ours(c);
    const theirs = answers[i].decision;
    return r.decision === theirs && r.certain
      ? []
      : [
          `${c.family} / ${c.name}: ours ${r.decision}${r.certain ? '' : ' (uncertain)'}, simulator ${theirs}`,
        ];
  });
  expect(disagreements).toEqual([]);
});

test('nothing under lib/ imports the AGPL simulator (it is a devDependency for tests only)', () => {
  const lib = path.join(__dirname, '..', '..', '..', 'lib');
  const files = fs.readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(10);
  const imports = /(?:from|require\(|import\()\s*['"]@cloud-copilot\//;
  const offenders = files.filter((f) => imports.test(fs.readFileSync(path.join(lib, f), 'utf8')));
  expect(offenders).toEqual([]);
});
