import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCdkContext } from '../../lib/config/cdk-json';
import { evidenceReport } from '../../lib/checks/evidence';
import { checkProjects } from '../../lib/checked-app';
import { loadProjects } from '../../lib/config';

const ROOT = path.join(__dirname, '..', '..');

// The evidence reports are committed so that a pull request shows how a change moves the evidence.
describe('committed evidence reports', () => {
  const projects = loadProjects(path.join(ROOT, 'projects'));
  const report = checkProjects(projects, readCdkContext(ROOT));

  test.each(projects.map((p) => p.config.name))(
    'reports/evidence-%s.md is what `npm run compliance` writes today',
    (name) => {
      const committed = fs.readFileSync(path.join(ROOT, 'reports', `evidence-${name}.md`), 'utf8');
      expect(committed).toBe(evidenceReport(report, name));
    },
  );
});
