import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeTrainingJobCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { TrainRun } from '../../lib/launcher/launch';
import { CliDeps } from '../../lib/cli/context';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, jsonError, startFaultProxy } from '../aws/support/fault-proxy';
import { DeleteParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ProjectOutputKey, parameterName } from '../../lib/contract';
import {
  MOTO_ACCOUNT,
  OUTPUTS_FILE,
  OUTPUT_VALUES,
  PROJECTS,
  REGION,
  SPEC,
  awsEnv,
  deployLegal,
  runIn,
} from './support';

/**
 * `isotrain train` in-process against moto. A lifecycle layer gives moto's jobs their states; a fault
 * proxy in front answers what moto cannot (throttling, guardrail denials, quotas).
 */
let moto: MotoServer;
let lifecycle: JobLifecycle;
let proxy: FaultProxy;
let sagemaker: SageMakerClient;

beforeAll(async () => {
  moto = await startMoto();
  await deployLegal(moto.endpoint);
  lifecycle = await startJobLifecycle(moto.endpoint, 3);
  proxy = await startFaultProxy(lifecycle.endpoint);
  sagemaker = new SageMakerClient({
    endpoint: moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
});
afterAll(async () => {
  await proxy?.stop();
  await lifecycle?.stop();
  await moto?.stop();
});
afterEach(() => proxy.clear());

const BASE = [
  'train',
  '--project',
  'legal',
  '--projects-dir',
  PROJECTS,
  '--spec',
  SPEC,
  '--outputs-file',
  OUTPUTS_FILE,
];
/** No run record here (test/cli/train-governance.e2e.test.ts has them); no real waits. */
const DEPS: CliDeps = { trainHooks: {}, sleep: () => Promise.resolve(), retryDelayMs: () => 0 };

/** Job names are unique per spec and second: each launch here gets a second of its own. */
let launches = 0;
function clock(): () => Date {
  const at = new Date(Date.UTC(2026, 10, 29, 0, 0, launches++));
  return () => at;
}

function train(extra: string[] = [], deps: CliDeps = {}, tty = false) {
  return runIn([...BASE, ...extra], {
    env: awsEnv(proxy.endpoint),
    deps: { ...DEPS, now: clock(), ...deps },
    tty,
  });
}

/** Runs `fn` and returns the operations the CLI sent meanwhile. */
async function callsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const before = proxy.calls.length;
  const result = await fn();
  return { result, calls: proxy.calls.slice(before) };
}

/** Writes a variant of the fixture spec: `edit` changes its text. */
function variant(edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-spec-'));
  const file = path.join(dir, 'job.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(SPEC, 'utf8')));
  return file;
}

describe('isotrain train --dry-run', () => {
  test('prints exactly the request as JSON on stdout and calls nothing, not even STS', async () => {
    const { result, calls } = await callsDuring(() => train(['--dry-run']));
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout);
    expect(request).toMatchObject({
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: {
        Subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        SecurityGroupIds: ['sg-0a1b2c3d4e5f60003'],
      },
      ResourceConfig: {
        VolumeKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      },
      OutputDataConfig: {
        KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809',
      },
    });
    expect(request.TrainingJobName).toMatch(/^legal--contracts-lora-dp-\d{14}-[0-9a-f]{8}$/);
    expect(result.stderr).toMatch(/dry run: nothing was sent, not even to STS/);
    expect(calls).toEqual([]);
  });

  test('without --outputs-file it reads the SSM parameters with GetParameters only, and sends nothing else', async () => {
    const args = BASE.filter((a) => a !== '--outputs-file' && a !== OUTPUTS_FILE);
    const dryRun = () => runIn([...args, '--dry-run'], { env: awsEnv(proxy.endpoint), deps: DEPS });
    const missing = await callsDuring(dryRun);
    expect(missing.result.code).toBe(2);
    expect(missing.result.stderr).toMatch(
      /SSM \/isotrain\/legal\/: \/isotrain\/legal\/subnet-ids: expected the deployed value of SubnetIds/,
    );
    expect(missing.result.stdout).toBe('');
    expect(new Set(missing.calls)).toEqual(new Set(['SSM.GetParameters']));

    const ssm = new SSMClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const values = { ...OUTPUT_VALUES, TrainingDataBucket: 'legal-trainingdata-from-ssm' };
    for (const [key, value] of Object.entries(values) as [ProjectOutputKey, string][])
      await ssm.send(
        new PutParameterCommand({ Name: parameterName('legal', key), Value: value, Type: 'String' }),
      );
    try {
      const { result, calls } = await callsDuring(dryRun);
      expect(result.code).toBe(0);
      const request = JSON.parse(result.stdout);
      expect(request.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toMatch(
        /^s3:\/\/legal-trainingdata-from-ssm\/datasets\//,
      );
      expect(result.stderr).toMatch(
        /dry run: only ssm:GetParameters was called \(outputs from SSM \/isotrain\/legal\/\)/,
      );
      // Seven outputs fit one call; nothing else: no STS, no listing, no CreateTrainingJob.
      expect(calls).toEqual(['SSM.GetParameters']);
    } finally {
      await ssm.send(
        new DeleteParametersCommand({
          Names: Object.keys(values).map((k) => parameterName('legal', k as ProjectOutputKey)),
        }),
      );
    }
  });
});

describe('isotrain train refuses bad input before any call (exit 2, nothing on stdout)', () => {
  const cases: [string, (t: string) => string, RegExp][] = [
    [
      'a non-GPU instance type',
      (t) => t.replace('type: ml.g5.2xlarge', 'type: ml.m5.xlarge'),
      /instance\.type: expected a SageMaker GPU instance type.*got "ml\.m5\.xlarge"/,
    ],
    [
      'a GPU type outside the allowlist',
      (t) => t.replace('type: ml.g5.2xlarge', 'type: ml.g6.xlarge'),
      /instance\.type: expected one of the project's instance types.*got "ml\.g6\.xlarge"/,
    ],
    [
      'a channel outside the project bucket',
      (t) => t.replace('source: datasets/contracts/train/', 'source: s3://exfil-bucket/x/'),
      /channels\.training\.source: expected a location inside the project's data bucket.*got "s3:\/\/exfil-bucket\/x\/"/,
    ],
    [
      'an image outside the allowed repositories',
      (t) => t.replace('isotrain/finetune:1.4.0', 'public/finetune:1.4.0'),
      /image: expected an image in the project's ECR repositories.*got "123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/public\/finetune:1\.4\.0"/,
    ],
    [
      'a learning rate above the ceiling',
      (t) => t.replace('learningRate: 0.0002', 'learningRate: 0.01'),
      /hyperparameters\.learningRate: expected at most the project's ceiling.*got 0\.01/,
    ],
    [
      'DP settings that make no sense',
      (t) => t.replace('targetDelta: 0.00001', 'targetDelta: 0.1'),
      /privacy\.targetDelta: expected a number greater than 0 and below 0\.001.*got 0\.1/,
    ],
    [
      'a runtime above the limit',
      (t) =>
        t
          .replace('maxRuntimeSeconds: 43200', 'maxRuntimeSeconds: 90000')
          .replace('maxWaitSeconds: 86400', 'maxWaitSeconds: 90000'),
      /maxRuntimeSeconds: expected at most the project's limit \(.*legal\.yaml training\.maxRuntimeSeconds: 86400\), got 90000/,
    ],
    ['an unknown field', (t) => `${t}debug: true\n`, /debug: unknown field; expected one of: .*got true/],
  ];
  test.each(cases)('fails on %s', async (_what, edit, message) => {
    const file = variant(edit);
    const { result, calls } = await callsDuring(() =>
      runIn(
        [
          'train',
          '--project',
          'legal',
          '--projects-dir',
          PROJECTS,
          '--spec',
          file,
          '--outputs-file',
          OUTPUTS_FILE,
        ],
        {
          env: awsEnv(proxy.endpoint),
          deps: DEPS,
        },
      ),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(file);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(calls).toEqual([]);
  });

  test('fails on an unknown project, a missing outputs file and missing outputs', async () => {
    const run = (project: string, outputs: string) =>
      runIn(
        [
          'train',
          '--project',
          project,
          '--projects-dir',
          PROJECTS,
          '--spec',
          SPEC,
          '--outputs-file',
          outputs,
        ],
        {
          env: awsEnv(proxy.endpoint),
          deps: DEPS,
        },
      );
    const { calls } = await callsDuring(async () => {
      const unknown = await run('nope', OUTPUTS_FILE);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--project: expected one of the projects in .*\(legal\), got "nope"/);
      const missing = await run('legal', 'nowhere.json');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/nowhere\.json: cannot read the outputs file: no such file/);
      const partial = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-out-')), 'out.json');
      const full = JSON.parse(fs.readFileSync(OUTPUTS_FILE, 'utf8'));
      delete full['legal-Network'].SubnetIds;
      fs.writeFileSync(partial, JSON.stringify(full));
      const incomplete = await run('legal', partial);
      expect(incomplete.code).toBe(2);
      expect(incomplete.stderr).toMatch(
        /out\.json: legal-Network\.SubnetIds: expected the deployed value of SubnetIds, got nothing/,
      );
    });
    expect(calls).toEqual([]);
  });

  test('fails on usage errors, saying how to get help', async () => {
    const env = awsEnv(proxy.endpoint);
    const { calls } = await callsDuring(async () => {
      const noSpec = await runIn(['train', '--project', 'legal'], { env });
      expect(noSpec).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/required option '--spec <file>'/),
      });
      const noProject = await runIn(['train', '--spec', SPEC], { env });
      expect(noProject).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--project NAME is required/),
      });
      expect((await train(['--dry-run', '--wait'])).stderr).toMatch(/exclude each other/);
      const bogus = await train(['--bogus']);
      expect(bogus).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--bogus'/) });
      expect(bogus.stderr).toMatch(/isotrain help <command>/);
      const poll = await train(['--wait', '--poll-seconds', '0']);
      expect(poll).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--poll-seconds.*at least 1, got "0"/),
      });
    });
    expect(calls).toEqual([]);
  });
});

