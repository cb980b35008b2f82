import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateProcessingJobRequest,
  ListTrainingJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { RunRecord, lastStep, recordKey } from '../../lib/governance';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { MotoServer, startMoto } from '../support/moto';
import { tagsOf, versionsLeft } from '../governance/fixture';
import { EVAL_SPEC, PROJECTS, SPEC, runIn } from './support';

/**
 * Issue 5's acceptance, end to end on moto: `isotrain train --wait` writes and chains the run record
 * and wipes at the end; `verify` passes, then fails once the record is edited; `release` refuses
 * results above a threshold and tags nothing. The lifecycle layer gives moto's jobs their states.
 */
const ROOT = path.join(__dirname, '..', '..');
const REGION = 'eu-west-1';
const DATA = 'legal-trainingdata-gov';
const ARTIFACTS = 'legal-artifacts-gov';
const AUDIT = 'legal-audit-gov';
const INPUTS = [
  [DATA, 'datasets/contracts/train/part-0.jsonl'],
  [DATA, 'datasets/contracts/train/part-1.jsonl'],
  [DATA, 'datasets/contracts/validation/part-0.jsonl'],
  [DATA, 'base-models/llama-3.1-8b/model.safetensors'],
  [DATA, 'code/finetune-1.4.0.tar.gz'],
] as const;
/** The run's private data (training, validation) and the inputs every run shares (base model, code). */
const PRIVATE = INPUTS.filter(([, key]) => key.startsWith('datasets/'));
const SHARED = INPUTS.filter(([, key]) => !key.startsWith('datasets/'));

let moto: MotoServer;
let lifecycle: JobLifecycle;
/** What the next evaluation container writes to its results.json when its job completes. */
let nextResults: unknown;
let s3: S3Client;
let dir: string;
const sagemaker = () =>
  new SageMakerClient({
    region: REGION,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
let env: NodeJS.ProcessEnv;

/** The CLI in-process with the fixture's environment; polls without waiting. */
function cli(...argv: string[]) {
  return runIn(argv, { env, cwd: ROOT, deps: { sleep: () => Promise.resolve() } });
}

beforeAll(async () => {
  moto = await startMoto();
  // moto runs no container: the lifecycle layer uploads what SageMaker would have, while the job runs.
  lifecycle = await startJobLifecycle(moto.endpoint, 2, {
    outputs: true,
    onComplete: async (kind, name, job) => {
      if (kind === 'training') {
        await s3.send(
          new PutObjectCommand({
            Bucket: ARTIFACTS,
            Key: `models/${name}/output/model.tar.gz`,
            Body: 'weights',
          }),
        );
        return;
      }
      if (nextResults === undefined) return;
      const out = (job as unknown as CreateProcessingJobRequest).ProcessingOutputConfig!.Outputs![0];
      await s3.send(
        new PutObjectCommand({
          Bucket: ARTIFACTS,
          Key: `${out.S3Output!.S3Uri!.replace(`s3://${ARTIFACTS}/`, '')}/results.json`,
          Body: JSON.stringify(nextResults),
        }),
      );
    },
  });
  s3 = new S3Client({
    region: REGION,
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });

  for (const Bucket of [DATA, ARTIFACTS, AUDIT]) {
    await s3.send(
      new CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: REGION },
        // Object Lock on the data bucket too (no default retention): a legal hold makes a wipe fail half-way.
        ObjectLockEnabledForBucket: Bucket === AUDIT || Bucket === DATA || undefined,
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: AUDIT,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
      },
    }),
  );
  for (const [Bucket, Key] of INPUTS) {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: `first ${Key}` }));
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: `second ${Key}` }));
  }
  // Not an input of the job: must survive the wipe.
  await s3.send(new PutObjectCommand({ Bucket: DATA, Key: 'datasets/other/keep.jsonl', Body: 'keep' }));

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-train-gov-'));
  fs.mkdirSync(path.join(dir, 'projects'));
  const legal = fs.readFileSync(path.join(PROJECTS, 'legal.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'projects', 'legal.yaml'), `${legal}\nwipeAfterTraining: immediate\n`);
  fs.writeFileSync(
    path.join(dir, 'outputs.json'),
    JSON.stringify({
      'legal-Keys': {
        DataKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/data',
        ArtifactsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/artifacts',
      },
      'legal-Network': {
        SubnetIds: 'subnet-0a1b2c3d,subnet-4e5f6a7b',
        TrainingSecurityGroupId: 'sg-0a1b2c3d4e5f6a7b8',
      },
      'legal-Data': {
        TrainingDataBucket: DATA,
        ArtifactsBucket: ARTIFACTS,
        AuditBucket: AUDIT,
        TrainingRoleArn: 'arn:aws:iam::123456789012:role/legal-Data-TrainingRole',
      },
    }),
  );
  fs.copyFileSync(EVAL_SPEC, path.join(dir, 'eval.yaml'));
  // The CLI's SDK clients take the standard configuration from the environment it is given.
  env = {
    ...moto.env(REGION),
    AWS_ENDPOINT_URL: lifecycle.endpoint,
    ISOTRAIN_PROJECTS_DIR: path.join(dir, 'projects'),
  };
});

