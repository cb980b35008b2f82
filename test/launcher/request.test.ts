import { CHECKPOINT_PREFIX, CHECKPOINT_PREFIX as DATA_STACK_CHECKPOINT_PREFIX } from '../../lib/contract';
import {
  JobContext,
  buildTrainingJobRequest,
  channelUri,
  channelWipes,
  hyperparameters,
  trainingJobName,
} from '../../lib/launcher/request';
import * as path from 'node:path';
import { projectOfJobName } from '../../lib/contract';
import { prepareDryRun } from '../../lib/launcher/prepare';
import { JobSpecSchema, SpecError } from '../../lib/launcher/spec';
import { project } from '../helpers';
import { IMAGE, OUTPUTS, spec, specInput } from './fixtures';

const NOW = new Date('2026-11-29T01:02:03.456Z');
const ROOT = path.join(__dirname, '..', '..');
const CALLER = 'arn:aws:sts::111122223333:assumed-role/ml-engineer/alice';

function context(overrides: Partial<JobContext> = {}): JobContext {
  return {
    project: project(),
    projectFile: 'projects/legal.yaml',
    spec: spec(),
    specFile: 'job.yaml',
    outputs: OUTPUTS,
    caller: CALLER,
    now: NOW,
    nonce: '0f1e2d3c4b5a6978',
    ...overrides,
  };
}