describe('isotrain train launches', () => {
  test('checks the account first, sends the request with the caller tag, prints the job name, runs hooks in order', async () => {
    const order: string[] = [];
    const creates = () => proxy.calls.filter((c) => c === 'SageMaker.CreateTrainingJob').length;
    const before = creates();
    const { result, calls } = await callsDuring(() =>
      train([], {
        trainHooks: {
          beforeCreate: (run: TrainRun) => {
            order.push(`before:${creates() - before}:${run.caller.account}`);
            return Promise.resolve();
          },
          afterCreate: (_run, arn) => {
            order.push(`after:${arn}`);
            return Promise.resolve();
          },
        },
      }),
    );
    expect(result.code).toBe(0);
    const name = result.stdout.trim();
    expect(name).toMatch(/^legal--contracts-lora-dp-\d{14}-[0-9a-f]{8}$/);
    expect(calls[0]).toBe('STS.GetCallerIdentity');
    expect(calls).toContain('SageMaker.CreateTrainingJob');
    const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    expect(job.EnableNetworkIsolation).toBe(true);
    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: job.TrainingJobArn }));
    expect(tags.Tags).toContainEqual({
      Key: 'isotrain:launched-by',
      Value: expect.stringMatching(new RegExp(`^arn:aws:(sts|iam)::${MOTO_ACCOUNT}:`)),
    });
    expect(order).toEqual([`before:0:${MOTO_ACCOUNT}`, `after:${job.TrainingJobArn}`]);
    expect(result.stderr).toMatch(/follow it: npx isotrain status legal--contracts-lora-dp-/);
  });

  test('--json prints one document: the job, its ARN and region', async () => {
    const { code, stdout } = await train(['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      job: expect.stringMatching(/^legal--contracts-lora-dp-/),
      arn: expect.stringMatching(/^arn:aws:sagemaker:eu-west-1:123456789012:training-job\//),
      region: 'eu-west-1',
    });
  });

  test('a beforeCreate hook that throws means nothing is created; its stack only with --debug', async () => {
    const failing = { trainHooks: { beforeCreate: () => Promise.reject(new Error('record failed')) } };
    const { result, calls } = await callsDuring(() => train([], failing));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /isotrain train: internal error: record failed \(run with --debug for the stack trace\)/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(calls).not.toContain('SageMaker.CreateTrainingJob');
    const debug = await train(['--debug'], failing);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/Error: record failed\n\s+at /);
  });
});

