/**
 * `isotrain check` on the fixture project with one endpoint (issue 12), through the library, once:
 * every pack, the Control Tower controls and cfn-lint must find nothing.
 */
import * as path from 'node:path';
import { checkProjects } from '../../lib/checked-app';
import { evidenceReport } from '../../lib/checks/evidence';
import { loadProjects } from '../../lib/config/load';
import { CDK_CONTEXT } from '../helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'serving', 'projects');

test('the project with an endpoint passes every pack, Control Tower and cfn-lint', () => {
  const report = checkProjects(loadProjects(FIXTURE), CDK_CONTEXT);
  expect(report.findings.map((f) => `${f.rule} ${JSON.stringify(f).slice(0, 300)}`)).toEqual([]);
  // The idle cost shows the endpoint's instances apart: one ml.m5.xlarge, all month.
  const cost = report.idleCost.legal;
  expect(cost.serving).toEqual([
    expect.objectContaining({
      item: 'SageMaker endpoint instances (ml.m5.xlarge)',
      quantity: 1,
      monthly: 167.9,
    }),
  ]);
  expect(cost.servingTotal).toBe(167.9);
  expect(cost.lines.map((l) => l.item).join('\n')).not.toMatch(/SageMaker/);
  expect(cost.assumptions.join('\n')).toMatch(/Serving \(apart\)/);
  expect(evidenceReport(report, 'legal')).toMatch(
    /### Serving \(billed apart\)[\s\S]*\*\*Serving: \$167\.90 a month\*\*/,
  );
});
