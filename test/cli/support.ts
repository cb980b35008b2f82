import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ProjectOutputKey, parameterName } from '../../lib/contract';
import { CliDeps, CliIo } from '../../lib/cli/context';
import { runCli } from '../../lib/cli/main';

export const ROOT = path.join(__dirname, '..', '..');
/** Project files, specs and outputs of the `legal` test project (test/fixtures/cli/). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
export const PROJECTS = path.join(FIXTURES, 'projects');
export const SPEC = path.join(FIXTURES, 'spec.yaml');
export const OUTPUTS_FILE = path.join(FIXTURES, 'outputs.json');
export const EVAL_SPEC = path.join(FIXTURES, 'eval.yaml');
export const REGION = 'eu-west-1';
/** What moto's STS answers. */
export const MOTO_ACCOUNT = '123456789012';

/** The fixture outputs, flat: output key → value. */
export const OUTPUT_VALUES = Object.assign(
  {},
  ...Object.values(JSON.parse(fs.readFileSync(OUTPUTS_FILE, 'utf8')) as Record<string, object>),
) as Record<ProjectOutputKey, string>;

/** An in-memory io for running commands in-process: what they wrote, and a chosen TTY flag. */
export function memoryIo(options: { tty?: boolean; env?: CliIo['env']; cwd?: string } = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const io: CliIo = {
    stdout: Object.assign(out, { isTTY: options.tty }),
    stderr: Object.assign(err, { isTTY: options.tty }),
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in-process (the same runCli bin/isotrain.ts runs). */
export async function runIn(
  argv: readonly string[],
  options: { env?: CliIo['env']; cwd?: string; deps?: CliDeps; tty?: boolean } = {},
): Promise<CliResult> {
  const m = memoryIo(options);
  const code = await runCli(argv, m.io, options.deps ?? {}, 'test');
  // Let the PassThrough streams deliver what was written.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** Environment for the SDK and the CLI against an endpoint (moto, or a proxy in front of it). */
export function awsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
  };
}

export const INPUTS = [
  [OUTPUT_VALUES.TrainingDataBucket, 'datasets/contracts/train/part-0.jsonl'],
  [OUTPUT_VALUES.TrainingDataBucket, 'datasets/contracts/validation/part-0.jsonl'],
  [OUTPUT_VALUES.TrainingDataBucket, 'base-models/llama-3.1-8b/model.safetensors'],
  [OUTPUT_VALUES.ArtifactsBucket, 'code/finetune-1.4.0.tar.gz'],
] as const;

/**
 * The `legal` project as deployed in moto: its versioned data and artifact buckets with the job's
 * inputs, the Object Lock audit bucket, and, with `parameters`, its SSM parameters.
 */
export async function deployLegal(
  motoEndpoint: string,
  options: { parameters?: boolean } = {},
): Promise<void> {
  const config = {
    endpoint: motoEndpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const v = OUTPUT_VALUES;
  for (const Bucket of [v.TrainingDataBucket, v.ArtifactsBucket, v.AuditBucket]) {
    await s3.send(
      new CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: REGION },
        ObjectLockEnabledForBucket: Bucket === v.AuditBucket || undefined,
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: v.AuditBucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
      },
    }),
  );
  for (const [Bucket, Key] of INPUTS)
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: `data of ${Key}` }));
  if (options.parameters) {
    const ssm = new SSMClient(config);
    for (const [key, value] of Object.entries(v) as [ProjectOutputKey, string][])
      await ssm.send(
        new PutParameterCommand({ Name: parameterName('legal', key), Value: value, Type: 'String' }),
      );
  }
}
