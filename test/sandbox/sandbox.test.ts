import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PROJECT_OUTPUTS } from '../../lib/contract';
import { outputsFromFile } from '../../lib/aws/outputs-file';
import { EVAL_SPEC, PROJECTS, SPEC, runIn } from '../cli/support';
import { MotoServer, startMoto } from '../support/moto';

/**
 * `isotrain sandbox up` on a real moto_server it starts itself, then every command a newcomer runs
 * against it, with nothing but the environment `up` printed; `down` stops the server. The project
 * lives in an account that is not moto's default, so the account check passes only because the
 * sandbox made moto answer as the project's account.
 */
const ACCOUNT = '222233334444';
const REGION = 'eu-west-1';
let dir: string;
let env: Record<string, string>;
let upOut: string;
let upErr: string;

const asAccount = (file: string) => fs.readFileSync(file, 'utf8').split('123456789012').join(ACCOUNT);

function cli(...argv: string[]) {
  return runIn(argv, { env, cwd: dir, deps: { sleep: () => Promise.resolve() } });
}

/** The `export K=V` lines `up` and `env` print, as an environment. */
function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]] as [string, string]),
  );
}

const clientConfig = () => ({
  region: REGION,
  endpoint: env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-sandbox-'));
  fs.mkdirSync(path.join(dir, 'projects'));
  fs.writeFileSync(
    path.join(dir, 'projects', 'legal.yaml'),
    `${asAccount(path.join(PROJECTS, 'legal.yaml'))}retention:\n  auditDays: 400\n`,
  );
  fs.writeFileSync(path.join(dir, 'spec.yaml'), asAccount(SPEC));
  fs.writeFileSync(path.join(dir, 'eval.yaml'), asAccount(EVAL_SPEC));
  // Only PATH (to find moto_server): no AWS configuration of this machine leaks in.
  env = { PATH: process.env.PATH ?? '' };
  const up = await cli('sandbox', 'up', '--project', 'legal');
  upOut = up.stdout;
  upErr = up.stderr;
  expect(up.stderr).not.toMatch(/isotrain: /);
  expect(up.code).toBe(0);
  env = { PATH: process.env.PATH ?? '', ...exportsOf(up.stdout) };
});

afterAll(async () => {
  // Tears down even when a test failed half-way; a second down is harmless.
  await cli('sandbox', 'down', '--project', 'legal');
});

