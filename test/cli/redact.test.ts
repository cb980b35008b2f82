import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runIn } from './support';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'redact');
const PROJECTS = path.join(FIXTURES, 'projects');
const OUTPUTS = path.join(FIXTURES, 'outputs.json');
const NOW = () => new Date('2026-11-30T12:00:00Z');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-cli-redact-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PLANTED = [
  'Maria Lopez',
  'maria.lopez@example.com',
  '+44 20 7946 0958',
  '4111 1111 1111 1111',
  '536-90-4399',
];

describe('isotrain redact --local', () => {
  it('writes the redacted JSONL file and a report of counts per type and field, without values', async () => {
    const input = path.join(dir, 'chats.jsonl');
    fs.writeFileSync(
      input,
      [
        { id: 1, messages: [{ text: 'Hi, I am Maria Lopez, maria.lopez@example.com' }] },
        {
          id: 2,
          messages: [{ text: 'Call me on +44 20 7946 0958; card 4111 1111 1111 1111' }],
          note: 'SSN 536-90-4399',
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const r = await runIn(['redact', '--local', input, path.join(dir, 'out.jsonl'), '--pseudonyms'], {
      cwd: dir,
    });
    expect(r.stderr).toMatch(/redacted .*chats\.jsonl into .*out\.jsonl: 2 record\(s\)/);
    expect(r.code).toBe(0);
    const out = fs.readFileSync(path.join(dir, 'out.jsonl'), 'utf8');
    const report = fs.readFileSync(path.join(dir, 'out.jsonl.report.json'), 'utf8');
    expect(out).toContain('[PERSON_1]');
    expect(out).toContain('[EMAIL_1]');
    expect(JSON.parse(out.split('\n')[1]).id).toBe(2);
    const parsed = JSON.parse(report) as { files: { fields: Record<string, Record<string, number>> }[] };
    expect(parsed.files[0].fields['messages[].text']).toMatchObject({
      PERSON: 1,
      EMAIL: 1,
      PHONE: 1,
      CARD_NUMBER: 1,
    });
    expect(parsed.files[0].fields.note).toEqual({ GOVERNMENT_ID: 1 });
    for (const value of PLANTED) {
      expect(out).not.toContain(value);
      expect(report).not.toContain(value);
      expect(r.stdout + r.stderr).not.toContain(value);
    }
  });

  it('redacts CSV and plain text too, with placeholders by default', async () => {
    fs.writeFileSync(path.join(dir, 'people.csv'), 'name,contact\nMaria Lopez,maria.lopez@example.com\n');
    fs.writeFileSync(path.join(dir, 'note.txt'), 'Patient: Maria Lopez\nDOB: 12/03/1985\n');
    expect((await runIn(['redact', '--local', 'people.csv', 'people.out.csv'], { cwd: dir })).code).toBe(0);
    expect((await runIn(['redact', '--local', 'note.txt', 'note.out.txt'], { cwd: dir })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'people.out.csv'), 'utf8')).toBe(
      'name,contact\n[PERSON],[EMAIL]\n',
    );
    expect(fs.readFileSync(path.join(dir, 'note.out.txt'), 'utf8')).toBe(
      'Patient: [PERSON]\nDOB: [DATE_OF_BIRTH]\n',
    );
  });

  it('fails with exit 2 naming file and line on bad input, writing nothing and quoting nothing', async () => {
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"text":"Maria Lopez"}\n{"text": Maria Lopez}\n');
    const r = await runIn(['redact', '--local', 'bad.jsonl', 'bad.out.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl: line 2: expected a JSON value/);
    expect(r.stderr).not.toContain('Maria');
    expect(fs.existsSync(path.join(dir, 'bad.out.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'bad.out.jsonl.report.json'))).toBe(false);
  });

  it('fails with exit 2 naming every bad flag at once', async () => {
    fs.writeFileSync(path.join(dir, 'ok.jsonl'), '{"text":"x"}\n');
    const r = await runIn(
      ['redact', '--local', 'ok.jsonl', 'ok.out.jsonl', '--types', 'EMAIL,NAMES', '--format', 'xml'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('command line: --types: expected entity types from EMAIL, PERSON');
    expect(r.stderr).toContain('got "EMAIL,NAMES"');
    expect(r.stderr).toContain('command line: --format: expected one of auto, jsonl, csv, text, got "xml"');
  });

  it('fails with exit 2 when --local is not given IN and OUT', async () => {
    const r = await runIn(['redact', '--local', 'only.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--local takes IN and OUT, got 1 path/);
  });
});

/** `isotrain redact --project legal … --dry-run`, with the fixture project and outputs unless told otherwise. */
function dryRunArgv(
  { input = 'datasets/contracts/', output = 'redacted/contracts/', projectsDir = PROJECTS } = {},
  ...extra: string[]
): string[] {
  return [
    'redact',
    '--project',
    'legal',
    '--projects-dir',
    projectsDir,
    '--outputs-file',
    OUTPUTS,
    '--input',
    input,
    '--output',
    output,
    '--dry-run',
    ...extra,
  ];
}

describe('isotrain redact --project --dry-run', () => {
  const dryRun = (...extra: string[]) =>
    runIn(dryRunArgv({}, '--json', ...extra), {
      deps: { now: NOW },
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });

  it('prints the CreateProcessingJob request under every training guardrail and calls nothing', async () => {
    const r = await dryRun('--pseudonyms');
    expect(r.stderr).toContain('dry run: nothing was sent');
    expect(r.code).toBe(0);
    const request = JSON.parse(r.stdout);
    expect(request).toMatchObject({
      ProcessingJobName: expect.stringMatching(/^legal--redact-20261130120000-[0-9a-f]{4}$/),
      RoleArn: 'arn:aws:iam::123456789012:role/legal-Data-RedactionRole-CLI',
      AppSpecification: {
        ImageUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/isotrain/redactor@sha256:${'cd'.repeat(32)}`,
      },
      ProcessingResources: {
        ClusterConfig: {
          InstanceCount: 1,
          InstanceType: 'ml.g5.2xlarge',
          VolumeKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        },
      },
      ProcessingInputs: [
        {
          S3Input: {
            S3Uri: 's3://legal-trainingdata-cli/datasets/contracts/',
            LocalPath: '/opt/ml/processing/input/data',
          },
        },
      ],
      NetworkConfig: {
        EnableNetworkIsolation: true,
        EnableInterContainerTrafficEncryption: true,
        VpcConfig: {
          Subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
          SecurityGroupIds: ['sg-0a1b2c3d4e5f60003'],
        },
      },
      ProcessingOutputConfig: {
        KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        Outputs: [
          {
            S3Output: {
              S3Uri: expect.stringMatching(
                /^s3:\/\/legal-trainingdata-cli\/redacted\/contracts\/legal--redact-/,
              ),
            },
          },
        ],
      },
      Environment: { ISOTRAIN_REDACT_PSEUDONYMS: 'true', ISOTRAIN_REDACT_FORMAT: 'auto' },
    });
    expect(r.stderr).toMatch(
      /training would read redacted\/contracts\/legal--redact-20261130120000-[0-9a-f]{4}\/data\//,
    );
  });

  it('fails with exit 2 naming each bad value: raw input elsewhere, output outside redacted/, instance type outside the allowlist', async () => {
    const r = await runIn(
      dryRunArgv(
        { input: 's3://someone-elses-bucket/datasets/x/', output: 'code/' },
        '--instance-type',
        'ml.p5.48xlarge',
      ),
      { deps: { now: NOW } },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "command line: --input: expected a raw upload prefix in the project's data bucket",
    );
    expect(r.stderr).toContain('got "s3://someone-elses-bucket/datasets/x/"');
    expect(r.stderr).toContain('command line: --output: expected a prefix for redacted data');
    expect(r.stderr).toContain("command line: --instance-type: expected one of the project's instance types");
  });

  it("fails with exit 2 when the output lies among another job's redacted files (its report could never be read)", async () => {
    const inside = 'redacted/contracts/legal--redact-20261130120000-abcd/data/again/';
    const r = await runIn(dryRunArgv({ output: inside }), { deps: { now: NOW } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "command line: --output: expected a prefix outside every redaction job's redacted files (.../<job>/data/...)",
    );
    expect(r.stderr).toContain(`got "${inside}"`);
  });

  it('fails with exit 2 naming redaction.image when the project file pins no redactor', async () => {
    const r = await runIn(
      dryRunArgv({ projectsDir: path.join(ROOT, 'test', 'fixtures', 'cli', 'projects') }),
      { deps: { now: NOW } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/legal\.yaml: redaction\.image: expected the redactor image pinned by digest/);
  });
});