describe('isotrain train explains AWS refusals (exit 1)', () => {
  const createTrainingJob = /^SageMaker\.CreateTrainingJob$/;

  test('the SDK retries throttling (its own retry), says so on stderr, then succeeds', async () => {
    proxy.fail(createTrainingJob, jsonError('ThrottlingException', 'Rate exceeded'), 2);
    const { result, calls } = await callsDuring(() => train());
    expect(result.code).toBe(0);
    expect(calls.filter((c) => createTrainingJob.test(c))).toHaveLength(3);
    expect(result.stderr).toMatch(
      /throttled \(ThrottlingException\) on SageMaker CreateTrainingJob; retrying with backoff \(attempt 2 of 6\)/,
    );
    expect(result.stderr).toMatch(/\(attempt 3 of 6\)/);
  });

  test('gives up after six throttled attempts and says what to do', async () => {
    proxy.fail(createTrainingJob, jsonError('ThrottlingException', 'Rate exceeded'));
    const { result, calls } = await callsDuring(() => train());
    expect(result.code).toBe(1);
    expect(calls.filter((c) => createTrainingJob.test(c))).toHaveLength(6);
    expect(result.stderr).toMatch(
      /sagemaker:CreateTrainingJob is still throttled after 6 attempt\(s\) with backoff/,
    );
    expect(result.stderr).toMatch(/wait a minute and run the command again/);
  });

  test('an explicit deny names the guardrails most likely responsible: stale outputs file first', async () => {
    proxy.fail(
      createTrainingJob,
      jsonError(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/ml-engineer/alice is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:eu-west-1:123456789012:training-job/legal-x with an explicit deny in an identity-based policy',
      ),
    );
    const { code, stderr, stdout } = await train();
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/A Deny guardrail of legal-Access refused the request/);
    const first = stderr.indexOf(`1. the outputs in ${OUTPUTS_FILE} no longer match`);
    expect(first).toBeGreaterThan(0);
    expect(stderr.indexOf('DenyJobsInOtherSubnets (sagemaker:VpcSubnets)')).toBeGreaterThan(first);
    expect(stderr).toMatch(/the request sent subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002/);
    expect(stderr).toMatch(
      /2\. or test\/fixtures\/cli\/projects\/legal\.yaml was changed after the last deploy.*\n.*DenyJobsOnOtherInstanceTypes \(sagemaker:InstanceTypes\).*the request sent ml\.g5\.2xlarge/,
    );
  });

  test('an implicit deny says to attach the launcher policy; a PassRole deny names the role', async () => {
    proxy.fail(
      createTrainingJob,
      jsonError(
        'AccessDeniedException',
        'User: x is not authorized to perform: sagemaker:CreateTrainingJob on resource: y because no identity-based policy allows the sagemaker:CreateTrainingJob action',
      ),
      1,
    );
    const implicit = await train();
    expect(implicit.code).toBe(1);
    expect(implicit.stderr).toMatch(
      /attach the project's launcher policy \(output LauncherPolicyArn, parameter \/isotrain\/legal\/launcher-policy-arn\) together with its fence \(output LauncherFencePolicyArn, parameter \/isotrain\/legal\/launcher-fence-policy-arn\); attach both/,
    );
    proxy.fail(
      createTrainingJob,
      jsonError(
        'AccessDeniedException',
        'User: x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/other',
      ),
      1,
    );
    const passRole = await train();
    expect(passRole.stderr).toMatch(/Most likely guardrail: PassTrainingRoleToSageMaker/);
    expect(passRole.stderr).toMatch(/passed arn:aws:iam::123456789012:role\/legal-Data-TrainingRole-CLI/);
  });

  test('ResourceLimitExceeded names the quota to raise', async () => {
    proxy.fail(
      createTrainingJob,
      jsonError(
        'ResourceLimitExceeded',
        "The account-level service limit 'ml.g5.2xlarge for spot training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances.",
      ),
    );
    const { code, stderr } = await train();
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Raise the Service Quotas quota "ml\.g5\.2xlarge for spot training job usage" \(service SageMaker\) to at least 1/,
    );
    expect(stderr).toMatch(/list-service-quotas --service-code sagemaker/);
  });
});

