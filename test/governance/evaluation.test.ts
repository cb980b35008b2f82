import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildEvaluationRequest,
  checkEvaluationSpec,
  evaluationJobName,
  loadEvaluationSpec,
  resultsUriOf,
} from '../../lib/governance';
import { project } from '../helpers';
import { OUTPUTS } from './fixture';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'eval.yaml');
const NOW = new Date('2026-11-29T01:02:03Z');
const MODEL = {
  bucket: OUTPUTS.ArtifactsBucket,
  key: 'models/legal-run/output/model.tar.gz',
  versionId: 'v1',
};
const CALLER = {
  arn: 'arn:aws:sts::111122223333:assumed-role/ml/alice',
  account: '111122223333',
  userId: 'x',
};

function write(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eval-spec-')), 'eval.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('evaluation spec and request', () => {
  const config = project();

  test('the example spec loads and builds an isolated processing job', () => {
    const spec = loadEvaluationSpec(EXAMPLE);
    const request = buildEvaluationRequest({
      file: 'eval.yaml',
      spec,
      project: config,
      outputs: OUTPUTS,
      runId: 'legal-run',
      model: MODEL,
      caller: CALLER,
      now: NOW,
      nonce: 'c0ffee',
    });
    expect(request.ProcessingJobName).toBe(evaluationJobName('legal', 'legal-run', NOW, 'c0ffee'));
    expect(request.ProcessingJobName).toMatch(/^legal--eval-[0-9a-f]{8}-20261129010203-c0ffee$/);
    // The image is the project's pinned one, whatever the spec says or omits.
    expect(request.AppSpecification?.ImageUri).toBe(config.evaluation.image);
    expect(request.NetworkConfig).toEqual({
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: {
        Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'],
        SecurityGroupIds: [OUTPUTS.TrainingSecurityGroupId],
      },
    });
    expect(request.ProcessingResources?.ClusterConfig).toEqual({
      InstanceCount: 1,
      InstanceType: 'ml.g5.2xlarge',
      VolumeSizeInGB: 100,
      VolumeKmsKeyId: OUTPUTS.DataKeyArn,
    });
    expect(request.ProcessingOutputConfig?.KmsKeyId).toBe(OUTPUTS.ArtifactsKeyArn);
    expect(resultsUriOf(request)).toBe(
      `s3://${OUTPUTS.ArtifactsBucket}/evaluations/legal-run/${request.ProcessingJobName}/results.json`,
    );
    expect(request.ProcessingInputs?.[0]).toEqual({
      InputName: 'model',
      S3Input: {
        S3Uri: `s3://${MODEL.bucket}/${MODEL.key}`,
        LocalPath: '/opt/ml/processing/input/model',
        S3DataType: 'S3Prefix',
        S3InputMode: 'File',
        S3DataDistributionType: 'FullyReplicated',
      },
    });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 7200 });
    expect(request.Environment).toMatchObject({
      ISOTRAIN_RUN_ID: 'legal-run',
      EVAL_ATTACK: 'loss-threshold',
    });
    expect(request.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'isotrain:project', Value: 'legal' },
        { Key: 'isotrain:data-classification', Value: 'confidential' },
        { Key: 'isotrain:run', Value: 'legal-run' },
        { Key: 'isotrain:launched-by', Value: CALLER.arn },
      ]),
    );
  });

  test('placeholders resolve to the project buckets', () => {
    const file = write(
      [
        'instanceType: ml.g5.2xlarge',
        'inputs:',
        '  canaries: s3://${dataBucket}/eval/canaries/',
        '  reference: s3://${artifactsBucket}/reference/',
      ].join('\n'),
    );
    const request = buildEvaluationRequest({
      file,
      spec: loadEvaluationSpec(file),
      project: config,
      outputs: OUTPUTS,
      runId: 'r',
      model: MODEL,
      caller: CALLER,
      now: NOW,
      nonce: 'c0ffee',
    });
    expect(request.ProcessingInputs?.slice(1).map((i) => i.S3Input?.S3Uri)).toEqual([
      `s3://${OUTPUTS.TrainingDataBucket}/eval/canaries/`,
      `s3://${OUTPUTS.ArtifactsBucket}/reference/`,
    ]);
  });

  test('fails when the spec has unknown fields, bad types, or a channel named model', () => {
    const file = write(
      'image: 1\ninstanceType: ml.g5.2xlarge\ninstanceCount: 0\ninputs: { model: x/ }\nextra: true\n',
    );
    expect(() => loadEvaluationSpec(file)).toThrow(
      new RegExp(
        [
          `${file}: image: expected the project's pinned evaluation.image, or nothing, got 1`,
          `${file}: instanceCount: expected an integer from 1 to 8, got 0`,
          `${file}: inputs: expected no channel named "model".*`,
          `${file}: extra: unknown field; expected one of: .*, got true`,
        ].join('[\\s\\S]*'),
      ),
    );
    expect(() => loadEvaluationSpec(write('image: [unclosed\n'))).toThrow(/not valid YAML/);
    expect(() => loadEvaluationSpec('/nonexistent/eval.yaml')).toThrow(/cannot read the evaluation spec/);
  });

  test('refuses an image other than the pinned one, naming the file, the field and the value', () => {
    const file = write(
      'image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:eval-1\ninstanceType: ml.g5.2xlarge\n',
    );
    expect(() => checkEvaluationSpec(file, loadEvaluationSpec(file), config, OUTPUTS)).toThrow(
      new RegExp(
        `${file}: image: expected nothing or the project's pinned evaluation.image \\(${config.evaluation.image}\\); release trusts only that image, got "111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:eval-1"`,
      ),
    );
    const pinned = write(`image: ${config.evaluation.image}\ninstanceType: ml.g5.2xlarge\n`);
    expect(() => checkEvaluationSpec(pinned, loadEvaluationSpec(pinned), config, OUTPUTS)).not.toThrow();
  });
});
