import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseProject } from '../../lib/config';
import { projectInput } from '../helpers';

/**
 * The gate says no at synth: a value the compliance checks would fail is refused by the project
 * schema, naming the field, the bound, the control and the value — never a CloudFormation finding
 * after a clean-looking synth.
 */
const ROOT = path.join(__dirname, '..', '..');
const FILE = 'projects/legal.yaml';

function problems(overrides: Record<string, unknown>): string[] {
  const input = { ...projectInput(), ...overrides };
  return parseProject(FILE, stringify(input)).problems.map((p) => `${p.field}: ${p.message}`);
}

describe('the project schema refuses what a compliance control would fail', () => {
  test.each([
    [
      { retention: { logDays: 90 } },
      'retention.logDays: expected at least 365 (Control Tower CT.CLOUDWATCH.PR.2), got 90',
    ],
    [
      { retention: { auditDays: 100 } },
      'retention.auditDays: expected at least 365 (Isolation-AUDIT1), got 100',
    ],
    [
      { retention: { jobLogDays: 365 } },
      'retention.jobLogDays: expected at most 90 (Isolation-LOG3), got 365',
    ],
    [
      { audit: { objectLockMode: 'GOVERNANCE' } },
      'audit.objectLockMode: expected COMPLIANCE (Isolation-AUDIT1: in GOVERNANCE mode anyone allowed s3:BypassGovernanceRetention can delete audit records, and the audit bucket policy does not deny it), got "GOVERNANCE"',
    ],
  ])('%j', (overrides, message) => {
    expect(problems(overrides)).toEqual([message]);
  });

  test('the bounds themselves are accepted', () => {
    expect(problems({ retention: { logDays: 365, auditDays: 365, jobLogDays: 90 } })).toEqual([]);
  });

  test('every problem at once, each once', () => {
    const found = problems({
      retention: { logDays: 90, auditDays: 100, jobLogDays: 365 },
      audit: { objectLockMode: 'GOVERNANCE' },
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'audit.objectLockMode',
      'retention.auditDays',
      'retention.jobLogDays',
      'retention.logDays',
    ]);
  });

  test('a value that is no retention CloudWatch accepts still says which ones are', () => {
    expect(problems({ retention: { logDays: 500 } })).toEqual([
      'retention.logDays: expected one of: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 500',
    ]);
  });
});

test('`retention.logDays: 90` fails `npx cdk synth`, naming the field and the control, and writes no template', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-gate-'));
  fs.mkdirSync(path.join(dir, 'projects'));
  fs.writeFileSync(
    path.join(dir, 'projects', 'legal.yaml'),
    stringify({ ...projectInput(), retention: { logDays: 90 } }),
  );
  const out = path.join(dir, 'cdk.out');
  const res = spawnSync('npx', ['cdk', 'synth', '--output', out], {
    cwd: ROOT,
    env: { ...process.env, ISOTRAIN_PROJECTS_DIR: path.join(dir, 'projects') },
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(res.status).not.toBe(0);
  expect(res.stderr).toMatch(
    /projects\/legal\.yaml: retention\.logDays: expected at least 365 \(Control Tower CT\.CLOUDWATCH\.PR\.2\), got 90/,
  );
  const templates = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')) : [];
  expect(templates).toEqual([]);
});
