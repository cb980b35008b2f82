import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `npm test` must pass in a repository whose projects/ holds the user's own projects instead of the
 * example (issue 11). So tests use project files of their own (test/support/fixture-projects.ts), and
 * only the tests about the repository's projects read projects/, each holding for whatever it holds.
 */
const ROOT = path.join(__dirname, '..', '..');

/** The files that may read the repository's project files, and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  'test/support/fixture-projects.ts':
    'names the directory (SHIPPED_PROJECTS) and the fixture copied from the example',
  'test/support/compliance-run.ts': 'checks the shipped projects that have a committed evidence report',
  'test/checks/evidence-committed.test.ts': 'compares each committed evidence report with its project',
  'test/config/load.test.ts': 'every project file of the repository loads, whatever they are',
};

/** Reading a project file of the repository's projects/: by name, through SHIPPED_PROJECTS, or by path. */
const READS_SHIPPED: readonly RegExp[] = [
  /projects['"`]?\s*[,/]\s*['"`]?example\.ya?ml/,
  /\bSHIPPED_PROJECTS\b/,
  // projects/ from the repository root (not test/fixtures/…), other than its generated schema.
  /join\(\s*(ROOT|__dirname(\s*,\s*'\.\.')+)\s*,\s*'projects'\s*(\)|,\s*(?!\s|'project\.schema\.json'))/,
];

export function readsShippedProjects(source: string): boolean {
  return READS_SHIPPED.some((r) => r.test(source));
}

function testFiles(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'test'), { recursive: true })
    .map((f) => path.join('test', String(f)))
    .filter((f) => /\.(ts|cjs|js)$/.test(f) && f !== path.join('test', 'lint', 'shipped-projects.test.ts'))
    .sort();
}

describe('tests do not depend on the repository’s projects/', () => {
  test('the guard recognises each way of reading them, and not the fixtures or the schema', () => {
    for (const reads of [
      "fs.copyFileSync(path.join(ROOT, 'projects', 'example.yaml'), to)",
      "const EXAMPLE = path.join(__dirname, '..', '..', 'projects', 'example.yaml');",
      "loadProjects(path.join(__dirname, '..', '..', 'projects'))",
      "spawnSync('cat', ['projects/example.yaml'])",
      'loadProjects(SHIPPED_PROJECTS)',
    ])
      expect([reads, readsShippedProjects(reads)]).toEqual([reads, true]);
    for (const fine of [
      "path.join(__dirname, '..', 'fixtures', 'projects', 'ok')",
      "path.join(ROOT, 'test', 'fixtures', 'projects', 'short-logs')",
      "path.join(__dirname, '..', '..', 'projects', 'project.schema.json')",
      "parseProject('projects/legal.yaml', text)",
    ])
      expect([fine, readsShippedProjects(fine)]).toEqual([fine, false]);
  });

  test('only the files about them read them', () => {
    const reading = testFiles().filter((f) =>
      readsShippedProjects(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(reading.filter((f) => !(f in ALLOWED))).toEqual([]);
    // A stale entry would let a file read them unnoticed after a rename.
    expect(Object.keys(ALLOWED).filter((f) => !reading.includes(f))).toEqual([]);
  });
});
