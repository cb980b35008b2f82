import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput,
  SageMakerClient,
  SageMakerServiceException,
  SecondaryStatus,
  SecondaryStatusTransition,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../lib/cli/main';
import { COMMANDS } from '../../lib/cli/commands';
import { TrainDeps, trainCommand } from '../../lib/cli/train';
import { memoryIo } from './io';

const sagemaker = mockClient(SageMakerClient);
const sts = mockClient(STSClient);
const ssm = mockClient(SSMClient);
const cloudformation = mockClient(CloudFormationClient);
const CALLER = 'arn:aws:sts::111122223333:assumed-role/ml-engineer/alice';
const SPEC = 'examples/lora-dp.yaml';
const OUTPUTS = 'examples/example-outputs.json';
const BASE = ['train', '--project', 'example', '--spec', SPEC, '--outputs-file', OUTPUTS];

beforeEach(() => {
  sagemaker.reset();
  sts.reset();
  ssm.reset();
  cloudformation.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Arn: CALLER, Account: '111122223333' });
});

function awsError(name: string, message: string, status = 400) {
  return new SageMakerServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

function totalCalls() {
  return sagemaker.calls().length + sts.calls().length + ssm.calls().length + cloudformation.calls().length;
}

async function run(argv: string[], deps?: TrainDeps, tty = false) {
  const m = memoryIo({ tty });
  // The registered command also writes run records (issue 5: test/cli/train-governance.e2e.test.ts).
  const commands = [trainCommand(deps ?? {}), ...COMMANDS.filter((c) => c.name !== 'train')];
  const code = await main(argv, m.io, commands);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** Writes a variant of the example spec: `edit` changes its text. */
function variant(edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-spec-'));
  const file = path.join(dir, 'job.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(SPEC, 'utf8')));
  return file;
}

describe('isotrain train --dry-run', () => {
  test('prints exactly the request as JSON on stdout and calls nothing', async () => {
    const { code, stdout, stderr } = await run([...BASE, '--dry-run']);
    expect(code).toBe(0);
    const request = JSON.parse(stdout);
    expect(request).toMatchObject({
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: {
        Subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        SecurityGroupIds: ['sg-0a1b2c3d4e5f60003'],
      },
      ResourceConfig: {
        VolumeKmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      },
      OutputDataConfig: {
        KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809',
      },
    });
    expect(request.TrainingJobName).toMatch(/^example-contracts-lora-dp-\d{14}-[0-9a-f]{4}$/);
    expect(stderr).toMatch(/dry run: nothing was sent/);
    expect(totalCalls()).toBe(0);
  });
});

describe('isotrain train refuses bad input before any API call (exit 2, nothing on stdout)', () => {
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
      /image: expected an image in the project's ECR repositories.*got "111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/public\/finetune:1\.4\.0"/,
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
      /maxRuntimeSeconds: expected at most the project's limit \(projects\/example\.yaml training\.maxRuntimeSeconds: 86400\), got 90000/,
    ],
    ['an unknown field', (t) => `${t}debug: true\n`, /debug: unknown field; expected one of: .*got true/],
  ];
  test.each(cases)('fails on %s', async (_what, edit, message) => {
    const file = variant(edit);
    const { code, stdout, stderr } = await run([
      'train',
      '--project',
      'example',
      '--spec',
      file,
      '--outputs-file',
      OUTPUTS,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain(file);
    expect(totalCalls()).toBe(0);
  });

  test('fails on an unknown project, a missing outputs file and missing outputs', async () => {
    const unknown = await run(['train', '--project', 'nope', '--spec', SPEC, '--outputs-file', OUTPUTS]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--project: expected one of the projects in .*\(example\), got "nope"/);
    const missing = await run([
      'train',
      '--project',
      'example',
      '--spec',
      SPEC,
      '--outputs-file',
      'nowhere.json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.json: cannot read the outputs file: no such file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-out-'));
    const partial = path.join(dir, 'out.json');
    const full = JSON.parse(fs.readFileSync(OUTPUTS, 'utf8'));
    delete full['example-Network'].SubnetIds;
    fs.writeFileSync(partial, JSON.stringify(full));
    const incomplete = await run([
      'train',
      '--project',
      'example',
      '--spec',
      SPEC,
      '--outputs-file',
      partial,
    ]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(
      /out\.json: example-Network\.SubnetIds: expected the deployed value of SubnetIds, got nothing/,
    );
    expect(totalCalls()).toBe(0);
  });

  test('fails on usage errors', async () => {
    expect((await run(['train', '--spec', SPEC])).code).toBe(2);
    expect((await run([...BASE, '--dry-run', '--wait'])).stderr).toMatch(/exclude each other/);
    expect((await run([...BASE, '--bogus'])).code).toBe(2);
    expect(totalCalls()).toBe(0);
  });
});

describe('isotrain train launches', () => {
  test('sends the built request with the caller tag, prints the job name, runs hooks in order', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .resolves({ TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/x' });
    const order: string[] = [];
    const { code, stdout, stderr } = await run(BASE, {
      hooks: {
        beforeCreate: (job) => {
          order.push(`before:${sagemaker.commandCalls(CreateTrainingJobCommand).length}:${job.caller}`);
          return Promise.resolve();
        },
        afterCreate: (_job, arn) => {
          order.push(`after:${arn}`);
          return Promise.resolve();
        },
      },
    });
    expect(code).toBe(0);
    const [call] = sagemaker.commandCalls(CreateTrainingJobCommand);
    const input = call.args[0].input;
    expect(stdout).toBe(`${input.TrainingJobName}\n`);
    expect(input.Tags).toContainEqual({ Key: 'isotrain:launched-by', Value: CALLER });
    expect(input.EnableNetworkIsolation).toBe(true);
    expect(order).toEqual([
      `before:0:${CALLER}`,
      'after:arn:aws:sagemaker:eu-west-1:111122223333:training-job/x',
    ]);
    expect(stderr).toMatch(/follow it: npx isotrain status example-contracts-lora-dp-/);
  });

  test('a beforeCreate hook that throws means nothing is created', async () => {
    const { code } = await run(BASE, {
      hooks: { beforeCreate: () => Promise.reject(new Error('record failed')) },
    });
    expect(code).toBe(1);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
  });
});

describe('isotrain train explains AWS refusals (exit 1)', () => {
  test('retries throttling with growing backoff, then succeeds', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ TrainingJobArn: 'arn' });
    const waits: number[] = [];
    const { code, stderr } = await run(BASE, {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(code).toBe(0);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(1000);
    expect(stderr).toMatch(/throttled \(ThrottlingException\); retrying in \d+\.\d s \(attempt 2 of 6\)/);
  });

  test('gives up after six throttled attempts and says so', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const { code, stderr } = await run(BASE, { sleep: () => Promise.resolve() });
    expect(code).toBe(1);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(6);
    expect(stderr).toMatch(/still throttled after retrying with backoff/);
  });

  test('an explicit deny names the guardrails most likely responsible: stale outputs file first', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::111122223333:assumed-role/ml-engineer/alice is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:eu-west-1:111122223333:training-job/example-x with an explicit deny in an identity-based policy',
        ),
      );
    const { code, stderr, stdout } = await run(BASE);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/A Deny guardrail of example-Access refused the request/);
    const first = stderr.indexOf('1. the outputs in examples/example-outputs.json no longer match');
    expect(first).toBeGreaterThan(0);
    expect(stderr.indexOf('DenyJobsInOtherSubnets (sagemaker:VpcSubnets)')).toBeGreaterThan(first);
    expect(stderr).toMatch(/the request sent subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002/);
    expect(stderr).toMatch(
      /2\. or projects\/example\.yaml was changed after the last deploy.*\n.*DenyJobsOnOtherInstanceTypes \(sagemaker:InstanceTypes\).*the request sent ml\.g5\.2xlarge/,
    );
  });

  test('an implicit deny says to attach the launcher policy; a PassRole deny names the role', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejectsOnce(
        awsError(
          'AccessDeniedException',
          'User: x is not authorized to perform: sagemaker:CreateTrainingJob on resource: y because no identity-based policy allows the sagemaker:CreateTrainingJob action',
        ),
      );
    const implicit = await run(BASE);
    expect(implicit.code).toBe(1);
    expect(implicit.stderr).toMatch(
      /attach the project's launcher policy \(output LauncherPolicyArn, parameter \/isotrain\/example\/launcher-policy-arn\)/,
    );
    sagemaker.reset();
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/other',
        ),
      );
    const passRole = await run(BASE);
    expect(passRole.stderr).toMatch(/Most likely guardrail: PassTrainingRoleToSageMaker/);
    expect(passRole.stderr).toMatch(
      /passed arn:aws:iam::111122223333:role\/example-Data-TrainingRoleC2E62347-1A2B3C4D5E6F/,
    );
  });

  test('ResourceLimitExceeded names the quota to raise', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejects(
        awsError(
          'ResourceLimitExceeded',
          "The account-level service limit 'ml.g5.2xlarge for spot training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances.",
        ),
      );
    const { code, stderr } = await run(BASE);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Raise the Service Quotas quota "ml\.g5\.2xlarge for spot training job usage" \(service SageMaker\) to at least 1/,
    );
    expect(stderr).toMatch(/list-service-quotas --service-code sagemaker/);
  });
});