function refusals(ctx: JobContext): string[] {
  try {
    buildTrainingJobRequest(ctx);
  } catch (e) {
    if (e instanceof SpecError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a refusal, the request was built');
}

describe('buildTrainingJobRequest', () => {
  const request = buildTrainingJobRequest(context());

  test('always isolates: network isolation, inter-container encryption, no remote debugging', () => {
    expect(request.EnableNetworkIsolation).toBe(true);
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
    expect(request.RemoteDebugConfig).toEqual({ EnableRemoteDebug: false });
  });

  test("runs in the project's subnets and security group", () => {
    expect(request.VpcConfig).toEqual({
      Subnets: OUTPUTS.subnetIds,
      SecurityGroupIds: [OUTPUTS.securityGroupId],
    });
  });

  test('encrypts volumes with the data key and outputs with the artifacts key; passes the training role', () => {
    expect(request.ResourceConfig).toEqual({
      InstanceType: 'ml.g5.2xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 100,
      VolumeKmsKeyId: OUTPUTS.dataKeyArn,
    });
    expect(request.OutputDataConfig).toEqual({
      S3OutputPath: 's3://legal-artifacts-bucket/models/',
      KmsKeyId: OUTPUTS.artifactsKeyArn,
    });
    expect(request.RoleArn).toBe(OUTPUTS.trainingRoleArn);
    expect(request.AlgorithmSpecification).toEqual({ TrainingImage: IMAGE, TrainingInputMode: 'File' });
  });

  test('checkpoints under the expiring prefix of the artifact bucket, per job', () => {
    expect(CHECKPOINT_PREFIX).toBe(DATA_STACK_CHECKPOINT_PREFIX);
    expect(request.CheckpointConfig).toEqual({
      S3Uri: `s3://legal-artifacts-bucket/checkpoints/${request.TrainingJobName}/`,
      LocalPath: '/opt/ml/checkpoints',
    });
    const none = buildTrainingJobRequest(context({ spec: spec({ checkpoints: { enabled: false } }) }));
    expect(none.CheckpointConfig).toBeUndefined();
    expect(none.HyperParameters).not.toHaveProperty('checkpoint_dir');
  });

  test('channels resolve to the project buckets: bare prefixes and placeholders', () => {
    expect(request.InputDataConfig!.map((c) => [c.ChannelName, c.DataSource!.S3DataSource!.S3Uri])).toEqual([
      ['training', 's3://legal-data-bucket/datasets/contracts/train/'],
      ['model', 's3://legal-data-bucket/base-models/llama/'],
      ['code', 's3://legal-artifacts-bucket/code/finetune.tar.gz'],
    ]);
    expect(request.InputDataConfig![0]).toMatchObject({
      InputMode: 'File',
      CompressionType: 'None',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3DataDistributionType: 'FullyReplicated' } },
    });
    expect(channelUri('s3://legal-data-bucket/literal/', OUTPUTS)).toBe('s3://legal-data-bucket/literal/');
  });

  test('tags the project, data classification, caller and spec', () => {
    expect(request.Tags).toEqual([
      { Key: 'isotrain:project', Value: 'legal' },
      { Key: 'isotrain:data-classification', Value: 'confidential' },
      { Key: 'isotrain:launched-by', Value: CALLER },
      { Key: 'isotrain:job-spec', Value: 'contracts' },
    ]);
  });

  test('hyperparameters carry the method, the optimiser settings and the DP settings as strings', () => {
    expect(request.HyperParameters).toEqual({
      method: 'lora',
      learning_rate: '0.0001',
      epochs: '2',
      batch_size: '4',
      gradient_accumulation_steps: '1',
      lora_rank: '8',
      lora_alpha: '16',
      lora_dropout: '0.1',
      dp_enabled: 'true',
      dp_target_epsilon: '8',
      dp_target_delta: '0.00001',
      dp_max_grad_norm: '1',
      checkpoint_dir: '/opt/ml/checkpoints',
    });
    expect(hyperparameters(spec({ method: { type: 'full' }, privacy: undefined }))).toMatchObject({
      method: 'full',
      dp_enabled: 'false',
    });
    expect(
      hyperparameters(
        spec({ method: { type: 'qlora', rank: 4, alpha: 8, bits: 4, targetModules: ['q_proj', 'v_proj'] } }),
      ),
    ).toMatchObject({ method: 'qlora', quantization_bits: '4', lora_target_modules: 'q_proj,v_proj' });
    expect(
      hyperparameters(
        spec({ hyperparameters: { learningRate: 1e-4, extra: { warmup_ratio: 0.1, packing: true } } }),
      ),
    ).toMatchObject({
      warmup_ratio: '0.1',
      packing: 'true',
    });
  });

  test('spot training with a max wait, and retries', () => {
    const r = buildTrainingJobRequest(
      context({ spec: spec({ spot: { enabled: true, maxWaitSeconds: 7200 }, retries: 3 }) }),
    );
    expect(r.EnableManagedSpotTraining).toBe(true);
    expect(r.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 });
    expect(r.RetryStrategy).toEqual({ MaximumRetryAttempts: 3 });
    expect(request.EnableManagedSpotTraining).toBe(false);
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(request.RetryStrategy).toBeUndefined();
  });

  test('is pure: the same context gives the same request', () => {
    expect(buildTrainingJobRequest(context())).toEqual(request);
  });
});

describe('job names', () => {
  test('start with <project>--, carry the spec name, UTC time and a unique part', () => {
    const name = buildTrainingJobRequest(context()).TrainingJobName!;
    expect(name).toMatch(/^legal--contracts-20261129010203-[0-9a-f]{8}$/);
    expect(projectOfJobName(name, ['legal', 'legal-eu'])).toBe('legal');
  });
  test('differ when anything sent differs, even in the same second', () => {
    const a = buildTrainingJobRequest(context()).TrainingJobName;
    const b = buildTrainingJobRequest(
      context({ spec: spec({ hyperparameters: { learningRate: 0.0002 } }) }),
    ).TrainingJobName;
    expect(a).not.toBe(b);
  });
  test('differ for the same request in the same second when the launch nonce differs', () => {
    const names = new Set(
      ['01', '02', '03', '04'].map((nonce) => buildTrainingJobRequest(context({ nonce })).TrainingJobName),
    );
    expect(names.size).toBe(4);
  });
  test('a real launch draws a fresh nonce: two identical launches in one second get two names', () => {
    const options = {
      cwd: ROOT,
      projectsDir: 'test/fixtures/cli/projects',
      projectName: 'legal',
      specFile: 'test/fixtures/cli/spec.yaml',
      outputsFile: 'test/fixtures/cli/outputs.json',
      dryRun: true,
      now: NOW,
    };
    const names = new Set(Array.from({ length: 20 }, () => prepareDryRun(options).request.TrainingJobName));
    expect(names.size).toBe(20);
  });
  test('fit SageMaker: at most 63 characters, no trailing hyphen before the time', () => {
    const name = trainingJobName('a-project-name-of-24-ch', 'a-very-long-spec-name-xx', NOW, 'abcdef0123');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^a-project-name-of-24-ch--[a-z0-9-]*[a-z0-9]-20261129010203-abcdef01$/);
    expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  });
});

