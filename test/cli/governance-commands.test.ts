import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CreateProcessingJobCommand,
  CreateProcessingJobRequest,
  CreateTrainingJobCommand,
  ListProcessingJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '../../lib/aws/clients';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ProjectOutputKey, parameterName } from '../../lib/contract';
import {
  EvaluationData,
  appendStep,
  canonicalJson,
  digestText,
  lastStep,
  readAllVersions,
  readRecord,
  recordJobStatus,
  recordKey,
  sha256,
  startRun,
} from '../../lib/governance';
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

/** Resolves once the clock has passed into the next second: S3 gives LastModified to the second. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1001 - (Date.now() % 1000)));

describe('isotrain runs / show / verify / finalize / evaluate / release against moto', () => {
  let moto: MotoServer;
  let lifecycle: JobLifecycle;
  /** SageMaker through the lifecycle layer: jobs end when first described Completed, after their uploads. */
  let sagemaker: SageMakerClient;
  /** What the next evaluation container writes to its results.json when its job completes. */
  let nextResults: unknown;
  let f: Fixture & { cli(...argv: string[]): ReturnType<typeof runIn> };
  const deploy = async (overrides = {}) => {
    const fixture = await deployProject(moto, { ...IN_MOTO_ACCOUNT, ...overrides });
    fs.copyFileSync(EVAL_SPEC, path.join(fixture.dir, 'eval.yaml'));
    const env = { ...fixture.env, AWS_ENDPOINT_URL: lifecycle.endpoint };
    sagemaker = createAwsClients({ env }, 'eu-west-1').sagemaker;
    // The CLI in-process, with the fixture's environment; polls without waiting.
    const cli = (...argv: string[]) =>
      runIn(argv, { env, cwd: fixture.dir, deps: { sleep: () => Promise.resolve() } });
    return Object.assign(fixture, { cli });
  };
  beforeAll(async () => {
    moto = await startMoto();
    // moto runs no container: this layer writes what SageMaker would have uploaded, while the job runs.
    lifecycle = await startJobLifecycle(moto.endpoint, 0, {
      outputs: true,
      onComplete: async (kind, name, job) => {
        if (kind === 'training') {
          await put(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY(name), `model weights of ${name}`);
          return;
        }
        if (nextResults === undefined) return;
        const out = (job as unknown as CreateProcessingJobRequest).ProcessingOutputConfig!.Outputs![0];
        const key = `${out.S3Output!.S3Uri!.replace(`s3://${OUTPUTS.ArtifactsBucket}/`, '')}/results.json`;
        await put(f.clients.s3, OUTPUTS.ArtifactsBucket, key, JSON.stringify(nextResults));
      },
    });
  });
  afterAll(async () => {
    await lifecycle.stop();
    await moto.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    nextResults = undefined;
    f = await deploy();
  });

  /** A run whose training job completed and uploaded its model; returns that model version. */
  async function trainedRun(run: string) {
    await put(f.clients.s3, OUTPUTS.TrainingDataBucket, 'datasets/contracts/a.jsonl', 'contract text');
    const request = trainingRequest(run);
    await startRun(f.store, f.clients.s3, request, CALLER);
    await sagemaker.send(new CreateTrainingJobCommand(request));
    await recordJobStatus(f.store, sagemaker, run, CALLER.arn);
    return (await versionsLeft(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY(run)))[0].split('@')[1];
  }

  /** Evaluates through the CLI (--wait); the evaluation container writes `results`. Returns its key. */
  async function evaluated(run: string, results: unknown) {
    nextResults = results;
    const started = await f.cli(
      'evaluate',
      run,
      '--spec',
      'eval.yaml',
      '--outputs-file',
      f.outputsFile,
      '--wait',
    );
    expect(started).toMatchObject({ code: 0 });
    nextResults = undefined;
    const { record } = await readRecord(f.store, run);
    const uri = lastStep(record, 'evaluation')!.data.resultsUri;
    return uri.replace(`s3://${OUTPUTS.ArtifactsBucket}/`, '');
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
      AppSpecification: { ImageUri: expect.stringMatching(/isotrain\/privacy-eval@sha256:(ab){32}$/) },
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
    expect(run.stdout.trim()).toMatch(/^legal--eval-[0-9a-f]{8}-\d{14}-[0-9a-f]{6}$/);
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
    await sagemaker.send(new CreateTrainingJobCommand(request));
    await appendStep(f.store, 'legal-lag', { type: 'job', by: CALLER.arn, data: { status: 'InProgress' } });

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
      /bad\.yaml: image: expected nothing or the project's pinned evaluation\.image \(.*privacy-eval@sha256:(ab){32}\); release trusts only that image, got "999999999999/,
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
    await nextSecond();
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

  describe('release rests on AWS ground truth: forgeries are refused (issue 8, point 3)', () => {
    const release = (run: string) => f.cli('release', run, '--outputs-file', f.outputsFile);

    test('a results file written over the job results (a second version) is refused; nothing is tagged', async () => {
      const model = await trainedRun('legal--forged-results');
      const key = await evaluated('legal--forged-results', { ...PASSING, membershipInferenceAuc: 0.71 });
      await put(f.clients.s3, OUTPUTS.ArtifactsBucket, key, JSON.stringify(PASSING));
      const out = await release('legal--forged-results');
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(/refused: run legal--forged-results is not released; nothing tagged/);
      expect(out.stdout).toContain(
        `s3://legal-artifacts/${key}: 2 version(s) and 0 delete marker(s), expected the 1 version evaluation job`,
      );
      expect(
        await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal--forged-results'), model),
      ).toEqual({});
      const { record } = await readRecord(f.store, 'legal--forged-results');
      expect(lastStep(record, 'release')!.data).toMatchObject({ decision: 'refused', results: null });
    });

    test("the job's results replaced by a file written after the job ended are refused", async () => {
      await trainedRun('legal--replaced');
      const key = await evaluated('legal--replaced', { ...PASSING, extractionHits: 3 });
      const [original] = await versionsLeft(f.clients.s3, OUTPUTS.ArtifactsBucket, key);
      await f.clients.s3.send(
        new DeleteObjectCommand({
          Bucket: OUTPUTS.ArtifactsBucket,
          Key: key,
          VersionId: original.split('@')[1],
        }),
      );
      await nextSecond();
      const forged = await put(f.clients.s3, OUTPUTS.ArtifactsBucket, key, JSON.stringify(PASSING));
      const out = await release('legal--replaced');
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(
        new RegExp(
          `results\\.json: version ${forged} was written at \\S+, outside evaluation job legal--eval-\\S+'s run \\(.* to .*\\); the job did not write it`,
        ),
      );
    });

    /** Appends a well-formed evaluation step, as a holder of the run-governance policy can: the chain stays intact. */
    async function forgeEvaluationStep(run: string, processingJobName: string, status = 'Completed') {
      const { record } = await readRecord(f.store, run);
      const honest = lastStep(record, 'job')!;
      const data: EvaluationData = {
        processingJobName,
        status,
        resultsUri: `s3://${OUTPUTS.ArtifactsBucket}/evaluations/${run}/${processingJobName}/results.json`,
        spec: { model: { bucket: OUTPUTS.ArtifactsBucket, key: MODEL_KEY(run), versionId: 'any' } },
      };
      await appendStep(f.store, run, { type: 'evaluation', by: honest.by, data });
    }

    /** The request isotrain would send for `run`, from a dry run. */
    async function evaluationRequest(run: string): Promise<CreateProcessingJobRequest> {
      const dry = await f.cli(
        'evaluate',
        run,
        '--spec',
        'eval.yaml',
        '--outputs-file',
        f.outputsFile,
        '--dry-run',
      );
      expect(dry.code).toBe(0);
      return JSON.parse(dry.stdout) as CreateProcessingJobRequest;
    }

    test('a forged step naming an evaluation job that ran another image is refused, and verify flags it', async () => {
      const model = await trainedRun('legal--own-image');
      const request = await evaluationRequest('legal--own-image');
      const name = 'legal--eval-forged-1';
      const image = `${MOTO_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:always-passes`;
      await sagemaker.send(
        new CreateProcessingJobCommand({
          ...request,
          ProcessingJobName: name,
          AppSpecification: { ImageUri: image },
          ProcessingOutputConfig: {
            ...request.ProcessingOutputConfig,
            Outputs: [
              {
                ...request.ProcessingOutputConfig!.Outputs![0],
                S3Output: {
                  ...request.ProcessingOutputConfig!.Outputs![0].S3Output!,
                  S3Uri: `s3://${OUTPUTS.ArtifactsBucket}/evaluations/legal--own-image/${name}`,
                },
              },
            ],
          },
        }),
      );
      nextResults = PASSING;
      await forgeEvaluationStep('legal--own-image', name);
      const out = await release('legal--own-image');
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(
        `evaluation job ${name} ran image ${image}, not the project's pinned evaluation.image`,
      );
      expect(
        await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal--own-image'), model),
      ).toEqual({});
      const verified = await f.cli('verify', 'legal--own-image', '--outputs-file', f.outputsFile);
      expect(verified.code).toBe(1);
      expect(verified.stdout).toMatch(/step 2 \(evaluation\): evaluation job legal--eval-forged-1 ran image/);
    });

    test("a forged step naming another run's passing evaluation is refused", async () => {
      await trainedRun('legal--other');
      await evaluated('legal--other', PASSING);
      const { record } = await readRecord(f.store, 'legal--other');
      const theirs = lastStep(record, 'evaluation')!.data.processingJobName;
      const model = await trainedRun('legal--mine');
      await forgeEvaluationStep('legal--mine', theirs);
      const out = await release('legal--mine');
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(
        `evaluation job ${theirs} read the model from s3://legal-artifacts/${MODEL_KEY('legal--other')}, not the artifact of training job legal--mine`,
      );
      expect(out.stdout).toContain(`evaluation job ${theirs} wrote its results to`);
      expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal--mine'), model)).toEqual(
        {},
      );
    });

    test('a forged step naming a job SageMaker never ran is refused', async () => {
      await trainedRun('legal--nojob');
      // Even one that says InProgress, which release would bring up to date from SageMaker.
      await forgeEvaluationStep('legal--nojob', 'legal--eval-never-ran', 'InProgress');
      const out = await release('legal--nojob');
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(
        'evaluation job legal--eval-never-ran: SageMaker has no such job (DescribeProcessingJob)',
      );
    });
  });

  test('verify flags a step whose claimed time is far from when S3 stored it, and a job step naming another job', async () => {
    await trainedRun('legal--backdated');
    await appendStep(f.store, 'legal--backdated', {
      type: 'job',
      by: CALLER.arn,
      data: {
        status: 'Completed',
        jobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/legal--other',
      },
      at: new Date(Date.now() - 3 * 3600_000),
    });
    const out = await f.cli('verify', 'legal--backdated', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /step 2 \(job\): says it was written at \S+, but S3 stored it at \S+: it was not appended by isotrain as it happened/,
    );
    expect(out.stdout).toMatch(
      /step 2 \(job\): names arn:aws:sagemaker:eu-west-1:123456789012:training-job\/legal--other, but the run's job is \S+legal--backdated/,
    );
  });

  test('finalize tags the model unreleased; release replaces that tag on exactly the released version', async () => {
    const model = await trainedRun('legal--kept');
    const finalized = await f.cli('finalize', 'legal--kept', '--outputs-file', f.outputsFile);
    expect(finalized.code).toBe(0);
    expect(finalized.stdout).toMatch(/^model: 1 version\(s\) tagged isotrain:artifact=unreleased/m);
    expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal--kept'), model)).toEqual({
      'isotrain:artifact': 'unreleased',
    });
    await evaluated('legal--kept', PASSING);
    const out = await f.cli('release', 'legal--kept', '--outputs-file', f.outputsFile);
    expect(out.code).toBe(0);
    expect(await tagsOf(f.clients.s3, OUTPUTS.ArtifactsBucket, MODEL_KEY('legal--kept'), model)).toEqual({
      'isotrain:release': 'approved',
    });
    const { record } = await readRecord(f.store, 'legal--kept');
    expect(lastStep(record, 'artifacts')!.data.unreleased).toEqual([
      { bucket: OUTPUTS.ArtifactsBucket, key: MODEL_KEY('legal--kept'), versionId: model },
    ]);
    expect(lastStep(record, 'release')!.data.evidence).toMatchObject({
      model: { key: MODEL_KEY('legal--kept'), versionId: model },
      evaluationJob: { image: expect.stringMatching(/privacy-eval@sha256:/) },
    });
  });

  test('records carry no data: evaluation details and unknown result fields never reach the record', async () => {
    const secret = 'Jane Roe, SSN 078-05-1120, diagnosis F32.1';
    const details = { sample: secret, canaries: [{ text: secret, exposure: 2.5 }] };
    await trainedRun('legal--nodata');
    await evaluated('legal--nodata', { ...PASSING, details });
    expect((await f.cli('release', 'legal--nodata', '--outputs-file', f.outputsFile)).code).toBe(0);
    await trainedRun('legal--nodata-2');
    await evaluated('legal--nodata-2', { ...PASSING, [secret]: 1 });
    const refused = await f.cli('release', 'legal--nodata-2', '--outputs-file', f.outputsFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/results: 1 unknown field\(s\)/);
    for (const run of ['legal--nodata', 'legal--nodata-2']) {
      const { versions } = await readAllVersions(f.store, run);
      for (const v of versions) expect(v.body).not.toContain('078-05-1120');
    }
    const { record } = await readRecord(f.store, 'legal--nodata');
    expect(lastStep(record, 'release')!.data.results).toEqual({
      ...PASSING,
      details: { sha256: sha256(canonicalJson(details)), bytes: Buffer.byteLength(canonicalJson(details)) },
    });
    const body = await (
      await f.clients.s3.send(
        new GetObjectCommand({
          Bucket: OUTPUTS.ArtifactsBucket,
          Key: lastStep(record, 'release')!.data.evidence!.results.key,
        }),
      )
    ).Body!.transformToString();
    expect(lastStep(record, 'release')!.data.evidence!.results.digest).toEqual(digestText(body));
  });
});
