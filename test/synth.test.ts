/**
 * The README's main command, run for real: `npx cdk synth` through the CDK CLI, offline, on project
 * directories of the tests' own (the example fixture, test/support/fixture-projects.ts), so it holds
 * whatever the repository's projects/ holds. Each case writes to its own output directory. A real
 * synth of a project costs about 20 CPU-seconds, so the clean run has the example and a second
 * project at once.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_FIXTURE, exampleAs, projectsDir } from './support/fixture-projects';

const ROOT = path.join(__dirname, '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

function cdkSynth(projectsDir: string, app?: string, extraEnv: NodeJS.ProcessEnv = {}): Run {
  return cdk(['synth', '--quiet'], projectsDir, app, extraEnv);
}

function cdk(command: string[], projectsDir: string, app?: string, extraEnv: NodeJS.ProcessEnv = {}): Run {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-cdk-out-'));
  const args = ['cdk', ...command, '-o', out, ...(app ? ['--app', app] : [])];
  // No AWS credentials or endpoints exist here; the CLI must not need them.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ISOTRAIN_PROJECTS_DIR: projectsDir,
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
  };
  delete env.AWS_PROFILE;
  // The jest run turns CDK's built-in template validation and creation traces off (test/support/global-setup.ts); users have them on.
  delete env.CDK_VALIDATION;
  delete env.CDK_CONTEXT_JSON;
  Object.assign(env, extraEnv);
  const r = spawnSync('npx', args, { cwd: ROOT, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

/** The example fixture, and these project files beside it. */
function copyProjects(extra: Record<string, string> = {}): string {
  return projectsDir({ 'example.yaml': fs.readFileSync(EXAMPLE_FIXTURE, 'utf8'), ...extra });
}

function templates(out: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  return Object.values(manifest.artifacts as Record<string, any>)
    .filter((a) => a.type === 'cdk:cloud-assembly')
    .flatMap((a) => {
      const nested = path.join(out, a.properties.directoryName);
      return fs
        .readdirSync(nested)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => path.join(nested, f));
    });
}

const SECOND_PROJECT = exampleAs({ name: 'legal', account: '444455556666', cidr: '10.41.0.0/16' });

describe('npx cdk synth', () => {
  let clean: Run;
  beforeAll(() => {
    clean = cdkSynth(copyProjects({ 'legal.yaml': SECOND_PROJECT }));
  });

  test('exits 0 on the example project and writes a template per project stack', () => {
    expect(clean.stderr).not.toMatch(/ERROR/);
    // A plain synth synthesizes every project: nothing to explain about selectors.
    expect(clean.stderr).not.toMatch(/without a stack selector/);
    // What the CLI's closing "Supply a stack id ()" means here, said by the app.
    expect(clean.stderr).toMatch(/^isotrain: synthesized example \(\d+ stacks\), legal \(\d+ stacks\)/m);
    expect(clean.stderr).toMatch(/^ {2}npx cdk synth 'example\/\w+'$/m);
    expect(clean.status).toBe(0);
    expect(
      templates(clean.out)
        .map((t) => path.basename(t).replace(/[0-9A-F]{8}\.template\.json$/, ''))
        .sort(),
    ).toEqual(expect.arrayContaining(['exampleData', 'exampleKeys', 'exampleNetwork']));
  });

  test('needs no context lookups: the manifests list nothing missing', () => {
    const manifests = [
      path.join(clean.out, 'manifest.json'),
      ...templates(clean.out).map((t) => path.join(path.dirname(t), 'manifest.json')),
    ];
    for (const m of new Set(manifests))
      expect(JSON.parse(fs.readFileSync(m, 'utf8')).missing).toBeUndefined();
  });

  test('leaves no failing validation report', () => {
    const report = JSON.parse(fs.readFileSync(path.join(clean.out, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.filter((r: any) => r.conclusion === 'failure')).toEqual([]);
  });

  test('cfn-lint reports no error on any template', () => {
    const r = spawnSync('cfn-lint', ['--format', 'parseable', ...templates(clean.out)], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
    const errors = r.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    expect(errors).toEqual([]);
    expect((r.status ?? 0) & 2).toBe(0);
  });

  test('fails when a project stack has a finding (plain synth, no stack selected)', () => {
    // CDK's own template validation is not what this case is about (the clean run has it on).
    const r = cdkSynth(copyProjects(), 'npx tsx test/fixtures/app-with-finding.ts', {
      CDK_VALIDATION: 'false',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/AwsSolutions-S1/);
    expect(r.stderr).toMatch(/example\/Data\/UnencryptedBucket/);
  });

  test('fails on a malformed project file, naming each bad field, before building anything', () => {
    const r = cdkSynth(
      copyProjects({
        'bad.yaml':
          'name: Bad\naccount: 12\nregion: eu-west-1\nnetwork:\n  cidr: 10.0.0.0/8\n  availabilityZones: [eu-west-1a]\ntags: {owner: x, dataClassification: secret}\ntraining: {ecrRepositories: []}\n',
      }),
    );
    expect(r.status).not.toBe(0);
    for (const field of [
      'name',
      'account',
      'network.cidr',
      'network.availabilityZones',
      'tags.dataClassification',
      'training.ecrRepositories',
    ]) {
      expect(r.stderr).toMatch(new RegExp(`bad\\.yaml: ${field.replace('.', '\\.')}: expected`));
    }
    expect(fs.existsSync(path.join(r.out, 'manifest.json'))).toBe(false);
  });

  test('a second project synthesizes beside the first', () => {
    expect(clean.status).toBe(0);
    const names = templates(clean.out).map((t) => path.basename(t));
    expect(names.filter((n) => n.startsWith('legal')).length).toBe(
      names.filter((n) => n.startsWith('example')).length,
    );
  });
});

describe('npx cdk diff without a stack selector', () => {
  // Offline and without credentials: the app stops before synthesizing, so the CLI never asks AWS.
  test('explains the Stage selector with the exact commands, and fails before synthesizing', () => {
    const r = cdk(['diff'], copyProjects());
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/`cdk diff` without a stack selector selects no stack/);
    expect(r.stderr).toContain("  npx cdk diff 'example/*'\n");
    expect(r.stderr).toContain("  npx cdk diff '**'\n");
    expect(fs.existsSync(path.join(r.out, 'manifest.json'))).toBe(false);
  });
});