describe('refusals, each naming the spec file, the field as the spec spells it and the value', () => {
  test('fails when the instance type is not a GPU type', () => {
    expect(refusals(context({ spec: spec({ instance: { type: 'ml.m5.xlarge' } }) }))).toEqual([
      'job.yaml: instance.type: expected a SageMaker GPU instance type such as ml.g5.2xlarge (isotrain fine-tunes on NVIDIA GPUs), got "ml.m5.xlarge"',
    ]);
  });
  test("fails when the GPU type is outside the project's allowlist", () => {
    expect(refusals(context({ spec: spec({ instance: { type: 'ml.p5.48xlarge' } }) }))).toEqual([
      'job.yaml: instance.type: expected one of the project\'s instance types (projects/legal.yaml training.instanceTypes: ml.g5.2xlarge, ml.g5.12xlarge), got "ml.p5.48xlarge"',
    ]);
  });
  test('fails when the image is outside the allowed ECR repositories, or not pinned', () => {
    expect(
      refusals(context({ spec: spec({ image: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/other:1' }) })),
    ).toEqual([
      expect.stringMatching(
        /^job\.yaml: image: expected an image in the project's ECR repositories \(projects\/legal\.yaml training\.ecrRepositories: arn:aws:ecr:eu-west-1:111122223333:repository\/isotrain\/finetune\), got "999999999999/,
      ),
    ]);
    expect(refusals(context({ spec: spec({ image: 'docker.io/library/python:3.12' }) }))).toEqual([
      expect.stringMatching(
        /^job\.yaml: image: expected an image in the project's ECR repositories.*<account>\.dkr\.ecr/,
      ),
    ]);
    expect(refusals(context({ spec: spec({ image: IMAGE.replace(':1.4.0', '') }) }))).toEqual([
      expect.stringMatching(/^job\.yaml: image: expected a pinned tag or an @sha256 digest \(not latest\)/),
    ]);
    const digest = `${IMAGE.replace(':1.4.0', '')}@sha256:${'a'.repeat(64)}`;
    expect(() => buildTrainingJobRequest(context({ spec: spec({ image: digest }) }))).not.toThrow();
  });
  test("fails when the learning rate is above the project's ceiling", () => {
    expect(refusals(context({ spec: spec({ hyperparameters: { learningRate: 0.001 } }) }))).toEqual([
      expect.stringMatching(
        /^job\.yaml: hyperparameters\.learningRate: expected at most the project's ceiling \(projects\/legal\.yaml training\.maxLearningRate: 0\.0003\).*got 0\.001$/,
      ),
    ]);
  });
  test("fails when the runtime is above the project's limit", () => {
    const p = project({
      training: { maxRuntimeSeconds: 1800, ecrRepositories: ['isotrain/finetune'], requireRedaction: false },
    });
    expect(refusals(context({ project: p }))).toEqual([
      "job.yaml: maxRuntimeSeconds: expected at most the project's limit (projects/legal.yaml training.maxRuntimeSeconds: 1800), got 3600",
    ]);
  });
  test("fails when a channel is outside the project's buckets; data channels only in the data bucket", () => {
    const s = spec({
      channels: {
        training: { source: 's3://${artifactsBucket}/leak/' },
        validation: { source: 's3://someone-elses-bucket/val/' },
        model: { source: 's3://someone-elses-bucket/model/' },
        code: { source: 's3://legal-artifacts-bucket/code.tar.gz' },
      },
    });
    expect(refusals(context({ spec: s }))).toEqual([
      'job.yaml: channels.training.source: expected a location inside the project\'s data bucket (${dataBucket} = legal-data-bucket), got "s3://${artifactsBucket}/leak/"',
      'job.yaml: channels.validation.source: expected a location inside the project\'s data bucket (${dataBucket} = legal-data-bucket), got "s3://someone-elses-bucket/val/"',
      'job.yaml: channels.model.source: expected a location inside the project\'s buckets (${dataBucket} = legal-data-bucket, ${artifactsBucket} = legal-artifacts-bucket), got "s3://someone-elses-bucket/model/"',
    ]);
  });
  test('fails on an unknown placeholder', () => {
    const s = spec({ channels: { training: { source: 's3://${otherBucket}/x/' }, model: { source: 'm/' } } });
    expect(refusals(context({ spec: s }))[0]).toMatch(
      /^job\.yaml: channels\.training\.source: expected only the placeholders \$\{dataBucket\} or \$\{artifactsBucket\}, got "s3:\/\/\$\{otherBucket\}\/x\/"$/,
    );
  });
  test('reports every refusal at once', () => {
    const s = spec({ instance: { type: 'ml.m5.xlarge' }, hyperparameters: { learningRate: 0.5 } });
    expect(refusals(context({ spec: s }))).toHaveLength(2);
  });
});

describe('which channels a run wipes (issue 8 data-loss fix)', () => {
  test('by default only private data (datasets/, redacted/ of the data bucket); never base models or code', () => {
    const wipes = channelWipes(
      spec({
        channels: {
          training: { source: 'datasets/contracts/train/' },
          validation: { source: 's3://${dataBucket}/redacted/contracts/validation/' },
          model: { source: 's3://${dataBucket}/base-models/llama/' },
          code: { source: 's3://${dataBucket}/code/finetune.tar.gz' },
          holdout: { source: 'eval/holdout/' },
        },
      }),
      OUTPUTS,
    );
    expect(wipes).toEqual({ training: true, validation: true, model: false, code: false, holdout: false });
  });
  test('the spec decides per channel', () => {
    const wipes = channelWipes(
      spec({
        channels: {
          training: { source: 'datasets/contracts/train/', wipe: false },
          model: { source: 's3://${dataBucket}/base-models/llama-private/', wipe: true },
        },
      }),
      OUTPUTS,
    );
    expect(wipes).toEqual({ training: false, model: true });
  });
  test('refuses wipe on a channel outside the data bucket, with every other problem at once', () => {
    expect(
      refusals(
        context({
          spec: spec({
            maxRuntimeSeconds: 999_999,
            channels: {
              training: { source: 'datasets/contracts/train/' },
              model: { source: 's3://${artifactsBucket}/models/legal--base/output/', wipe: true },
            },
          }),
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^job\.yaml: maxRuntimeSeconds: expected at most the project's limit/),
      "job.yaml: channels.model.wipe: expected false or nothing for a channel outside the data bucket (legal-data-bucket): a run's wipe deletes inputs, never artifacts, got true",
    ]);
  });
  test('the schema refuses a wipe that is not a boolean, naming the field and the value', () => {
    const parsed = JobSpecSchema.safeParse(
      specInput({
        channels: {
          training: { source: 'datasets/x/', wipe: 'yes' as unknown as boolean },
          model: { source: 'base-models/x/' },
        },
      }),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ['channels', 'training', 'wipe'], message: 'expected true or false' }),
    ]);
  });
});
