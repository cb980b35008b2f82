/**
 * `isotrain check` on the fixture project with one endpoint (issue 12), through the library, once:
 * every pack, the Control Tower controls and cfn-lint must find nothing.
 */
import * as path from 'node:path';
import { checkProjects } from '../../lib/checked-app';
import { loadProjects } from '../../lib/config/load';
import { CDK_CONTEXT } from '../helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'serving', 'projects');

test('the project with an endpoint passes every pack, Control Tower and cfn-lint', () => {
  const report = checkProjects(loadProjects(FIXTURE), CDK_CONTEXT);
  expect(report.findings.map((f) => `${f.rule} ${JSON.stringify(f).slice(0, 300)}`)).toEqual([]);
  const cost = report.idleCost.legal;
  expect(cost).toBeDefined();
});
