import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListProcessingJobsCommand, CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ProjectOutputKey, parameterName } from '../../lib/contract';
import { appendStep, readRecord, recordJobStatus, recordKey, startRun, lastStep } from '../../lib/governance';
import { MotoServer, startMoto } from '../support/moto';
import { EVAL_SPEC, MOTO_ACCOUNT, runIn } from './support';
import {
  Fixture,
  OUTPUTS,
  deployProject,
  put,
  tagsOf,
  trainingRequest,
  versionsLeft,
} from '../governance/fixture';

const CALLER = { arn: 'arn:aws:sts::123456789012:user/moto', account: '123456789012', userId: 'moto' };
const MODEL_KEY = (run: string) => `models/${run}/output/model.tar.gz`;

const PASSING = {
  format: 'isotrain.privacy-results/1',
  membershipInferenceAuc: 0.51,
  extractionHits: 0,
  canaryExposure: 2.5,
};

/** The fixture project in moto's account, its image repository there too. */
const IN_MOTO_ACCOUNT = {
  account: MOTO_ACCOUNT,
  training: { ecrRepositories: [`arn:aws:ecr:eu-west-1:${MOTO_ACCOUNT}:repository/isotrain/finetune`] },
};

describe('isotrain runs / show / verify / finalize / evaluate / release against moto', () => {
  let moto: MotoServer;
  let f: Fixture & { cli(...argv: string[]): ReturnType<typeof runIn> };
  const deploy = async (overrides = {}) => {
    const fixture = await deployProject(moto, { ...IN_MOTO_ACCOUNT, ...overrides });
    fs.copyFileSync(EVAL_SPEC, path.join(fixture.dir, 'eval.yaml'));
    // The CLI in-process, with the fixture's environment; polls without waiting.
    const cli = (...argv: string[]) =>
      runIn(argv, { env: fixture.env, cwd: fixture.dir, deps: { sleep: () => Promise.resolve() } });
    return Object.assign(fixture, { cli });
  };
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto.stop());
  beforeEach(async () => {
    await moto.reset();
    f = await deploy();
  });

  async function trainedRun(run: string) {
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'contract text');
    const request = trainingRequest(run);
    await startRun(f.store, f.clients.s3, request, CALLER);
    await f.clients.sagemaker.send(new CreateTrainingJobCommand(request));
    await recordJobStatus(f.store, f.clients.sagemaker, run, CALLER.arn);
    // moto records the job but runs no container: write the model the job would have written.
    return put(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY(run), 'model weights');
  }

  /** Starts an evaluation through the CLI and writes the results its image would have written. */
  async function evaluated(run: string, results: unknown) {
    const started = await f.cli('evaluate', run, '--spec', 'eval.yaml', '--outputs-file', f.outputsFile);
    expect(started).toMatchObject({ code: 0 });
    const { record } = await readRecord(f.store, run);
    const uri = lastStep(record, 'evaluation')!.data.resultsUri;
    const key = uri.replace(`s3://${OUTPUTS.ArtifactsBucket}/`, '');
    await f.clients.s3.send(
      new PutObjectCommand({ Bucket: OUTPUTS.ArtifactsBucket, Key: key, Body: JSON.stringify(results) }),
    );
    return key;
  }

  test('verify exits 0 on an intact record and 1 once the record is edited', async () => {
    await trainedRun('legal-ok');
    const ok = await f.cli('verify', 'legal-ok', '--outputs-file', f.outputsFile);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: run legal-ok: 2 version\(s\), chain intact/);

    const { record } = await readRecord(f.store, 'legal-ok');
    const edited = JSON.stringify(record).replace('"ml.g5.2xlarge"', '"ml.g5.48xlarge"');
    await f.clients.s3.send(
      new PutObjectCommand({ Bucket: OUTPUTS.AuditBucket, Key: recordKey('legal-ok'), Body: edited }),
    );
    const broken = await f.cli('verify', 'legal-ok', '--outputs-file', f.outputsFile);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN: run legal-ok/);
    expect(broken.stdout).toMatch(/step 0 \(started\) differs/);
  });

  test('runs lists the project runs and show prints one', async () => {
    await trainedRun('legal-a');
    await trainedRun('legal-b');
    const runs = await f.cli('runs', '--project', 'legal', '--outputs-file', f.outputsFile, '--json');
    expect(runs.code).toBe(0);
    // One JSON document: an array of runs.
    expect(JSON.parse(runs.stdout)).toEqual([
      expect.objectContaining({
        runId: 'legal-a',
        jobStatus: 'Completed',
        wipe: 'pending',
        release: 'none',
        steps: 2,
      }),
      expect.objectContaining({ runId: 'legal-b', jobStatus: 'Completed' }),
    ]);
    const table = await f.cli('runs', '--project', 'legal', '--outputs-file', f.outputsFile);
    expect(table.stdout).toMatch(/^RUN\s+STARTED\s+JOB/);
    await f.clients.s3.send(
      new PutObjectCommand({ Bucket: OUTPUTS.AuditBucket, Key: recordKey('legal-b'), Body: '{garbled' }),
    );
    const garbled = await f.cli('runs', '--project', 'legal', '--outputs-file', f.outputsFile);
    expect(garbled.code).toBe(0);
    expect(garbled.stdout).toMatch(/legal-a\s+\S+\s+Completed/);
    expect(garbled.stdout).toMatch(/legal-b\s+unreadable \(isotrain verify legal-b\)/);

    const show = await f.cli('show', 'legal-a', '--outputs-file', f.outputsFile);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /image: +111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/isotrain\/finetune@sha256:a+/,
    );
    expect(show.stdout).toMatch(
      /\[train\] s3:\/\/legal-training-data\/datasets\/contracts\/a\.jsonl version \S+ size 13/,
    );
    const json = await f.cli('show', 'legal-a', '--outputs-file', f.outputsFile, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      runId: 'legal-a',
      steps: [{ type: 'started' }, { type: 'job' }],
    });
  });

  test('finalize wipes as the project says (immediate: no version of an input remains)', async () => {
    await moto.reset();
    f = await deploy({ wipeAfterTraining: 'immediate' });
    await trainedRun('legal-wipe');
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'second version');
    const out = await f.cli('finalize', 'legal-wipe', '--outputs-file', f.outputsFile);
    expect(out).toMatchObject({ code: 0 });
    expect(out.stdout).toMatch(/deleted 2 version\(s\) of 1 object\(s\); wipe complete/);
    expect(await versionsLeft(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/')).toEqual([]);
    expect((await f.cli('verify', 'legal-wipe', '--outputs-file', f.outputsFile)).code).toBe(0);
    const show = await f.cli('show', 'legal-wipe', '--outputs-file', f.outputsFile);
    expect(show.stdout).toMatch(/wipe: +immediate:complete at /);
    expect(show.stdout).toMatch(
      / {2}wiped s3:\/\/legal-training-data\/datasets\/contracts\/a\.jsonl \(2 version\(s\)\)/,
    );
    const again = await f.cli('finalize', 'legal-wipe', '--outputs-file', f.outputsFile);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/already finalized/) });
  });

  test('evaluate starts an isolated processing job and records it', async () => {
    await trainedRun('legal-eval');
    const dry = await f.cli(
      'evaluate',
      'legal-eval',
      '--spec',
      'eval.yaml',
      '--outputs-file',
      f.outputsFile,
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    const request = JSON.parse(dry.stdout);
    expect(request).toMatchObject({
      RoleArn: OUTPUTS.TrainingRoleArn,
      NetworkConfig: {
        EnableNetworkIsolation: true,
        EnableInterContainerTrafficEncryption: true,
        VpcConfig: {
          Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'],
          SecurityGroupIds: [OUTPUTS.TrainingSecurityGroupId],
        },
      },
      ProcessingResources: {
        ClusterConfig: { VolumeKmsKeyId: OUTPUTS.DataKeyArn, InstanceType: 'ml.g5.2xlarge' },
      },
      ProcessingOutputConfig: { KmsKeyId: OUTPUTS.ArtifactsKeyArn },
    });
    expect(
      request.ProcessingInputs.map((i: { InputName: string; S3Input: { S3Uri: string } }) => [
        i.InputName,
        i.S3Input.S3Uri,
      ]),
    ).toEqual([
      ['model', `s3://${OUTPUTS.ArtifactsBucket}/${MODEL_KEY('legal-eval')}`],
      ['members', `s3://${OUTPUTS.TrainingDataBucket}/datasets/contracts/`],
      ['holdout', `s3://${OUTPUTS.TrainingDataBucket}/eval/holdout/`],
      ['canaries', `s3://${OUTPUTS.TrainingDataBucket}/eval/canaries/`],
    ]);
    expect(
      (await f.clients.sagemaker.send(new ListProcessingJobsCommand({}))).ProcessingJobSummaries ?? [],
    ).toEqual([]);

    const run = await f.cli(
      'evaluate',
      'legal-eval',
      '--spec',
      'eval.yaml',
      '--outputs-file',
      f.outputsFile,
      '--wait',
    );
    expect(run.code).toBe(0);
    const jobs =
      (await f.clients.sagemaker.send(new ListProcessingJobsCommand({}))).ProcessingJobSummaries ?? [];
    expect(jobs.map((j) => j.ProcessingJobName)).toEqual([run.stdout.trim()]);
    const { record } = await readRecord(f.store, 'legal-eval');
    expect(record.steps.map((s) => s.type)).toEqual(['started', 'job', 'evaluation', 'evaluation']);
    expect(lastStep(record, 'evaluation')!.data).toMatchObject({
      status: 'Completed',
      processingJobName: run.stdout.trim(),
    });
  });

  test('evaluate catches up with a record that lags behind its job; a dry run writes nothing', async () => {
    // Launched without --wait: the record still says InProgress while SageMaker says Completed.
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'contract text');
    const request = trainingRequest('legal-lag');
    await startRun(f.store, f.clients.s3, request, CALLER);
    await f.clients.sagemaker.send(new CreateTrainingJobCommand(request));
    await appendStep(f.store, 'legal-lag', { type: 'job', by: CALLER.arn, data: { status: 'InProgress' } });
    await put(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-lag'), 'weights');

    const dry = await f.cli(
      'evaluate',
      'legal-lag',
      '--spec',
      'eval.yaml',
      '--outputs-file',
      f.outputsFile,
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    expect((await readRecord(f.store, 'legal-lag')).record.steps).toHaveLength(2);
    const real = await f.cli('evaluate', 'legal-lag', '--spec', 'eval.yaml', '--outputs-file', f.outputsFile);
    expect(real.code).toBe(0);
    const { record } = await readRecord(f.store, 'legal-lag');
    expect(record.steps.map((st) => st.type)).toEqual(['started', 'job', 'job', 'evaluation']);
    expect(record.steps[2].data).toMatchObject({ status: 'Completed' });
  });

  test('evaluate refuses a bad spec with exit 2, naming file, field and value, and sends nothing', async () => {
    await trainedRun('legal-bad');
    fs.writeFileSync(
      path.join(f.dir, 'bad.yaml'),
      [
        'image: 999999999999.dkr.ecr.eu-west-1.amazonaws.com/elsewhere/eval:1',
        'instanceType: ml.m5.xlarge',
        'maxRuntimeSeconds: 999999',
        'inputs: { leak: "s3://someone-elses-bucket/x/" }',
      ].join('\n'),
    );
    const out = await f.cli('evaluate', 'legal-bad', '--spec', 'bad.yaml', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /bad\.yaml: image: expected an image in one of the project's ECR repositories .*got "999999999999/,
    );
    expect(out.stderr).toMatch(
      /bad\.yaml: instanceType: expected one of the project's instance types.*got "ml\.m5\.xlarge"/,
    );
    expect(out.stderr).toMatch(
      /bad\.yaml: maxRuntimeSeconds: expected at most the project's limit of 86400, got 999999/,
    );
    expect(out.stderr).toMatch(
      /bad\.yaml: inputs\.leak: expected a location inside the project's data or artifact bucket, got "s3:\/\/someone-elses-bucket\/x\/"/,
    );
    fs.writeFileSync(path.join(f.dir, 'unknown.yaml'), 'image: x\ninstanceType: ml.g5.2xlarge\ngpus: 8\n');
    const unknown = await f.cli(
      'evaluate',
      'legal-bad',
      '--spec',
      'unknown.yaml',
      '--outputs-file',
      f.outputsFile,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown\.yaml: gpus: unknown field; expected one of: .*, got 8/);
    expect(
      (await f.clients.sagemaker.send(new ListProcessingJobsCommand({}))).ProcessingJobSummaries ?? [],
    ).toEqual([]);
    expect((await readRecord(f.store, 'legal-bad')).record.steps).toHaveLength(2);
  });

  test('release exits 1 on results above a threshold, tags nothing, and records the refusal', async () => {
    const model = await trainedRun('legal-leaky');
    await evaluated('legal-leaky', { ...PASSING, membershipInferenceAuc: 0.71, extractionHits: 2 });
    const out = await f.cli('release', 'legal-leaky', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/refused: run legal-leaky is not released; nothing tagged/);
    expect(out.stdout).toMatch(
      /membershipInferenceAuc 0\.71 is above privacy\.maxMembershipInferenceAuc 0\.55/,
    );
    expect(out.stdout).toMatch(/extractionHits 2 is above privacy\.maxExtractionHits 0/);
    expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-leaky'), model)).toEqual({});
    const { record } = await readRecord(f.store, 'legal-leaky');
    expect(lastStep(record, 'release')!.data).toMatchObject({
      decision: 'refused',
      tagged: [],
      results: { extractionHits: 2 },
    });
    expect((await f.cli('verify', 'legal-leaky', '--outputs-file', f.outputsFile)).code).toBe(0);
  });

  test('release refuses results that lack a metric, and runs never evaluated', async () => {
    await trainedRun('legal-partial');
    await evaluated('legal-partial', {
      format: 'isotrain.privacy-results/1',
      membershipInferenceAuc: 0.5,
      extractionHits: 0,
    });
    const partial = await f.cli('release', 'legal-partial', '--outputs-file', f.outputsFile);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/results: canaryExposure:/);

    await trainedRun('legal-never');
    const never = await f.cli('release', 'legal-never', '--outputs-file', f.outputsFile);
    expect(never.code).toBe(1);
    expect(never.stdout).toMatch(/has no privacy evaluation/);
  });

  test('release refuses a run whose record fails verification, even with passing results', async () => {
    const model = await trainedRun('legal-forged');
    await evaluated('legal-forged', PASSING);
    const { record } = await readRecord(f.store, 'legal-forged');
    const edited = JSON.stringify(record).replace('"lora"', '"full"');
    await f.clients.s3.send(
      new PutObjectCommand({ Bucket: OUTPUTS.AuditBucket, Key: recordKey('legal-forged'), Body: edited }),
    );
    const out = await f.cli('release', 'legal-forged', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/the run record fails verification \(isotrain verify legal-forged\)/);
    expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-forged'), model)).toEqual({});
  });

  test('release tags exactly the evaluated model version approved when every result passes', async () => {
    const evaluatedVersion = await trainedRun('legal-good');
    await evaluated('legal-good', PASSING);
    // A model written after the evaluation is not what was evaluated: it must stay unreleased.
    const later = await put(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-good'), 'other weights');
    const out = await f.cli('release', 'legal-good', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      new RegExp(`approved: s3://legal-artifacts/${MODEL_KEY('legal-good')} version ${evaluatedVersion}`),
    );
    expect(
      await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-good'), evaluatedVersion),
    ).toEqual({
      'isotrain:release': 'approved',
    });
    expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal-good'), later)).toEqual({});
    const { record } = await readRecord(f.store, 'legal-good');
    expect(lastStep(record, 'release')!.data).toMatchObject({
      decision: 'approved',
      reasons: [],
      thresholds: { maxExtractionHits: 0 },
    });
    expect(lastStep(record, 'evaluation')!.data.resultsVersionId).toEqual(expect.any(String));
  });

  test('without --outputs-file, the project outputs come from its SSM parameters', async () => {
    await trainedRun('legal-ssm');
    const missing = await f.cli('runs', '--project', 'legal');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /SSM \/isotrain\/legal\/: \/isotrain\/legal\/subnet-ids: expected the deployed value of SubnetIds/,
    );
    const ssm = new SSMClient({ region: 'eu-west-1', endpoint: moto.endpoint });
    for (const [key, value] of Object.entries(OUTPUTS) as [ProjectOutputKey, string][])
      await ssm.send(
        new PutParameterCommand({ Name: parameterName('legal', key), Value: value, Type: 'String' }),
      );
    const runs = await f.cli('runs', '--project', 'legal', '--json');
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.stdout)).toMatchObject([{ runId: 'legal-ssm' }]);
  });

  test('unknown runs and projects are input errors (exit 2)', async () => {
    const noRun = await f.cli('show', 'legal-nothing', '--outputs-file', f.outputsFile);
    expect(noRun).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/RUN: no run record for run 'legal-nothing'/),
    });
    const noProject = await f.cli('verify', 'other-run', '--outputs-file', f.outputsFile);
    expect(noProject).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/does not start with the name of a project/),
    });
    const usage = await f.cli('verify');
    expect(usage.code).toBe(2);
  });
});
