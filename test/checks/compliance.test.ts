import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { CONTROLS } from '../../lib/checks/controls';
import { idleCost } from '../../lib/checks/idle-cost';
import { ComplianceRun, FIXTURE_PROJECT, sharedComplianceRun } from '../support/compliance-run';

const ROOT = path.join(__dirname, '..', '..');
// The real `npm run compliance` process on the tests' own project (the example fixture as project
// `fixture`), run once per jest run (test/support/compliance-run.ts); the same run may check the
// repository's projects beside it for test/checks/evidence-committed.test.ts.
const NAME = FIXTURE_PROJECT.name;
let run: ComplianceRun;
let out: string;
let evidence: string;

beforeAll(() => {
  run = sharedComplianceRun(NAME);
  out = run.reports;
  evidence = fs.readFileSync(path.join(out, `evidence-${NAME}.md`), 'utf8');
});

test('npm run compliance writes one report per format and the evidence per project, and exits 0', () => {
  expect(`exit ${run.status}\n${run.stderr}`).toMatch(/^exit 0\n/);
  expect(run.projects).toContain(NAME);
  expect(fs.readdirSync(out).sort()).toEqual(
    [
      ...run.projects.map((p) => `evidence-${p}.md`),
      'isotrain-check.json',
      'isotrain-check.junit.xml',
      'isotrain-check.sarif',
      'isotrain-check.txt',
    ].sort(),
  );
  expect(JSON.parse(fs.readFileSync(path.join(out, 'isotrain-check.sarif'), 'utf8')).version).toBe('2.1.0');
});

test('the evidence names every control, the resources by logical ID and the rules that proved them', () => {
  for (const [n, title] of Object.entries(CONTROLS)) expect(evidence).toContain(`### ${n}. ${title}`);
  expect(evidence).toMatch(/\*\*Isolation-S3VPCE\*\* fails when:/);
  expect(evidence).toMatch(
    new RegExp(`\\| ${NAME}-Data \\| \`TrainingData[0-9A-F]{8}\` \\| AWS::S3::Bucket \\| pass \\|`),
  );
  expect(evidence).toMatch(/- Result: \*\*PASS\*\*/);
});

test('the evidence lists every acknowledgment with its reason', () => {
  const acks = evidence.split('## Acknowledgments')[1];
  expect(acks).toMatch(
    new RegExp(
      `\\| ${NAME}-Network \\| \`NetworkVpc[0-9A-F]{8}\` \\| HIPAA\\.Security-VPCDefaultSecurityGroupClosed \\| restrictDefaultSecurityGroup is on`,
    ),
  );
  expect(acks).toMatch(/\| s3_bucket_object_lock_enabled_check \| Training data/);
  expect(acks).not.toMatch(/\| Isolation-/);
});

test('the idle cost of a project is under $5 a month, with the unit prices it assumed', () => {
  const total = Number(/\*\*Total: \$([0-9.]+) a month\*\* in the keys' first year/.exec(evidence)![1]);
  expect(total).toBeLessThan(5);
  expect(evidence).toMatch(/\$1\.00 per key-month/);
  expect(evidence).toMatch(/730 hours a month/);
});

test('interface endpoints and a NAT gateway are priced per AZ and per hour', () => {
  const cost = idleCost([
    {
      Resources: {
        Sts: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] },
        },
        Nat: { Type: 'AWS::EC2::NatGateway' },
        Key: { Type: 'AWS::KMS::Key' },
      },
    },
  ]);
  expect(cost.lines.map((l) => [l.item, l.monthly])).toEqual([
    ['KMS customer-managed keys', 1],
    ['Interface VPC endpoints (per endpoint per AZ)', 14.6],
    ['NAT gateways', 32.85],
  ]);
  expect(cost.total).toBe(48.45);
});

test('the example workflow runs compliance on pull requests and publishes the SARIF and JUnit files it writes', () => {
  const wf = YAML.parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'compliance.yml'), 'utf8'));
  expect(Object.keys(wf.on)).toContain('pull_request');
  const steps = wf.jobs.compliance.steps as { uses?: string; run?: string; with?: Record<string, string> }[];
  expect(steps.some((s) => s.run === 'npm run compliance')).toBe(true);
  expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!.with!.sarif_file).toBe(
    'reports/isotrain-check.sarif',
  );
  expect(steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!.with!.report_paths).toBe(
    'reports/isotrain-check.junit.xml',
  );
});
