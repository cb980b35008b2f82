import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import {
  RunRecord,
  LAUNCH_GRACE_MS,
  appendStep,
  digestText,
  finalizeRun,
  startedData,
  wipeRun,
  lastStep,
  readAllVersions,
  readRecord,
  recordJobStatus,
  recordKey,
  startRun,
  stepHash,
  verifyRun,
} from '../../lib/governance';
import { MotoServer, startMoto } from '../support/moto';
import { Fixture, OUTPUTS, deployProject, put, tagsOf, trainingRequest, versionsLeft } from './fixture';

const CALLER = {
  arn: 'arn:aws:sts::123456789012:assumed-role/ml-engineer/alice',
  account: '123456789012',
  userId: 'AROA:alice',
};
const BY = CALLER.arn;

describe('run records, verification and wipes against moto', () => {
  let moto: MotoServer;
  let f: Fixture;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto.stop());
  beforeEach(async () => {
    await moto.reset();
    f = await deployProject(moto);
  });

  /** Uploads training data (one key twice: two versions), starts and runs a job, records it. */
  async function trainedRun(jobName: string, channels?: Record<string, string>) {
    const s3 = f.clients.s3;
    const v1 = await put(s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'old contract text');
    const v2 = await put(s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'contract text');
    const b = await put(s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/b.jsonl', 'more text');
    await put(s3, OUTPUTS.TrainingDataBucket, 'datasets/other/c.jsonl', 'not an input');
    const request = trainingRequest(jobName, channels);
    const started = await startRun(f.store, s3, request, CALLER, {
      fineTuning: { method: 'lora', rank: 16 },
    });
    await f.clients.sagemaker.send(new CreateTrainingJobCommand(request));
    await put(s3, OUTPUTS.ArtifactsBucket, `checkpoints/${jobName}/step-100.pt`, 'weights');
    await put(s3, OUTPUTS.ArtifactsBucket, `checkpoints/${jobName}/step-100.pt`, 'weights again');
    const { record } = await recordJobStatus(f.store, f.clients.sagemaker, jobName, BY);
    return { started, record, versions: { v1, v2, b } };
  }

  test('a run record is written before the job starts, chained step to step, and verifies', async () => {
    const { started, record, versions } = await trainedRun('legal-run-1');
    // The first step exists before the job is created and names every input object version.
    expect(started.steps).toHaveLength(1);
    const data = lastStep(started, 'started')?.data;
    expect(data).toMatchObject({
      jobName: 'legal-run-1',
      caller: CALLER,
      image: { digest: `sha256:${'a'.repeat(64)}` },
      instance: { type: 'ml.g5.2xlarge', count: 1 },
      hyperparameters: { method: 'lora', dp_epsilon: '8' },
      details: { fineTuning: { method: 'lora', rank: 16 } },
      output: { s3Uri: 's3://legal-artifacts/models' },
      checkpoints: { s3Uri: 's3://legal-artifacts/checkpoints/legal-run-1/' },
    });
    expect(data!.manifest.map((m) => [m.key, m.versionId, m.size])).toEqual([
      ['datasets/contracts/a.jsonl', versions.v2, 13],
      ['datasets/contracts/b.jsonl', versions.b, 9],
    ]);
    expect(data!.manifest[0].etag).toMatch(/^[0-9a-f]{32}$/);

    expect(record.steps.map((s) => s.type)).toEqual(['started', 'job']);
    expect(record.steps[1].prev).toBe(stepHash(record.steps[0]));
    expect(record.steps[1].data).toMatchObject({
      status: 'Completed',
      modelArtifacts: expect.stringContaining('model.tar.gz'),
    });

    const { versions: stored } = await readAllVersions(f.store, 'legal-run-1');
    expect(stored).toHaveLength(2);
    for (const v of stored) {
      expect(v.lockMode).toBe('COMPLIANCE');
      expect(v.lockUntil!.getTime()).toBeGreaterThan(Date.now() + 2500 * 86_400_000);
    }
    expect(await verifyRun(f.store, 'legal-run-1', { lockMode: 'COMPLIANCE' })).toMatchObject({
      ok: true,
      versions: 2,
      problems: [],
    });
  });

  test('fails verification when a record is edited (a new version with changed history)', async () => {
    await trainedRun('legal-run-2');
    const { record } = await readRecord(f.store, 'legal-run-2');
    const edited = JSON.parse(JSON.stringify(record)) as RunRecord;
    (edited.steps[0].data as { manifest: { size: number }[] }).manifest[0].size = 1;
    await f.clients.s3.send(
      new PutObjectCommand({
        Bucket: OUTPUTS.AuditBucket,
        Key: recordKey('legal-run-2'),
        Body: JSON.stringify(edited),
      }),
    );
    const result = await verifyRun(f.store, 'legal-run-2');
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/version 3 .*: 2 step\(s\), expected 3/),
        expect.stringMatching(/version 3 .*: step 0 \(started\) differs/),
        expect.stringMatching(/step 1 \(job\) carries prev .* but the previous step hashes to/),
      ]),
    );
  });

  test('fails verification when a step is appended with a broken hash link', async () => {
    await trainedRun('legal-run-3');
    const { record } = await readRecord(f.store, 'legal-run-3');
    const forged = {
      ...record,
      steps: [...record.steps, { ...record.steps[1], seq: 2, prev: 'f'.repeat(64) }],
    };
    await f.clients.s3.send(
      new PutObjectCommand({
        Bucket: OUTPUTS.AuditBucket,
        Key: recordKey('legal-run-3'),
        Body: JSON.stringify(forged),
      }),
    );
    const result = await verifyRun(f.store, 'legal-run-3');
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/step 2 \(job\) carries prev f{64}/);
  });

  test('fails verification when a delete marker hides the record; locked versions cannot be deleted', async () => {
    await trainedRun('legal-run-4');
    const { versions } = await readAllVersions(f.store, 'legal-run-4');
    await expect(
      f.clients.s3.send(
        new DeleteObjectCommand({
          Bucket: OUTPUTS.AuditBucket,
          Key: recordKey('legal-run-4'),
          VersionId: versions[0].versionId,
        }),
      ),
    ).rejects.toThrow(/Access Denied/);
    await f.clients.s3.send(
      new DeleteObjectCommand({ Bucket: OUTPUTS.AuditBucket, Key: recordKey('legal-run-4') }),
    );
    const result = await verifyRun(f.store, 'legal-run-4');
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/delete marker .* hides the record/);
  });

  test('a second start of the same run is refused: history is never overwritten', async () => {
    await trainedRun('legal-run-5');
    await expect(startRun(f.store, f.clients.s3, trainingRequest('legal-run-5'), CALLER)).rejects.toThrow(
      /already exists/,
    );
  });

  test('immediate wipe deletes every version of every input object and checkpoint, and records it', async () => {
    await trainedRun('legal-run-6');
    const { wipe, record } = await finalizeRun(f.store, f.clients, 'legal-run-6', 'immediate', BY);
    expect(wipe).toMatchObject({ mode: 'immediate', status: 'complete', kept: [], errors: [] });
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toEqual([]);
    expect(await versionsLeft(f.clients.s3, OUTPUTS.ArtifactsBucket, 'checkpoints/legal-run-6/')).toEqual([]);
    // Only inputs: the object outside the channel stays.
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/other/')).toHaveLength(1);
    // Inputs by key; checkpoint files, named by the container, only by their key's digest.
    expect(wipe.wiped.map((w) => [w.key ?? w.keyDigest, w.versions.length])).toEqual([
      [digestText('checkpoints/legal-run-6/step-100.pt'), 2],
      ['datasets/contracts/a.jsonl', 2],
      ['datasets/contracts/b.jsonl', 1],
    ]);
    expect(JSON.stringify(record)).not.toContain('step-100.pt');
    expect(record.steps.map((s) => s.type)).toEqual(['started', 'job', 'wipe', 'artifacts']);
    expect((await verifyRun(f.store, 'legal-run-6')).ok).toBe(true);
    // Finalizing again changes nothing.
    expect((await finalizeRun(f.store, f.clients, 'legal-run-6', 'immediate', BY)).alreadyDone).toBe(true);
  });

  test('tag wipe tags every version for the lifecycle rule and keeps existing tags', async () => {
    const { versions } = await trainedRun('legal-run-7');
    await f.clients.s3.send(
      new PutObjectTaggingCommand({
        Bucket: OUTPUTS.TrainingDataBucket,
        Key: 'datasets/contracts/a.jsonl',
        VersionId: versions.v1,
        Tagging: { TagSet: [{ Key: 'source', Value: 'hr-export' }] },
      }),
    );
    const { wipe } = await finalizeRun(f.store, f.clients, 'legal-run-7', 'tag', BY);
    expect(wipe).toMatchObject({ mode: 'tag', status: 'complete' });
    expect(
      await tagsOf(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', versions.v1),
    ).toEqual({
      source: 'hr-export',
      'isotrain:wipe': 'true',
    });
    for (const v of [versions.v2, versions.b]) {
      const key = v === versions.b ? 'datasets/contracts/b.jsonl' : 'datasets/contracts/a.jsonl';
      expect(await tagsOf(f.clients.s3, OUTPUTS.TrainingDataBucket, key, v)).toEqual({
        'isotrain:wipe': 'true',
      });
    }
    const left = await versionsLeft(f.clients.s3, OUTPUTS.ArtifactsBucket, 'checkpoints/legal-run-7/');
    expect(left).toHaveLength(2);
    for (const v of left) {
      const [key, id] = v.split('@');
      expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, key, id)).toEqual({
        'isotrain:wipe': 'true',
      });
    }
    const other = (await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/other/'))[0].split(
      '@',
    );
    expect(await tagsOf(f.clients.s3, OUTPUTS.TrainingDataBucket, other[0], other[1])).toEqual({});
  });

  test('off records that nothing was wiped', async () => {
    await trainedRun('legal-run-8');
    const { wipe } = await finalizeRun(f.store, f.clients, 'legal-run-8', 'off', BY);
    expect(wipe).toMatchObject({ mode: 'off', status: 'skipped', wiped: [] });
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toHaveLength(
      3,
    );
  });

  test('a wipe never touches objects another active run still uses', async () => {
    await trainedRun('legal-run-9');
    // Another run started on b.jsonl and has not ended (its job not yet created).
    await startRun(
      f.store,
      f.clients.s3,
      trainingRequest('legal-run-10', { train: 'datasets/contracts/b.jsonl' }),
      CALLER,
    );
    const { wipe } = await finalizeRun(f.store, f.clients, 'legal-run-9', 'immediate', BY);
    expect(wipe.kept).toEqual([
      { bucket: OUTPUTS.TrainingDataBucket, key: 'datasets/contracts/b.jsonl', usedBy: ['legal-run-10'] },
    ]);
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toEqual([
      expect.stringMatching(/^datasets\/contracts\/b\.jsonl@/),
    ]);
  });

  test('a run whose job was never created blocks a wipe only within the launch grace period', async () => {
    await trainedRun('legal-run-13');
    const shared = trainingRequest('legal-run-14', { train: 'datasets/contracts/b.jsonl' });
    const old = new Date(Date.now() - LAUNCH_GRACE_MS - 60_000);
    // Recorded long ago and never created in SageMaker (its launch was refused): it reads nothing.
    await appendStep(f.store, 'legal-run-14', {
      type: 'started',
      by: BY,
      at: old,
      data: await startedData(f.clients.s3, shared, CALLER),
    });
    const { wipe } = await finalizeRun(f.store, f.clients, 'legal-run-13', 'immediate', BY);
    expect(wipe.kept).toEqual([]);
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toEqual([]);
  });

  test('fails when the run is still running: its inputs are in use, nothing is wiped', async () => {
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'text');
    await startRun(f.store, f.clients.s3, trainingRequest('legal-run-15'), CALLER);
    await appendStep(f.store, 'legal-run-15', { type: 'job', by: BY, data: { status: 'InProgress' } });
    await expect(wipeRun(f.store, f.clients, 'legal-run-15', 'immediate', BY)).rejects.toThrow(
      /run 'legal-run-15' is still InProgress; finalize it after its job ends/,
    );
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toHaveLength(
      1,
    );
  });

  test('a failure half-way is recorded as partial and a second finalize resumes', async () => {
    // An input under legal hold cannot be deleted: the wipe must carry on, report it and resume later.
    const locked = 'legal-locked-inputs';
    await f.clients.s3.send(
      new CreateBucketCommand({
        Bucket: locked,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        ObjectLockEnabledForBucket: true,
      }),
    );
    await f.clients.s3.send(
      new PutBucketVersioningCommand({ Bucket: locked, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const held = await put(f.clients.s3, locked, 'base/weights.bin', 'base model');
    await f.clients.s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: locked,
        Key: 'base/weights.bin',
        VersionId: held,
        LegalHold: { Status: 'ON' },
      }),
    );
    const request = trainingRequest('legal-run-11');
    request.InputDataConfig!.push({
      ChannelName: 'model',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${locked}/base/` } },
    });
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'text');
    // The spec says this base model is wiped with the run (channels.model.wipe: true).
    await startRun(f.store, f.clients.s3, request, CALLER, {}, ['train', 'model']);
    await f.clients.sagemaker.send(new CreateTrainingJobCommand(request));

    const first = await finalizeRun(f.store, f.clients, 'legal-run-11', 'immediate', BY);
    expect(first.wipe.status).toBe('partial');
    expect(first.wipe.errors).toEqual([
      { bucket: locked, key: 'base/weights.bin', error: expect.stringMatching(/AccessDenied/) },
    ]);
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/')).toEqual([]);

    await f.clients.s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: locked,
        Key: 'base/weights.bin',
        VersionId: held,
        LegalHold: { Status: 'OFF' },
      }),
    );
    const second = await finalizeRun(f.store, f.clients, 'legal-run-11', 'immediate', BY);
    expect(second).toMatchObject({ alreadyDone: false, wipe: { status: 'complete', errors: [] } });
    expect(await versionsLeft(f.clients.s3, locked, 'base/')).toEqual([]);
    const { record } = await readRecord(f.store, 'legal-run-11');
    expect(record.steps.map((s) => s.type)).toEqual(['started', 'job', 'wipe', 'wipe', 'artifacts']);
  });

  test('the record is readable JSON in the audit bucket, one step per version', async () => {
    await trainedRun('legal-run-12');
    const res = await f.clients.s3.send(
      new GetObjectCommand({ Bucket: OUTPUTS.AuditBucket, Key: recordKey('legal-run-12') }),
    );
    const record = JSON.parse(await res.Body!.transformToString()) as RunRecord;
    expect(record).toMatchObject({
      format: 'isotrain.run-record/1',
      project: 'legal',
      runId: 'legal-run-12',
    });
    expect(record.head).toBe(stepHash(record.steps[1]));
  });
});
