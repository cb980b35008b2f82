import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProjects } from '../../lib/config';
import { sharedComplianceRun } from '../support/compliance-run';

const ROOT = path.join(__dirname, '..', '..');

// The evidence reports are committed so that a pull request shows how a change moves the evidence.
// Compared with what the real `npm run compliance` wrote in this jest run (test/support/compliance-run.ts).
describe('committed evidence reports', () => {
  const projects = loadProjects(path.join(ROOT, 'projects'));

  test.each(projects.map((p) => p.config.name))(
    'reports/evidence-%s.md is what `npm run compliance` writes today',
    (name) => {
      const run = sharedComplianceRun();
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const committed = fs.readFileSync(path.join(ROOT, 'reports', `evidence-${name}.md`), 'utf8');
      expect(fs.readFileSync(path.join(run.reports, `evidence-${name}.md`), 'utf8')).toBe(committed);
    },
  );
});