describe('isotrain sandbox up', () => {
  test('prints the environment that points at its moto server, with dummy credentials only', () => {
    expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env).toMatchObject({
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
    expect(upOut).toMatch(/^unset AWS_PROFILE$/m);
  });

  test('says plainly what the stand-in does not enforce', () => {
    expect(upErr).toMatch(/does NOT enforce/);
    for (const what of [
      /IAM: every request is allowed/,
      /Bucket policies/,
      /Network: there is no VPC/,
      /no container runs/,
    ])
      expect(upErr).toMatch(what);
  });

  test("creates the project's buckets with the deployed versioning and Object Lock settings", async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name).sort();
    expect(names).toEqual([
      'legal-sandbox-access-logs',
      'legal-sandbox-artifacts',
      'legal-sandbox-audit',
      'legal-sandbox-training-data',
    ]);
    for (const Bucket of names!)
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'legal-sandbox-audit' }));
    expect(lock.ObjectLockConfiguration).toMatchObject({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
    });
    await expect(
      s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'legal-sandbox-training-data' })),
    ).rejects.toThrow(/Object Lock configuration does not exist|ObjectLockConfigurationNotFound/);
  });

  test('publishes every parameter the stacks publish, and an outputs file the CLI reads', async () => {
    const ssm = new SSMClient(clientConfig());
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: '/isotrain/legal', NextToken }));
      names.push(...(page.Parameters ?? []).map((p) => p.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names.sort()).toEqual(
      Object.values(PROJECT_OUTPUTS)
        .map((n) => `/isotrain/legal/${n}`)
        .sort(),
    );
    const file = path.join(dir, '.isotrain', 'sandbox', 'legal-outputs.json');
    const outputs = outputsFromFile(file, 'legal', file, Object.keys(PROJECT_OUTPUTS) as never);
    expect(outputs.dataBucket).toBe('legal-sandbox-training-data');
    expect(outputs.trainingRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/legal-sandbox-training`);
  });

  test('a second up reuses the running server and changes nothing', async () => {
    const again = await cli('sandbox', 'up', '--project', 'legal');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^reusing the sandbox of project legal/);
    expect(exportsOf(again.stdout).AWS_ENDPOINT_URL).toBe(env.AWS_ENDPOINT_URL);
    expect((await cli('sandbox', 'env', '--project', 'legal')).stdout).toBe(again.stdout);
  });
});

describe('every run command works against the sandbox with no AWS account', () => {
  let run: string;

  test('train --wait, status, jobs, runs, show, verify (outputs read live from SSM)', async () => {
    const trained = await cli('train', '--project', 'legal', '--spec', 'spec.yaml', '--wait');
    expect(trained.stderr).not.toMatch(/isotrain: /);
    expect(trained.code).toBe(0);
    run = trained.stdout.split('\n')[0].trim();
    expect(run).toMatch(/^legal--contracts-lora-dp-/);
    expect((await cli('status', run)).stdout).toMatch(/status:\s+Completed/);
    expect((await cli('jobs', '--project', 'legal')).stdout).toContain(run);
    expect((await cli('runs', '--project', 'legal')).stdout).toContain(run);
    expect((await cli('show', run)).stdout).toMatch(new RegExp(`run:\\s+${run}`));
    const verified = await cli('verify', run);
    expect(verified.stdout).toMatch(/^ok: /);
    expect(verified.code).toBe(0);
  });

  test('evaluate, release and finalize, with the files no container wrote put by hand', async () => {
    // moto ends a training job in the second it starts it, and keeps times to the second: wait for the
    // next second so the model below is written after the job, as it is by hand in the sandbox.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(
      new PutObjectCommand({
        Bucket: 'legal-sandbox-artifacts',
        Key: `models/${run}/output/model.tar.gz`,
        Body: 'weights',
      }),
    );
    const outputsFile = '.isotrain/sandbox/legal-outputs.json';
    const evaluated = await cli('evaluate', run, '--spec', 'eval.yaml', '--outputs-file', outputsFile);
    expect(evaluated.code).toBe(0);
    const job = evaluated.stdout.trim();
    await s3.send(
      new PutObjectCommand({
        Bucket: 'legal-sandbox-artifacts',
        Key: `evaluations/${run}/${job}/results.json`,
        Body: JSON.stringify({
          format: 'isotrain.privacy-results/1',
          membershipInferenceAuc: 0.52,
          extractionHits: 0,
          canaryExposure: 2.7,
        }),
      }),
    );
    // Release trusts AWS, not files put by hand: moto ran no container and ended the job as it started
    // it, so no model version was written while the job ran, and release refuses, saying why.
    const released = await cli('release', run, '--outputs-file', outputsFile);
    expect(released.stdout).toMatch(/^refused: run \S+ is not released; nothing tagged/);
    expect(released.stdout + released.stderr).toMatch(/0 version\(s\) written while training job/);
    expect(released.code).toBe(1);
    const finalized = await cli('finalize', run);
    expect(finalized.code).toBe(0);
    expect((await cli('verify', run)).code).toBe(0);
  });
});

describe('refusals', () => {
  test('a moto server answering as another account is refused, naming both accounts', async () => {
    const other: MotoServer = await startMoto();
    try {
      const res = await cli('sandbox', 'up', '--project', 'legal', '--endpoint', other.endpoint);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(new RegExp(`account ${ACCOUNT}.*account 123456789012`));
    } finally {
      await other.stop();
    }
  });

  test('an unknown project is bad input, and nothing starts', async () => {
    const res = await cli('sandbox', 'up', '--project', 'nope');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--project: expected one of the projects .*\(legal\), got "nope"/);
  });

  test('without moto_server on the PATH, up says how to install it (exit 2)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-sandbox-nomoto-'));
    fs.cpSync(path.join(dir, 'projects'), path.join(cwd, 'projects'), { recursive: true });
    const res = await runIn(['sandbox', 'up', '--project', 'legal'], { env: { PATH: '/nonexistent' }, cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/cannot start moto_server .*pip install "moto\[server\]/);
    expect(fs.existsSync(path.join(cwd, '.isotrain', 'sandbox', 'legal.json'))).toBe(false);
  });
});

describe('isotrain sandbox down', () => {
  test('stops the server it started and removes its files; a second down has nothing to do', async () => {
    const endpoint = env.AWS_ENDPOINT_URL;
    const down = await cli('sandbox', 'down', '--project', 'legal');
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/stopped the sandbox's moto server/);
    await expect(fetch(`${endpoint}/moto-api/`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dir, '.isotrain'))).toBe(false);
    const again = await cli('sandbox', 'down', '--project', 'legal');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/nothing to tear down/);
  });
});
