import * as http from 'node:http';
import * as path from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateProcessingJobCommand,
  DescribeProcessingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '../../../lib/contract';
import { outputsFromFile } from '../../../lib/aws/outputs-file';
import { loadProject } from '../../../lib/launcher/projects';
import { redactionGateProblems } from '../../../lib/launcher/redaction/gate';
import {
  MAX_REPORT_BYTES,
  verifyRedactedChannels,
  type ReportCredentials,
} from '../../../lib/launcher/redaction/verify';
import { JobSpecSchema, type JobSpec } from '../../../lib/launcher/spec';
import { awsEnv, REGION, ROOT, runIn, SPEC } from '../../cli/support';
import { MotoServer, startMoto } from '../../support/moto';
import { specInput } from '../fixtures';
import { project } from '../../helpers';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'redact');
const PROJECTS = path.join(FIXTURES, 'projects');
const OUTPUTS_FILE = path.join(FIXTURES, 'outputs.json');
const DATA_BUCKET = 'legal-trainingdata-cli';
const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/isotrain/redactor@sha256:${'cd'.repeat(32)}`;

const legal = loadProject(PROJECTS, 'legal').config;
const outputs = outputsFromFile('outputs.json', 'legal', OUTPUTS_FILE);
const specWith = (channels: Record<string, string>): JobSpec =>
  JobSpecSchema.parse(
    specInput({
      channels: Object.fromEntries(
        Object.entries({ model: 'base-models/llama/', ...channels }).map(([k, source]) => [k, { source }]),
      ),
    }),
  );

describe('the redaction gate before any call', () => {
  it('refuses every private data channel that reads anything but a redaction job output, naming each', () => {
    const spec = specWith({
      training: 'datasets/contracts/train/',
      validation: 's3://${dataBucket}/redacted/contracts/part-0.jsonl',
      test: 'redacted/contracts/other--redact-20261130120000-abcd/data/',
      model: 'base-models/llama/',
    });
    const problems = redactionGateProblems(spec, 'job.yaml', legal, 'projects/legal.yaml');
    expect(problems.map((p) => p.field)).toEqual([
      'channels.training.source',
      'channels.validation.source',
      'channels.test.source',
    ]);
    expect(problems[0].message).toMatch(
      /training\.requireRedaction is on.*got "datasets\/contracts\/train\/"/,
    );
  });

  it('accepts redaction outputs, and everything when the project turns the gate off', () => {
    const ok = specWith({
      training: 'redacted/contracts/legal--redact-20261130120000-abcd/data/train/',
      validation: 's3://${dataBucket}/redacted/legal--redact-20261130120000-abcd/data/',
    });
    expect(redactionGateProblems(ok, 'job.yaml', legal, 'projects/legal.yaml')).toEqual([]);
    const raw = specWith({ training: 'datasets/contracts/train/' });
    const off = project({ training: { ecrRepositories: ['isotrain/finetune'], requireRedaction: false } });
    expect(redactionGateProblems(raw, 'job.yaml', off, 'projects/legal.yaml')).toEqual([]);
  });
});

describe('against moto', () => {
  let moto: MotoServer;
  let sagemaker: SageMakerClient;
  let s3: S3Client;
  let sts: STSClient;
  let channel: string;
  let job: string;
  /** The sessions reports were read with: verify must read them as the redaction report role. */
  const sessions: ReportCredentials[] = [];
  let s3As: (c: ReportCredentials) => S3Client;

  beforeAll(async () => {
    moto = await startMoto();
    const config = {
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    sagemaker = new SageMakerClient(config);
    s3 = new S3Client({ ...config, forcePathStyle: true });
    sts = new STSClient(config);
    s3As = (credentials) => {
      sessions.push(credentials);
      return new S3Client({ ...config, credentials, forcePathStyle: true });
    };
    await s3.send(
      new CreateBucketCommand({
        Bucket: DATA_BUCKET,
        CreateBucketConfiguration: { LocationConstraint: REGION },
      }),
    );
  });
  afterAll(async () => moto?.stop());

  const redact = (...extra: string[]) =>
    runIn(
      [
        'redact',
        '--project',
        'legal',
        '--projects-dir',
        PROJECTS,
        '--outputs-file',
        OUTPUTS_FILE,
        '--input',
        'datasets/contracts/',
        '--output',
        'redacted/contracts/',
        '--json',
        ...extra,
      ],
      { env: awsEnv(moto.endpoint) },
    );

  /** The gate on a spec, as `isotrain train` runs it before launching (job.yaml of project legal). */
  const verify = (spec: JobSpec, withOutputs: typeof outputs = outputs) =>
    verifyRedactedChannels({ sagemaker, sts }, spec, 'job.yaml', legal, 'legal.yaml', withOutputs, s3As);

  /** A processing job moto records, isolated and writing `redacted/x/<name>`, as `role` with `image`. */
  const recordJob = (name: string, role: string, image: string) =>
    sagemaker.send(
      new CreateProcessingJobCommand({
        ProcessingJobName: name,
        RoleArn: role,
        AppSpecification: { ImageUri: image },
        ProcessingResources: {
          ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 10 },
        },
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'o',
              S3Output: {
                S3Uri: `s3://${DATA_BUCKET}/redacted/x/${name}`,
                LocalPath: '/opt/ml/processing/output',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
        NetworkConfig: { EnableNetworkIsolation: true },
      }),
    );

  it('launches the redaction job under the guardrails', async () => {
    const r = await redact('--types', 'EMAIL,PERSON');
    expect(r.stderr).toMatch(
      /started arn:aws:sagemaker:eu-west-1:123456789012:processing-job\/legal--redact-/,
    );
    expect(r.code).toBe(0);
    ({ job, channel } = JSON.parse(r.stdout) as { job: string; channel: string });
    expect(channel).toBe(`redacted/contracts/${job}/data/`);
    const described = await sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: job }));
    expect(described).toMatchObject({
      AppSpecification: { ImageUri: IMAGE },
      RoleArn: outputs.all.RedactionRoleArn,
      NetworkConfig: {
        EnableNetworkIsolation: true,
        EnableInterContainerTrafficEncryption: true,
        VpcConfig: { Subnets: outputs.subnetIds, SecurityGroupIds: [outputs.securityGroupId] },
      },
    });
  });

  it('names the redaction job and its report counts for each channel', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: DATA_BUCKET,
        Key: `redacted/contracts/${job}/report.json`,
        Body: JSON.stringify({ totals: { records: 12, entities: { PERSON: 7, EMAIL: 3 } } }),
      }),
    );
    const spec = specWith({
      training: `${channel}train/`,
      validation: `s3://\${dataBucket}/${channel}validation/`,
    });
    sessions.length = 0;
    const evidence = await verify(spec);
    expect(evidence).toEqual([
      expect.objectContaining({
        channel: 'training',
        redactionJob: job,
        records: 12,
        entities: { PERSON: 7, EMAIL: 3 },
      }),
      expect.objectContaining({
        channel: 'validation',
        redactionJob: job,
        report: `s3://${DATA_BUCKET}/redacted/contracts/${job}/report.json`,
      }),
    ]);
    // Read as the redaction report role (the only reader the bucket admits from outside), assumed once.
    expect(sessions).toHaveLength(1);
    const asReader = new STSClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: sessions[0],
    });
    const who = await asReader.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/legal-Data-RedactionReportRole-CLI/isotrain-redaction-gate',
    );
  });

  describe('refuses a report that is not one, naming the channel and the report, quoting nothing of it', () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['not JSON', 'Maria Lopez, 4111 1111 1111 1111', /but it is not UTF-8 JSON/],
      [
        'larger than the bound',
        Buffer.alloc(MAX_REPORT_BYTES + 2, 0x20),
        /but it is larger than 1048576 bytes/,
      ],
      ['without totals', '{"files": []}', /but totals holds no object where one is expected/],
      [
        'with a negative count',
        '{"totals": {"records": 3, "entities": {"EMAIL": -1}}}',
        /but totals\.entities holds not a count/,
      ],
      [
        'with a fractional record count',
        '{"totals": {"records": 2.5, "entities": {}}}',
        /totals\.records holds not a count/,
      ],
      [
        'with a key that is not an entity type',
        '{"totals": {"records": 1, "entities": {"Maria Lopez": 1}}}',
        /but totals\.entities holds a key that is not an entity type \(expected one of EMAIL, PERSON/,
      ],
    ];
    it.each(cases)('%s', async (_name, body, why) => {
      const key = `redacted/contracts/${job}/report.json`;
      await s3.send(new PutObjectCommand({ Bucket: DATA_BUCKET, Key: key, Body: body }));
      const refused = verify(specWith({ training: `${channel}train/` }));
      await expect(refused).rejects.toThrow(InputError);
      const message = await refused.catch((e: Error) => e.message);
      expect(message).toMatch(
        new RegExp(
          `^job\\.yaml: channels\\.training\\.source: expected the report of ${job} at s3://${DATA_BUCKET}/${key} to be a redaction report`,
        ),
      );
      expect(message).toMatch(why);
      expect(message).not.toMatch(/Maria|4111/);
    });
  });

  it('refuses a completed job that left no report, naming the channel and the report', async () => {
    const key = `redacted/contracts/${job}/report.json`;
    await s3.send(new DeleteObjectCommand({ Bucket: DATA_BUCKET, Key: key }));
    const refused = verify(specWith({ training: `${channel}train/` }));
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(
      `job.yaml: channels.training.source: expected the report of ${job} at s3://${DATA_BUCKET}/${key}, but there is no such object`,
    );
  });

  it('refuses before any read when the outputs name no redaction report role', async () => {
    const without = { ...outputs, all: { ...outputs.all, RedactionReportRoleArn: undefined } };
    sessions.length = 0;
    const refused = verify(specWith({ training: `${channel}train/` }), without);
    await expect(refused).rejects.toThrow(
      /outputs\.json: RedactionReportRoleArn: expected the deployed redaction report role/,
    );
    expect(sessions).toHaveLength(0);
  });

  it('fails when a channel names a job run as another role than the redaction role (the training role, say)', async () => {
    const other = 'legal--redact-20261130120000-f00d';
    await recordJob(other, outputs.all.TrainingRoleArn!, IMAGE);
    const refused = verify(specWith({ training: `redacted/x/${other}/data/` }));
    await expect(refused).rejects.toThrow(
      /job\.yaml: channels\.training\.source: expected a job run as the project's redaction role \(outputs\.json RedactionRoleArn\), but legal--redact-20261130120000-f00d ran as "arn:aws:iam::123456789012:role\/legal-Data-TrainingRole-CLI"/,
    );
  });

  it('fails when a channel names a job SageMaker does not know, or a job of another image', async () => {
    const other = 'legal--redact-20261130120000-beef';
    await recordJob(
      other,
      outputs.all.RedactionRoleArn!,
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/anything:latest',
    );
    const spec = specWith({
      training: `redacted/x/${other}/data/`,
      validation: 'redacted/x/legal--redact-20261130120000-0000/data/',
    });
    const refused = verify(spec);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(
      /job\.yaml: channels\.training\.source: expected a job of the project's redactor image[\s\S]*job\.yaml: channels\.validation\.source: expected the output of a recorded redaction job, but SageMaker knows no job legal--redact-20261130120000-0000/,
    );
  });
});

describe('isotrain train with requireRedaction on', () => {
  it('exits 2 naming the channel when the spec reads raw uploads, before any call', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls++;
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const r = await runIn(
        [
          'train',
          '--project',
          'legal',
          '--projects-dir',
          PROJECTS,
          '--spec',
          SPEC,
          '--outputs-file',
          OUTPUTS_FILE,
        ],
        { env: awsEnv(`http://127.0.0.1:${port}`) },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /channels\.training\.source: expected the output of a redaction job of this project/,
      );
      expect(r.stderr).toMatch(/channels\.validation\.source: expected the output of a redaction job/);
      expect(calls).toBe(0);
    } finally {
      server.close();
    }
  });
});
