import { CreateTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CliDeps } from '../../lib/cli/context';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, jsonError, startFaultProxy } from '../aws/support/fault-proxy';
import { PROJECTS, REGION, awsEnv, runIn } from './support';

/** `isotrain status`, `stop` and `jobs` in-process against moto, with the lifecycle layer and a fault proxy. */
let moto: MotoServer;
let lifecycle: JobLifecycle;
let proxy: FaultProxy;

async function createJob(name: string) {
  const sagemaker = new SageMakerClient({
    endpoint: moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await sagemaker.send(
    new CreateTrainingJobCommand({
      TrainingJobName: name,
      RoleArn: 'arn:aws:iam::123456789012:role/legal-training',
      AlgorithmSpecification: {
        TrainingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:1.4.0',
        TrainingInputMode: 'File',
      },
      OutputDataConfig: { S3OutputPath: 's3://legal-artifacts/models/' },
      ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    }),
  );
}

beforeAll(async () => {
  moto = await startMoto();
  lifecycle = await startJobLifecycle(moto.endpoint, 2);
  proxy = await startFaultProxy(lifecycle.endpoint);
  for (const name of ['legal-running', 'legal-to-stop', 'legal-ended', 'nobody-job']) await createJob(name);
});
afterAll(async () => {
  await proxy?.stop();
  await lifecycle?.stop();
  await moto?.stop();
});
afterEach(() => proxy.clear());

const DEPS: CliDeps = { sleep: () => Promise.resolve(), retryDelayMs: () => 0 };
async function cli(argv: string[], env: Record<string, string> = {}) {
  const before = proxy.calls.length;
  const result = await runIn([...argv, '--projects-dir', PROJECTS], {
    env: { ...awsEnv(proxy.endpoint), ...env },
    deps: DEPS,
  });
  return { ...result, calls: proxy.calls.slice(before) };
}

describe('isotrain status', () => {
  test("shows the job after checking the caller against its project's account", async () => {
    const r = await cli(['status', 'legal-running']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^job: +legal-running\nstatus: +InProgress \(Starting\)/);
    expect(r.stdout).toMatch(/^transitions:\n {2}\S+ {2}Starting — Preparing the instances for training$/m);
    expect(r.calls).toEqual(['STS.GetCallerIdentity', 'SageMaker.DescribeTrainingJob']);
  });

  test('--json prints the description as one document', async () => {
    const r = await cli(['status', 'legal-running', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      TrainingJobName: 'legal-running',
      TrainingJobStatus: 'InProgress',
    });
    expect(r.stdout).not.toContain('$metadata');
  });

  test("a job of no known project: the standard configuration's region, no account check", async () => {
    const r = await cli(['status', 'nobody-job']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['SageMaker.DescribeTrainingJob']);
  });

  test("the project's region wins over AWS_REGION, and the CLI says so once", async () => {
    const r = await cli(['status', 'legal-running'], { AWS_REGION: 'eu-central-1' });
    expect(r.code).toBe(0);
    const notices = r.stderr.split('\n').filter((l) => l.startsWith('note: AWS_REGION'));
    expect(notices).toEqual([
      `note: AWS_REGION is eu-central-1, but project legal lives in eu-west-1 (test/fixtures/cli/projects/legal.yaml region); using eu-west-1`,
    ]);
  });

  test('an unknown job is bad input (exit 2) with what to check', async () => {
    const r = await cli(['status', 'legal-nothing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/JOB: expected a training job in eu-west-1, got "legal-nothing" \(not found\)/);
    expect(r.stderr).toMatch(/Check the name \(isotrain jobs --project <project>/);
  });

  test('a denied Describe explains the launcher policy (exit 1)', async () => {
    proxy.fail(
      /DescribeTrainingJob/,
      jsonError(
        'AccessDeniedException',
        'not authorized to perform: sagemaker:DescribeTrainingJob on resource: x',
      ),
    );
    const r = await cli(['status', 'legal-running']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/attach the project's launcher policy/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('isotrain stop', () => {
  test('--wait follows the job until it has stopped (exit 0)', async () => {
    const r = await cli(['stop', 'legal-to-stop', '--wait', '--poll-seconds', '1']);
    expect(r.stderr).toContain('stop requested for legal-to-stop');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^status: +Stopped$/m);
    expect(r.calls).toContain('SageMaker.StopTrainingJob');
  });

  test("a job that already ended: exit 1 with SageMaker's reason; --json prints one document", async () => {
    proxy.fail(/StopTrainingJob/, jsonError('ValidationException', 'The job status is Completed.'), 1);
    const ended = await cli(['stop', 'legal-ended']);
    expect(ended.code).toBe(1);
    expect(ended.stderr).toMatch(
      /sagemaker:StopTrainingJob failed: ValidationException: The job status is Completed\./,
    );
    const json = await cli(['stop', 'legal-ended', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ job: 'legal-ended', stopRequested: true });
  });

  test('an unknown job is bad input (exit 2)', async () => {
    const r = await cli(['stop', 'legal-nothing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/got "legal-nothing" \(not found\)/);
  });
});

describe('isotrain jobs', () => {
  test('refuses bad options before any call', async () => {
    for (const argv of [
      ['jobs'],
      ['jobs', '--project', 'legal', '--status', 'Running'],
      ['jobs', '--project', 'legal', '--max', '0'],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.calls).toEqual([]);
    }
  });

  test("lists the project's jobs, newest first; --json is one array", async () => {
    const table = await cli(['jobs', '--project', 'legal']);
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^JOB +STATUS +CREATED +DURATION$/);
    expect(
      rows
        .slice(1)
        .map((r) => r.split(/\s+/)[0])
        .sort(),
    ).toEqual(['legal-ended', 'legal-running', 'legal-to-stop']);
    const json = await cli(['jobs', '--project', 'legal', '--json', '--max', '2']);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });
});
