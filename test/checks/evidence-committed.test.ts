import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProjects } from '../../lib/config';
import { committedEvidence, sharedComplianceRun } from '../support/compliance-run';
import { SHIPPED_PROJECTS } from '../support/fixture-projects';

const ROOT = path.join(__dirname, '..', '..');

// The evidence reports are committed so that a pull request shows how a change moves the evidence.
// This is about the repository's own projects, whatever projects/ holds: each project with a committed
// reports/evidence-<name>.md is compared with what the real `npm run compliance` wrote for it in this
// jest run (test/support/compliance-run.ts). A project without a committed report has nothing to
// compare (a repository that replaced the example has not written its own yet); a report without its
// project is not read.
describe('committed evidence reports', () => {
  const committed = committedEvidence();

  test('every shipped project with a committed report is compared, and the shared run checked it', () => {
    const shipped = loadProjects(SHIPPED_PROJECTS).map((p) => p.config.name);
    const withReport = shipped.filter((n) => fs.existsSync(path.join(ROOT, 'reports', `evidence-${n}.md`)));
    expect(committed.map((e) => e.name)).toEqual(withReport);
    for (const name of withReport) expect(sharedComplianceRun(name).projects).toContain(name);
  });

  for (const { name, evidenceFile } of committed) {
    test(`reports/evidence-${name}.md is what \`npm run compliance\` writes today`, () => {
      const run = sharedComplianceRun(name);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(fs.readFileSync(path.join(run.reports, `evidence-${name}.md`), 'utf8')).toBe(
        fs.readFileSync(evidenceFile, 'utf8'),
      );
    });
  }
});
