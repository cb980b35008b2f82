import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PROJECT_OUTPUTS, ProjectOutputKey } from '../../lib/contract';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { MotoServer, startMoto } from '../support/moto';
import { PROJECTS, SPEC } from './support';

/**
 * End to end: the real CLI (node bin/isotrain.cjs) against moto's server, with the project's buckets,
 * network and SSM parameters created there first. moto records the jobs; the lifecycle layer in front
 * of it adds the job states and StopTrainingJob that moto 5.2 lacks (see job-lifecycle.ts).
 */
const ROOT = path.join(__dirname, '..', '..');
const REGION = 'eu-west-1';
const DATA_BUCKET = 'legal-trainingdata-e2e';
const ARTIFACTS_BUCKET = 'legal-artifacts-e2e';
const AUDIT_BUCKET = 'legal-audit-e2e';
const DATA_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const ARTIFACTS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809';
const ROLE = 'arn:aws:iam::123456789012:role/legal-Data-TrainingRole-E2E';

let moto: MotoServer;
let lifecycle: JobLifecycle;
let sagemaker: SageMakerClient;
let network: { vpcId: string; subnetIds: string[]; securityGroupId: string };

function clientConfig() {
  return {
    endpoint: moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs the real CLI against moto (through the lifecycle layer); with `interruptWhen`, sends it SIGINT (Ctrl-C) once its stderr matches. */
function cli(args: string[], interruptWhen?: RegExp): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...moto.env(REGION),
      AWS_ENDPOINT_URL: lifecycle.endpoint,
      ISOTRAIN_PROJECTS_DIR: PROJECTS,
    };
    delete env.AWS_PROFILE;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'isotrain.cjs'), ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (interruptWhen && !sent && interruptWhen.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function outputValues(): Record<ProjectOutputKey, string> {
  return {
    VpcId: network.vpcId,
    SubnetIds: network.subnetIds.join(','),
    TrainingSecurityGroupId: network.securityGroupId,
    S3EndpointId: 'vpce-0e2e0e2e0e2e0e2e0',
    TrainingDataBucket: DATA_BUCKET,
    ArtifactsBucket: ARTIFACTS_BUCKET,
    AuditBucket: AUDIT_BUCKET,
    AccessLogsBucket: 'legal-accesslogs-e2e',
    DataKeyArn: DATA_KEY,
    ArtifactsKeyArn: ARTIFACTS_KEY,
    LogsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a',
    TrainingRoleArn: ROLE,
    UploaderRoleArn: 'arn:aws:iam::123456789012:role/legal-Data-UploaderRole-E2E',
    TrailArn: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/legal-e2e',
    LauncherPolicyArn: 'arn:aws:iam::123456789012:policy/legal-Access-LauncherPolicy-E2E',
  } as Record<ProjectOutputKey, string>;
}

beforeAll(async () => {
  moto = await startMoto();
  lifecycle = await startJobLifecycle(moto.endpoint, 3);
  sagemaker = new SageMakerClient(clientConfig());

  const ec2 = new EC2Client(clientConfig());
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const [i, az] of ['eu-west-1a', 'eu-west-1b'].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.40.${i}.0/24`, AvailabilityZone: az }),
    );
    subnetIds.push(subnet.Subnet!.SubnetId!);
  }
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'training', Description: 'training jobs', VpcId: vpcId }),
  );
  network = { vpcId, subnetIds, securityGroupId: sg.GroupId! };

  const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
  for (const Bucket of [DATA_BUCKET, ARTIFACTS_BUCKET]) {
    await s3.send(
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
  }
  // Run records (issue 5) go to the Object Lock audit bucket before each job starts.
  await s3.send(
    new CreateBucketCommand({
      Bucket: AUDIT_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
      ObjectLockEnabledForBucket: true,
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: DATA_BUCKET,
      Key: 'datasets/contracts/train/part-0.jsonl',
      Body: '{"text":"x"}\n',
    }),
  );

  const ssm = new SSMClient(clientConfig());
  for (const [key, value] of Object.entries(outputValues()) as [ProjectOutputKey, string][]) {
    await ssm.send(
      new PutParameterCommand({
        Name: `/isotrain/legal/${PROJECT_OUTPUTS[key]}`,
        Value: value,
        Type: 'String',
      }),
    );
  }
});

afterAll(async () => {
  await lifecycle?.stop();
  await moto?.stop();
});

const TRAIN = ['train', '--project', 'legal', '--spec', SPEC];

describe('isotrain train against moto', () => {
  let launched: string;

  test('launches an isolated job from the live SSM parameters; moto records exactly that', async () => {
    const { code, stdout, stderr } = await cli(TRAIN);
    expect(stderr).toMatch(
      /launched arn:aws:sagemaker:eu-west-1:123456789012:training-job\/legal--contracts-lora-dp-/,
    );
    expect(code).toBe(0);
    launched = stdout.trim();
    expect(launched).toMatch(/^legal--contracts-lora-dp-\d{14}-[0-9a-f]{8}$/);

    const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: launched }));
    expect(job.EnableNetworkIsolation).toBe(true);
    expect(job.EnableInterContainerTrafficEncryption).toBe(true);
    expect(job.VpcConfig).toEqual({
      Subnets: network.subnetIds,
      SecurityGroupIds: [network.securityGroupId],
    });
    expect(job.ResourceConfig).toMatchObject({ InstanceType: 'ml.g5.2xlarge', VolumeKmsKeyId: DATA_KEY });
    expect(job.OutputDataConfig).toEqual({
      S3OutputPath: `s3://${ARTIFACTS_BUCKET}/models/`,
      KmsKeyId: ARTIFACTS_KEY,
    });
    expect(job.RoleArn).toBe(ROLE);
    expect(job.CheckpointConfig).toEqual({
      S3Uri: `s3://${ARTIFACTS_BUCKET}/checkpoints/${launched}/`,
      LocalPath: '/opt/ml/checkpoints',
    });
    expect(job.EnableManagedSpotTraining).toBe(true);
    expect(job.InputDataConfig!.map((c) => [c.ChannelName, c.DataSource?.S3DataSource?.S3Uri])).toEqual([
      ['training', `s3://${DATA_BUCKET}/datasets/contracts/train/`],
      ['validation', `s3://${DATA_BUCKET}/datasets/contracts/validation/`],
      ['model', `s3://${DATA_BUCKET}/base-models/llama-3.1-8b/`],
      ['code', `s3://${DATA_BUCKET}/code/finetune-1.4.0.tar.gz`],
    ]);
    expect(job.HyperParameters).toMatchObject({ method: 'lora', dp_enabled: 'true', dp_target_epsilon: '8' });

    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: job.TrainingJobArn }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'isotrain:project', Value: 'legal' },
        { Key: 'isotrain:data-classification', Value: 'confidential' },
        { Key: 'isotrain:launched-by', Value: expect.stringMatching(/^arn:aws:(sts|iam)::123456789012:/) },
        { Key: 'isotrain:job-spec', Value: 'contracts-lora-dp' },
      ]),
    );
  });

  test('with --outputs-file, uses the file and reads no parameter', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-e2e-'));
    const file = path.join(dir, 'outputs.json');
    const v = outputValues();
    fs.writeFileSync(
      file,
      JSON.stringify({
        'legal-Keys': { DataKeyArn: v.DataKeyArn, ArtifactsKeyArn: v.ArtifactsKeyArn },
        'legal-Network': { SubnetIds: v.SubnetIds, TrainingSecurityGroupId: v.TrainingSecurityGroupId },
        'legal-Data': {
          TrainingDataBucket: DATA_BUCKET,
          ArtifactsBucket: ARTIFACTS_BUCKET,
          AuditBucket: AUDIT_BUCKET,
          TrainingRoleArn: ROLE,
        },
      }),
    );
    const before = lifecycle.calls.length;
    const { code, stdout } = await cli([...TRAIN, '--outputs-file', file]);
    expect(code).toBe(0);
    const calls = lifecycle.calls.slice(before);
    expect(calls).not.toContain('AmazonSSM.GetParametersByPath');
    expect(calls).toContain('SageMaker.CreateTrainingJob');
    const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: stdout.trim() }));
    expect(job.VpcConfig?.Subnets).toEqual(network.subnetIds);
  });

  test('--wait follows the job to completion with plain progress lines', async () => {
    const { code, stdout, stderr } = await cli([...TRAIN, '--wait', '--poll-seconds', '1']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\S+Z status InProgress$/m);
    expect(stderr).toMatch(/^\S+Z Starting — Preparing the instances for training$/m);
    expect(stderr).toMatch(/^\S+Z Training — Training image download completed\. Training in progress\.$/m);
    expect(stderr).toMatch(/^\S+Z status Completed$/m);
    expect(stderr).not.toContain('\x1b[');
    expect(stdout).toMatch(/^legal--contracts-lora-dp-\S+\n/);
    expect(stdout).toMatch(/^status: +Completed$/m);
    expect(stdout).toMatch(
      /^model: +s3:\/\/legal-artifacts-e2e\/models\/legal--contracts-lora-dp-\S+\/output\/model\.tar\.gz$/m,
    );
  });

  test('Ctrl-C while following leaves the job running and says how to stop it', async () => {
    const stopsBefore = lifecycle.calls.filter((c) => c === 'SageMaker.StopTrainingJob').length;
    const { code, stdout, stderr } = await cli(
      [...TRAIN, '--wait', '--poll-seconds', '30'],
      /status InProgress/,
    );
    expect(code).toBe(130);
    const name = stdout.trim().split('\n')[0];
    expect(stderr).toContain(`stopped following; ${name} keeps running.`);
    expect(stderr).toContain(`stop it:         npx isotrain stop ${name}`);
    expect(lifecycle.calls.filter((c) => c === 'SageMaker.StopTrainingJob').length).toBe(stopsBefore);
  });

  test('stops a running job and follows it until it has stopped', async () => {
    const started = await cli(TRAIN);
    expect(started.code).toBe(0);
    const name = started.stdout.trim();
    const stopped = await cli(['stop', name, '--wait', '--poll-seconds', '1']);
    expect(stopped.stderr).toContain(`stop requested for ${name}`);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/^status: +Stopped$/m);
    expect(lifecycle.calls).toContain('SageMaker.StopTrainingJob');
    const status = await cli(['status', name]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^job: +legal--contracts-lora-dp-/m);
    expect(status.stdout).toMatch(/^status: +Stopped$/m);
    expect(status.stdout).toMatch(/^transitions:\n( {2}\S+ {2}\w+ — .+\n)+/m);
  });

  test("jobs --project lists the project's jobs, newest first", async () => {
    const { code, stdout } = await cli(['jobs', '--project', 'legal']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^JOB +STATUS +CREATED +DURATION$/);
    expect(rows.length - 1).toBeGreaterThanOrEqual(4);
    expect(rows.slice(1).every((r) => r.startsWith('legal--contracts-lora-dp-'))).toBe(true);
    expect(stdout).toContain(launched);
    const json = await cli(['jobs', '--project', 'legal', '--json', '--max', '2']);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });

  test('a refusal exits 2 after only the read-only identity check and outputs lookup', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-e2e-'));
    const file = path.join(dir, 'exfil.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(SPEC, 'utf8')
        .replace(
          'source: s3://${dataBucket}/code/finetune-1.4.0.tar.gz',
          'source: s3://public-bucket/code.tar.gz',
        ),
    );
    const before = lifecycle.calls.length;
    const { code, stdout, stderr } = await cli(['train', '--project', 'legal', '--spec', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /channels\.code\.source: expected a location inside the project's buckets.*got "s3:\/\/public-bucket\/code\.tar\.gz"/,
    );
    // The account check comes first, then the read-only outputs lookup (two pages of parameters).
    const calls = lifecycle.calls.slice(before);
    expect(calls[0]).toBe('query.GetCallerIdentity');
    expect(new Set(calls)).toEqual(new Set(['query.GetCallerIdentity', 'AmazonSSM.GetParametersByPath']));
  });

  test('status of an unknown job exits 2 and names it', async () => {
    const { code, stderr } = await cli(['status', 'legal-no-such-job']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /JOB: expected a training job in eu-west-1, got "legal-no-such-job" \(not found\)/,
    );
    expect(stderr).toMatch(/isotrain jobs --project <project> lists a project's jobs/);
  });
});
