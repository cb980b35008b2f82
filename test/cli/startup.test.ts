import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OUTPUTS_FILE, PROJECTS, ROOT, SPEC } from './support';

/**
 * The CLI as users start it (node bin/isotrain.cjs), with a preload that lists every module the
 * process loaded. Help, the version, a dry run and status must not load aws-cdk-lib or cdk-nag;
 * `check` must (the positive control: the list would catch them).
 */
const PRELOAD = path.join(ROOT, 'bench', 'loaded-modules.cjs');
const CDK = /[/\\]node_modules[/\\](aws-cdk-lib|cdk-nag|constructs)[/\\]/;
const SDK = /[/\\]node_modules[/\\]@aws-sdk[/\\]/;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-startup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let runs = 0;
function start(args: string[], env: Record<string, string> = {}) {
  const list = path.join(work, `modules-${runs++}.json`);
  const r = spawnSync(
    process.execPath,
    ['--require', PRELOAD, path.join(ROOT, 'bin', 'isotrain.cjs'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work, ISOTRAIN_LOADED_MODULES_FILE: list, ...env },
    },
  );
  const modules = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules };
}

describe('isotrain starts without the CDK', () => {
  test('--help: the commands, nothing of the CDK or the SDK loaded', () => {
    const r = start(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: isotrain \[options\] \[command\]/);
    for (const command of [
      'check',
      'train',
      'status',
      'stop',
      'jobs',
      'runs',
      'show',
      'verify',
      'finalize',
      'evaluate',
      'release',
    ])
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(r.modules.filter((m) => CDK.test(m) || SDK.test(m))).toEqual([]);
  });

  test("--version prints package.json's version", () => {
    const r = start(['--version']);
    expect(r.code).toBe(0);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.modules.filter((m) => CDK.test(m) || SDK.test(m))).toEqual([]);
  });

  test("help train and train --help print train's own help", () => {
    for (const args of [
      ['help', 'train'],
      ['train', '--help'],
    ]) {
      const r = start(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: isotrain train \[options\]/);
      expect(r.stdout).toMatch(/--spec <file>/);
      expect(r.stdout).toMatch(/Global Options:[\s\S]*--poll-seconds <n>/);
      expect(r.modules.filter((m) => CDK.test(m))).toEqual([]);
    }
  });

  test('train --dry-run builds the request without the CDK, and without the SDK it never calls', () => {
    const r = start([
      'train',
      '--project',
      'legal',
      '--projects-dir',
      PROJECTS,
      '--spec',
      SPEC,
      '--outputs-file',
      OUTPUTS_FILE,
      '--dry-run',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ EnableNetworkIsolation: true });
    expect(r.modules.some((m) => m.endsWith(path.join('lib', 'launcher', 'request.ts')))).toBe(true);
    expect(r.modules.filter((m) => CDK.test(m) || SDK.test(m))).toEqual([]);
  });

  test('status runs without the CDK (here against an endpoint that refuses connections)', () => {
    const r = start(['status', 'nobody-job'], {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /isotrain status: sagemaker:DescribeTrainingJob: cannot reach the endpoint in eu-west-1 \(ECONNREFUSED/,
    );
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(r.modules.filter((m) => CDK.test(m))).toEqual([]);
  });

  test('check does load them: the module list would show a stray import', () => {
    const r = start(['check', '--template', path.join(work, 'none.json')]);
    expect(r.code).toBe(2);
    expect(r.modules.some((m) => CDK.test(m))).toBe(true);
  });
});