function described(overrides: Partial<DescribeTrainingJobCommandOutput>): DescribeTrainingJobCommandOutput {
  return {
    $metadata: {},
    TrainingJobName: 'example-job',
    TrainingJobArn: 'arn',
    TrainingJobStatus: 'InProgress',
    SecondaryStatus: 'Starting',
    CreationTime: new Date('2026-11-29T00:00:00Z'),
    TrainingStartTime: new Date('2026-11-29T00:00:00Z'),
    EnableManagedSpotTraining: true,
    AlgorithmSpecification: { TrainingInputMode: 'File' },
    ModelArtifacts: undefined,
    ResourceConfig: undefined,
    StoppingCondition: undefined,
    ...overrides,
  };
}

describe('isotrain train --wait', () => {
  const t = (s: string, m: string, at: string): SecondaryStatusTransition => ({
    Status: s as SecondaryStatus,
    StatusMessage: m,
    StartTime: new Date(at),
  });
  const starting = t('Starting', 'Preparing the instances for training', '2026-11-29T00:00:00Z');
  const downloading = t('Downloading', 'Downloading input data', '2026-11-29T00:03:00Z');
  const training = t(
    'Training',
    'Training image download completed. Training in progress.',
    '2026-11-29T00:05:00Z',
  );

  test('follows transitions in plain lines, reports billable time and spot savings, exit 0', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(described({ SecondaryStatusTransitions: [starting] }))
      .resolvesOnce(
        described({
          SecondaryStatus: 'Training',
          SecondaryStatusTransitions: [starting, downloading, training],
        }),
      )
      .resolves(
        described({
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          TrainingEndTime: new Date('2026-11-29T01:00:00Z'),
          TrainingTimeInSeconds: 3000,
          BillableTimeInSeconds: 1200,
          ModelArtifacts: { S3ModelArtifacts: 's3://artifacts/models/example-job/output/model.tar.gz' },
          SecondaryStatusTransitions: [
            starting,
            downloading,
            training,
            t('Completed', 'Training job completed', '2026-11-29T01:00:00Z'),
          ],
        }),
      );
    const { code, stdout, stderr } = await run([...BASE, '--wait', '--poll-seconds', '1'], {
      sleep: () => Promise.resolve(),
      now: () => new Date('2026-11-29T00:06:00Z'),
    });
    expect(code).toBe(0);
    const lines = stderr.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'status InProgress',
      'Starting — Preparing the instances for training',
      'Downloading — Downloading input data',
      'Training — Training image download completed. Training in progress.',
      'status Completed',
      'Completed — Training job completed',
    ]);
    expect(stderr).not.toContain('\x1b[');
    expect(stdout).toMatch(/status: +Completed/);
    expect(stdout).toMatch(/elapsed: +01:00:00/);
    expect(stdout).toMatch(/training time: +00:50:00/);
    expect(stdout).toMatch(/billable time: +00:20:00/);
    expect(stdout).toMatch(/spot savings: +60%/);
    expect(stdout).toMatch(/model: +s3:\/\/artifacts\/models\/example-job\/output\/model\.tar\.gz/);
  });

  test('on a TTY, redraws one live line', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(described({ SecondaryStatusTransitions: [starting] }))
      .resolves(
        described({
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          TrainingEndTime: new Date('2026-11-29T00:10:00Z'),
        }),
      );
    const { code, stderr } = await run([...BASE, '--wait'], { sleep: () => Promise.resolve() }, true);
    expect(code).toBe(0);
    expect(stderr).toContain('\r\x1b[2K');
    expect(stderr).toMatch(/⠋ example-job {2}InProgress · Starting · \d\d:\d\d:\d\d elapsed/);
  });

  test('exits 1 with the failure reason when the job fails', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    sagemaker.on(DescribeTrainingJobCommand).resolves(
      described({
        TrainingJobStatus: 'Failed',
        SecondaryStatus: 'Failed',
        FailureReason: 'AlgorithmError: CUDA out of memory',
      }),
    );
    const finished: string[] = [];
    const { code, stdout, stderr } = await run([...BASE, '--wait'], {
      sleep: () => Promise.resolve(),
      hooks: {
        afterFinish: (_j, d) => {
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

  test('Ctrl-C stops following, leaves the job running and says how to stop it', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    sagemaker.on(DescribeTrainingJobCommand).resolves(described({}));
    let interrupt: () => void = () => undefined;
    let removed = false;
    const { code, stderr } = await run([...BASE, '--wait'], {
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => void (removed = true);
      },
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          signal!.addEventListener('abort', () => reject(signal!.reason as Error));
          interrupt();
        }),
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopped following; example-contracts-lora-dp-\S+ keeps running/);
    expect(stderr).toMatch(/stop it: +npx isotrain stop example-contracts-lora-dp-/);
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
    expect(removed).toBe(true);
  });
});
