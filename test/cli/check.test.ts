import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCfnLint } from '../../lib/checks/cfn-lint';
import { checkTemplates } from '../../lib/checks/run';
import { PROJECTS, ROOT, runIn } from './support';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-check-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `isotrain check` in-process from the repository root; the app's projects are the fixture's. */
async function run(args: string[], env: NodeJS.ProcessEnv = { ISOTRAIN_PROJECTS_DIR: PROJECTS }) {
  const { code, stdout, stderr } = await runIn(['check', ...args], { env, cwd: ROOT });
  return { code, out: stdout, err: stderr };
}

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const IGW_JSON = JSON.stringify({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
  },
});
const IGW_YAML = `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !GetAtt Igw.InternetGatewayId
`;

describe('isotrain check on this app', () => {
  test('exits 0 with every pack, Control Tower and cfn-lint', async () => {
    const r = await run(['--projects-dir', PROJECTS], {});
    // stderr carries progress only (plain lines when it is not a terminal), never a problem.
    const lines = r.err.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !/^isotrain check: [a-z]/.test(l))).toEqual([]);
    expect(r.out).toMatch(
      /OK: no findings\. .* checked with AwsSolutions, HIPAA\.Security, NIST\.800\.53\.R5, PCI\.DSS\.321, Isolation, ControlTower/,
    );
    expect(r.code).toBe(0);
  });

  test('--project names one of the projects', async () => {
    const unknown = await run(['--project', 'nope', '--no-cfn-lint']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--project: expected one of the projects in .*\(legal\), got "nope"/);
  });

  test('exits 2 with the problems when a project file is invalid', async () => {
    const projects = fs.mkdtempSync(path.join(dir, 'projects-'));
    fs.writeFileSync(path.join(projects, 'bad.yaml'), 'name: Bad Name\n');
    const r = await run(['--no-control-tower', '--no-cfn-lint'], { ISOTRAIN_PROJECTS_DIR: projects });
    expect(r.err).toMatch(/the project files have problems/);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('isotrain check --template', () => {
  test('exits 1 on a template with an internet gateway, grouped by resource with the fix', async () => {
    const r = await run(['--template', file('igw.json', IGW_JSON), '--no-cfn-lint']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/igw \/ Igw \(AWS::EC2::InternetGateway\)/);
    expect(r.out).toMatch(/✗ Isolation-NET1\n\s+The template creates a gateway.*\n\s+fix: /);
    expect(r.out).toMatch(/FAILED: \d+ finding\(s\)/);
  });

  test('reads YAML with CloudFormation short forms', async () => {
    const r = await run([
      '--template',
      file('igw.yaml', IGW_YAML),
      '--no-cfn-lint',
      '--no-control-tower',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const flagged = JSON.parse(r.out).findings.filter((f: { rule: string }) => f.rule === 'Isolation-NET1');
    expect(flagged.map((f: { logicalId: string }) => f.logicalId).sort()).toEqual(['Attach', 'Igw']);
  });

  test('exits 2 on a file that is not a template, without a stack trace', async () => {
    const r = await run(['--template', file('notes.yaml', 'title: not a template\n')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/notes\.yaml: not a CloudFormation template/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('exits 2 on a file that is not JSON or YAML', async () => {
    const r = await run(['--template', file('broken.json', '{"Resources": {')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json: not valid JSON or YAML/);
  });

  test('exits 2 on an unreadable file', async () => {
    const r = await run(['--template', path.join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing\.json: cannot read the template \(ENOENT\)/);
  });

  test('exits 2 on a reference to a resource the template does not have', async () => {
    const bad = JSON.stringify({
      Resources: {
        P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Nope' }, PolicyDocument: {} } },
      },
    });
    const r = await run(['--template', file('dangling.json', bad)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dangling\.json: not a valid CloudFormation template/);
  });

  test('resolves references between the templates it is given', () => {
    const producer = file(
      'producer.json',
      JSON.stringify({
        Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: {} } },
        Outputs: { DataName: { Value: { Ref: 'Data' }, Export: { Name: 'data-bucket' } } },
      }),
    );
    const consumer = file(
      'consumer.json',
      JSON.stringify({
        Resources: {
          Policy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: { 'Fn::ImportValue': 'data-bucket' },
              PolicyDocument: {
                Statement: [
                  {
                    Effect: 'Deny',
                    Principal: { AWS: '*' },
                    Action: 's3:*',
                    Resource: '*',
                    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                  },
                ],
              },
            },
          },
        },
      }),
    );
    const opts = { packs: 'isolation' as const, controlTower: false, cfnLint: false };
    const rules = (files: string[]) => checkTemplates(files, opts).findings.map((f) => f.rule);
    expect(rules([producer])).toContain('Isolation-S3TLS');
    expect(rules([producer, consumer])).not.toContain('Isolation-S3TLS');
  });
});

describe('report formats', () => {
  let igw: string;
  beforeAll(() => (igw = file('igw-formats.json', IGW_JSON)));

  test('json: findings with rule, explanation and location (--json is --format json)', async () => {
    const r = await run(['--template', igw, '--format', 'json', '--no-cfn-lint', '--no-control-tower']);
    const report = JSON.parse(r.out);
    const viaJson = await run(['--template', igw, '--json', '--no-cfn-lint', '--no-control-tower']);
    expect(JSON.parse(viaJson.out).findings).toEqual(report.findings);
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toEqual(
      expect.objectContaining({
        rule: expect.any(String),
        explanation: expect.any(String),
        logicalId: expect.any(String),
      }),
    );
  });

  test('junit: one suite per pack, a failing case per finding', async () => {
    const r = await run(['--template', igw, '--format', 'junit', '--no-cfn-lint', '--no-control-tower']);
    expect(r.out).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="isotrain check" tests="\d+" failures="[1-9]\d*"/,
    );
    expect(r.out).toMatch(/<testsuite name="Isolation" tests="\d+" failures="[1-9]\d*"/);
    expect(r.out).toMatch(/<failure message="[^"]+" type="Isolation-NET1">/);
  });

  test('sarif: 2.1.0 with rules, levels and a physical location per result', async () => {
    const r = await run(['--template', igw, '--format', 'sarif', '--no-cfn-lint', '--no-control-tower']);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run0 = sarif.runs[0];
    const net1 = 'Isolation-NET1';
    expect(run0.tool.driver.rules.map((x: { id: string }) => x.id)).toContain(net1);
    const result = run0.results.find((x: { ruleId: string }) => x.ruleId === net1);
    expect(result.level).toBe('error');
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(net1);
    const loc = result.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toMatch(/^(file:\/\/\/|[^/])/);
    expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
  });

  test('--out writes the report and says so on stderr', async () => {
    const out = path.join(dir, 'out', 'report.sarif');
    const r = await run([
      '--template',
      igw,
      '--format',
      'sarif',
      '--out',
      out,
      '--no-cfn-lint',
      '--no-control-tower',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/sarif report written to/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });
});

describe('usage', () => {
  test('exits 2 on an unknown format', async () => {
    const r = await run(['--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format must be one of text, json, junit, sarif, got 'xml'/);
  });

  test('exits 2 on a file given without --template', async () => {
    const r = await run(['template.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/did you mean --template template\.json/);
  });

  test('exits 2 when --json contradicts --format', async () => {
    const r = await run(['--json', '--format', 'sarif']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--json prints the json format; it contradicts --format sarif/);
  });
});

describe('cfn-lint', () => {
  test('says plainly when it is not installed', () => {
    expect(runCfnLint(['x.json'], 'isotrain-no-such-cfn-lint').available).toBe(false);
    const report = checkTemplates([file('igw-lint.json', IGW_JSON)], {
      packs: 'isolation',
      controlTower: false,
      cfnLintCommand: 'isotrain-no-such-cfn-lint',
    });
    expect(report.notes.join('\n')).toMatch(/cfn-lint is not installed/);
  });

  test('runs when installed and reports its errors as findings', () => {
    const bad = file(
      'lint-bad.json',
      JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { NoSuchProperty: 1 } } } }),
    );
    const report = checkTemplates([bad], { packs: 'isolation', controlTower: false });
    expect(report.notes.join('\n')).toMatch(/cfn-lint .* linted 1 template/);
    expect(report.findings.map((f) => f.rule)).toContain('cfn-lint-E3002');
  });
});
