import * as path from 'node:path';
import { checkProjects } from '../../lib/checked-app';
import { CheckProgress, CheckReport } from '../../lib/checks/findings';
import { render } from '../../lib/checks/reporters';
import * as fs from 'node:fs';
import { parse } from 'yaml';
import { LoadedProject, ProjectSchema } from '../../lib/config';
import { CDK_CONTEXT } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'projects', 'short-logs');
const FILE = 'test/fixtures/projects/short-logs/legal.yaml';
/** The line of `logDays: 90` in the fixture. */
const LOG_DAYS_LINE = 13;

// One project with `retention.logDays: 90`, which Control Tower refuses. The schema refuses it too
// (test/config/gate.test.ts); the config is built past the schema, as a project file written for an
// older isotrain would be, to prove the reports still point at the field's line.
function shortLogs(): LoadedProject[] {
  const file = path.join(DIR, 'legal.yaml');
  const raw = parse(fs.readFileSync(file, 'utf8')) as { retention: { logDays: number } };
  const config = ProjectSchema.parse({ ...raw, retention: { ...raw.retention, logDays: 365 } });
  return [
    { file, config: { ...config, retention: { ...config.retention, logDays: raw.retention.logDays } } },
  ];
}
let report: CheckReport;
const progress: CheckProgress[] = [];
beforeAll(() => {
  report = checkProjects(shortLogs(), CDK_CONTEXT, {
    cfnLint: false,
    onProgress: (p) => progress.push(p),
  });
});

test('a finding that comes from a project-file value points at the line of that field', () => {
  const retention = report.findings.filter(
    (f) => f.rule === 'ControlTower-cloudwatch_log_group_retention_period_check',
  );
  expect(retention.length).toBeGreaterThanOrEqual(3);
  for (const f of retention) {
    expect(path.relative(ROOT, f.file!)).toBe(FILE);
    expect(f.line).toBe(LOG_DAYS_LINE);
    expect(f.info).toMatch(
      /^retention\.logDays: expected at least 365 \(Control Tower CT\.CLOUDWATCH\.PR\.2\), got 90\. /,
    );
    expect(f.explanation).toBe('Set retention.logDays in the project file to at least 365.');
  }
  // Only that value is wrong in this project: Control Tower and Isolation-LOG2 (at least a year for
  // flow, DNS and trail logs) both judge it, on the same log groups, and Isolation-S3LIFE on the
  // access-log bucket, whose logs expire after it.
  const base = (rule: string) => rule.replace(/\[.*$/, '');
  expect(new Set(report.findings.map((f) => base(f.rule)))).toEqual(
    new Set([
      'ControlTower-cloudwatch_log_group_retention_period_check',
      'Isolation-LOG2',
      'Isolation-S3LIFE',
    ]),
  );
  const lifecycle = report.findings.filter((f) => base(f.rule) === 'Isolation-S3LIFE');
  expect(lifecycle.map((f) => [f.logicalId, path.relative(ROOT, f.file!)])).toEqual([
    [expect.stringMatching(/^AccessLogs/), FILE],
  ]);
  expect(lifecycle[0].rule).toMatch(/90/);
  const groups = (rule: string) =>
    new Set(report.findings.filter((f) => base(f.rule) === rule).map((f) => `${f.stackName}/${f.logicalId}`));
  expect(groups('Isolation-LOG2')).toEqual(
    groups('ControlTower-cloudwatch_log_group_retention_period_check'),
  );
});

test('text and SARIF reports point at the field, not line 1', () => {
  expect(render(report, 'text', ROOT)).toContain(`${FILE}:${LOG_DAYS_LINE}`);
  const results = JSON.parse(render(report, 'sarif', ROOT)).runs[0].results as any[];
  // Findings only: the job log groups' acknowledged (suppressed) results sit on their templates.
  const located = results.filter(
    (r) => r.ruleId === 'ControlTower-cloudwatch_log_group_retention_period_check' && !r.suppressions,
  );
  expect(located.length).toBeGreaterThan(0);
  for (const r of located) {
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: FILE, uriBaseId: '%SRCROOT%' },
      region: { startLine: LOG_DAYS_LINE },
    });
  }
});

test('the check reports its progress, step by step', () => {
  const steps = progress.map((p) => p.step);
  expect(steps.slice(0, 2)).toEqual(['synth', 'include']);
  expect(steps).toEqual(expect.arrayContaining(['AwsSolutions', 'Isolation', 'wait:ControlTower', 'report']));
  expect(steps.indexOf('Isolation')).toBeLessThan(steps.indexOf('wait:ControlTower'));
  expect(progress[0].message).toBe('synthesizing 1 project(s)');
});