afterAll(async () => {
  await lifecycle?.stop();
  await moto?.stop();
});

describe('isotrain train --wait with the run record and the wipe (issue 5 acceptance)', () => {
  let run: string;
  const outputs = () => path.join(dir, 'outputs.json');
  /** `isotrain train --wait` of the fixture spec into the fixture project. */
  const trainAndWait = () =>
    cli(
      'train',
      '--project',
      'legal',
      '--spec',
      SPEC,
      '--outputs-file',
      outputs(),
      '--projects-dir',
      path.join(dir, 'projects'),
      '--wait',
    );

  test('train --wait leaves a chained run record, wipes every version of its private data (never the base model or code), and verify exits 0', async () => {
    const trained = await trainAndWait();
    expect(trained.stderr).not.toMatch(/isotrain: /);
    expect(trained.code).toBe(0);
    run = trained.stdout.split('\n')[0].trim();
    expect(run).toMatch(/^legal--contracts-lora-dp-\d{14}-[0-9a-f]{8}$/);

    const res = await s3.send(new GetObjectCommand({ Bucket: AUDIT, Key: recordKey(run) }));
    const record = JSON.parse(await res.Body!.transformToString()) as RunRecord;
    const types = record.steps.map((s) => s.type);
    expect(types[0]).toBe('started');
    expect(types.slice(-2)).toEqual(['wipe', 'artifacts']);
    expect(types.filter((t) => t === 'job').length).toBeGreaterThanOrEqual(3);
    const started = lastStep(record, 'started')!.data;
    expect(started.manifest.map((m) => `${m.bucket}/${m.key}`).sort()).toEqual(
      INPUTS.map(([b, k]) => `${b}/${k}`).sort(),
    );
    expect(started.details).toMatchObject({
      spec: { method: { type: 'lora', rank: 16 }, privacy: { targetEpsilon: 8 } },
    });
    expect(started.hyperparameters).toMatchObject({ method: 'lora' });
    expect(started.caller.arn).toMatch(/^arn:aws:(sts|iam)::123456789012:/);
    expect(lastStep(record, 'job')!.data).toMatchObject({
      status: 'Completed',
      jobArn: expect.stringContaining(run),
    });
    expect(lastStep(record, 'wipe')!.data).toMatchObject({
      mode: 'immediate',
      status: 'complete',
      errors: [],
    });

    expect(started.channels).toEqual([
      { name: 'training', s3Uri: `s3://${DATA}/datasets/contracts/train/`, wipe: true },
      { name: 'validation', s3Uri: `s3://${DATA}/datasets/contracts/validation/`, wipe: true },
      { name: 'model', s3Uri: `s3://${DATA}/base-models/llama-3.1-8b/`, wipe: false },
      { name: 'code', s3Uri: `s3://${DATA}/code/finetune-1.4.0.tar.gz`, wipe: false },
    ]);
    for (const [bucket, key] of PRIVATE) expect(await versionsLeft(s3, bucket, key)).toEqual([]);
    for (const [bucket, key] of SHARED) expect(await versionsLeft(s3, bucket, key)).toHaveLength(2);
    expect(await versionsLeft(s3, DATA, 'datasets/other/')).toHaveLength(1);

    const verified = await cli('verify', run, '--outputs-file', outputs());
    expect(verified.stdout).toMatch(/^ok: /);
    expect(verified.code).toBe(0);
  });

  test('editing that record makes verify exit 1', async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: AUDIT, Key: recordKey(run) }));
    const edited = (await res.Body!.transformToString()).replace('"immediate"', '"off"');
    await s3.send(new PutObjectCommand({ Bucket: AUDIT, Key: recordKey(run), Body: edited }));
    const verified = await cli('verify', run, '--outputs-file', outputs());
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^BROKEN: /);
  });

  test('release exits 1 on results above a threshold and tags nothing', async () => {
    // A second run: the first record was tampered with on purpose.
    const trained = await trainAndWait();
    for (const [Bucket, Key] of INPUTS)
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'restored' }));
    expect(trained.code).toBe(0);
    const second = trained.stdout.split('\n')[0].trim();
    const modelKey = `models/${second}/output/model.tar.gz`;
    const [model] = (await versionsLeft(s3, ARTIFACTS, modelKey)).map((v) => v.split('@')[1]);
    expect(await tagsOf(s3, ARTIFACTS, modelKey, model)).toEqual({ 'isotrain:artifact': 'unreleased' });

    // The evaluation container writes these before its job completes.
    nextResults = {
      format: 'isotrain.privacy-results/1',
      membershipInferenceAuc: 0.62,
      extractionHits: 0,
      canaryExposure: 3,
    };
    const evaluated = await cli(
      'evaluate',
      second,
      '--spec',
      path.join(dir, 'eval.yaml'),
      '--outputs-file',
      outputs(),
      '--wait',
    );
    expect(evaluated.code).toBe(0);
    const released = await cli('release', second, '--outputs-file', outputs());
    expect(released.code).toBe(1);
    expect(released.stdout).toMatch(
      /membershipInferenceAuc 0\.62 is above privacy\.maxMembershipInferenceAuc 0\.55/,
    );
    expect(await tagsOf(s3, ARTIFACTS, modelKey, model)).toEqual({ 'isotrain:artifact': 'unreleased' });
    nextResults = undefined;
    expect((await cli('verify', second, '--outputs-file', outputs())).code).toBe(0);
  });

  test('a wipe that fails half-way fails train --wait, is recorded, and finalize resumes it', async () => {
    for (const [Bucket, Key] of INPUTS) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'again' }));
    const held = INPUTS[2][1]; // the validation data: private, so wiped
    const heldVersion = (await s3.send(new PutObjectCommand({ Bucket: DATA, Key: held, Body: 'held' })))
      .VersionId!;
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: DATA,
        Key: held,
        VersionId: heldVersion,
        LegalHold: { Status: 'ON' },
      }),
    );
    const trained = await trainAndWait();
    expect(trained.code).toBe(1);
    const third = trained.stdout.split('\n')[0].trim();
    expect(trained.stderr).toMatch(
      new RegExp(`wipe is incomplete .*${held}.*resume with: npx isotrain finalize ${third}`),
    );
    expect(await versionsLeft(s3, DATA, INPUTS[0][1])).toEqual([]);
    expect(await versionsLeft(s3, DATA, held)).toEqual([`${held}@${heldVersion}`]);

    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: DATA,
        Key: held,
        VersionId: heldVersion,
        LegalHold: { Status: 'OFF' },
      }),
    );
    const finalized = await cli('finalize', third, '--outputs-file', outputs());
    expect(finalized.code).toBe(0);
    expect(await versionsLeft(s3, DATA, held)).toEqual([]);
    const shown = await cli('show', third, '--outputs-file', outputs(), '--json');
    const record = JSON.parse(shown.stdout) as RunRecord;
    expect(
      record.steps.filter((st) => st.type === 'wipe').map((st) => (st.data as { status: string }).status),
    ).toEqual(['partial', 'complete']);
    expect((await cli('verify', third, '--outputs-file', outputs())).code).toBe(0);
  });

  test('wipeAfterTraining: tag tags only the private data, never the base model or code; a run on tagged inputs is refused (issue 8 acceptance)', async () => {
    const projectFile = path.join(dir, 'projects', 'legal.yaml');
    const immediate = fs.readFileSync(projectFile, 'utf8');
    fs.writeFileSync(
      projectFile,
      immediate.replace('wipeAfterTraining: immediate', 'wipeAfterTraining: tag'),
    );
    try {
      for (const [Bucket, Key] of INPUTS) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'fresh' }));
      const trained = await trainAndWait();
      expect(trained.stderr).not.toMatch(/isotrain: /);
      expect(trained.code).toBe(0);
      const run = trained.stdout.split('\n')[0].trim();
      for (const [bucket, key] of PRIVATE)
        for (const v of await versionsLeft(s3, bucket, key))
          expect(await tagsOf(s3, bucket, key, v.split('@')[1])).toEqual({ 'isotrain:wipe': 'true' });
      for (const [bucket, key] of SHARED) {
        const versions = await versionsLeft(s3, bucket, key);
        expect(versions.length).toBeGreaterThan(0);
        for (const v of versions) expect(await tagsOf(s3, bucket, key, v.split('@')[1])).toEqual({});
      }
      const modelKey = `models/${run}/output/model.tar.gz`;
      const [model] = (await versionsLeft(s3, ARTIFACTS, modelKey)).map((v) => v.split('@')[1]);
      expect(await tagsOf(s3, ARTIFACTS, modelKey, model)).toEqual({ 'isotrain:artifact': 'unreleased' });

      // The same inputs again: they expire within a day, so the launch is refused before anything is sent.
      const jobs = async () =>
        (await sagemaker().send(new ListTrainingJobsCommand({}))).TrainingJobSummaries?.length;
      const before = await jobs();
      const records = (await versionsLeft(s3, AUDIT, 'runs/')).length;
      const again = await trainAndWait();
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        new RegExp(
          `${PRIVATE.length} input object\\(s\\) are tagged isotrain:wipe=true \\(a finished run's wipe\\) and expire within a day; nothing was launched`,
        ),
      );
      expect(again.stderr).toMatch(
        /isotrain:wipe=true \(a finished run's wipe\) and expire within a day; nothing was launched/,
      );
      expect(again.stderr).toMatch(
        new RegExp(`channels\\.training: s3://${DATA}/datasets/contracts/train/part-0\\.jsonl version \\S+`),
      );
      expect(again.stderr).toMatch(
        /channels\.validation: s3:\/\/\S+\/datasets\/contracts\/validation\/part-0\.jsonl/,
      );
      expect(await jobs()).toBe(before);
      expect((await versionsLeft(s3, AUDIT, 'runs/')).length).toBe(records);
    } finally {
      fs.writeFileSync(projectFile, immediate);
      // New versions carry no tag: later tests train on them.
      for (const [Bucket, Key] of INPUTS) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'new' }));
    }
  });

  test('no run record, no job: a launch whose record cannot be written is refused', async () => {
    const before = (await sagemaker().send(new ListTrainingJobsCommand({}))).TrainingJobSummaries?.length;
    const file = path.join(dir, 'outputs-no-audit.json');
    const outputsJson = JSON.parse(fs.readFileSync(outputs(), 'utf8'));
    outputsJson['legal-Data'].AuditBucket = 'legal-audit-missing';
    fs.writeFileSync(file, JSON.stringify(outputsJson));
    const train = (outputsFile: string) =>
      cli(
        'train',
        '--project',
        'legal',
        '--spec',
        SPEC,
        '--outputs-file',
        outputsFile,
        '--projects-dir',
        path.join(dir, 'projects'),
      );
    const missingBucket = await train(file);
    expect(missingBucket.code).toBe(1);
    expect(missingBucket.stderr).toMatch(
      /cannot write the run record to s3:\/\/legal-audit-missing\/runs\/legal--contracts-lora-dp-.*\(NoSuchBucket\); nothing was launched\.\n.*the bucket legal-audit-missing does not exist in eu-west-1/,
    );

    delete outputsJson['legal-Data'].AuditBucket;
    fs.writeFileSync(file, JSON.stringify(outputsJson));
    const noAudit = await train(file);
    expect(noAudit.code).toBe(2);
    expect(noAudit.stderr).toMatch(/AuditBucket: expected the project's audit bucket/);
    expect((await sagemaker().send(new ListTrainingJobsCommand({}))).TrainingJobSummaries?.length).toBe(
      before,
    );
  });
});