describe('isotrain train --wait', () => {
  test('follows transitions in plain lines to Completed and prints the summary, exit 0', async () => {
    const polls: number[] = [];
    const { code, stdout, stderr } = await train(['--wait', '--poll-seconds', '2'], {
      sleep: (ms) => {
        polls.push(ms);
        return Promise.resolve();
      },
    });
    expect(code).toBe(0);
    const lines = stderr
      .split('\n')
      .filter((l) => /^\d{4}-\d\d-\d\dT/.test(l))
      .map((l) => l.replace(/^\S+ /, ''));
    expect(lines.slice(0, 4)).toEqual([
      'status InProgress',
      'Starting — Preparing the instances for training',
      'Downloading — Downloading input data',
      'Training — Training image download completed. Training in progress.',
    ]);
    expect(lines).toContain('status Completed');
    expect(stderr).not.toContain('\x1b[');
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(new Set(polls)).toEqual(new Set([2000]));
    expect(stdout).toMatch(/^legal--contracts-lora-dp-\S+\n/);
    expect(stdout).toMatch(/^status: +Completed/m);
    expect(stdout).toMatch(
      /^model: +s3:\/\/legal-artifacts-cli\/models\/legal--contracts-lora-dp-\S+\/output\/model\.tar\.gz$/m,
    );
  });

  test('on a TTY, redraws one live line', async () => {
    const { code, stderr } = await train(['--wait'], {}, true);
    expect(code).toBe(0);
    expect(stderr).toContain('\r\x1b[2K');
    expect(stderr).toMatch(
      /⠋ legal--contracts-lora-dp-\S+ {2}InProgress · Starting · \d\d:\d\d:\d\d elapsed/,
    );
  });

  test('exits 1 with the failure reason when the job fails; the hooks see the end', async () => {
    proxy.rewrite(/^SageMaker\.DescribeTrainingJob$/, (job) => {
      Object.assign(job, {
        TrainingJobStatus: 'Failed',
        SecondaryStatus: 'Failed',
        FailureReason: 'AlgorithmError: CUDA out of memory',
      });
    });
    const finished: string[] = [];
    const { code, stdout, stderr } = await train(['--wait'], {
      trainHooks: {
        afterFinish: (_run, d) => {
          finished.push(d.TrainingJobStatus!);
          return Promise.resolve();
        },
      },
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/failure: +AlgorithmError: CUDA out of memory/);
    expect(stderr).toMatch(/job failed: AlgorithmError: CUDA out of memory/);
    expect(finished).toEqual(['Failed']);
  });

  test('Ctrl-C stops following (exit 130), leaves the job running and says how to stop it', async () => {
    let interrupt: () => void = () => undefined;
    let removed = false;
    const { result, calls } = await callsDuring(() =>
      train(['--wait'], {
        onInterrupt: (handler) => {
          interrupt = handler;
          return () => void (removed = true);
        },
        sleep: (_ms, signal) =>
          new Promise((_, reject) => {
            signal!.addEventListener('abort', () => reject(signal!.reason as Error));
            interrupt();
          }),
      }),
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/stopped following; legal--contracts-lora-dp-\S+ keeps running/);
    expect(result.stderr).toMatch(/stop it: +npx isotrain stop legal--contracts-lora-dp-/);
    expect(calls).not.toContain('SageMaker.StopTrainingJob');
    expect(removed).toBe(true);
  });
});
