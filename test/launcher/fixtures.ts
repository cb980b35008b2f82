import type { ResolvedProjectOutputs } from '../../lib/launcher/outputs';
import type { JobSpecInput } from '../../lib/launcher/spec';
import { JobSpecSchema } from '../../lib/launcher/spec';

/** Outputs of the `legal` test project (test/helpers.ts project()), as a deploy would publish them. */
export const OUTPUTS: ResolvedProjectOutputs = {
  project: 'legal',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  securityGroupId: 'sg-0ccccccccccccccc3',
  dataBucket: 'legal-data-bucket',
  artifactsBucket: 'legal-artifacts-bucket',
  dataKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/11111111-1111-1111-1111-111111111111',
  artifactsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/22222222-2222-2222-2222-222222222222',
  trainingRoleArn: 'arn:aws:iam::111122223333:role/legal-Data-TrainingRole-ABCDEFGHIJKL',
  all: {},
  source: 'outputs.json',
};

export const IMAGE = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:1.4.0';

/** A valid LoRA + DP spec for the `legal` project; tests override what they exercise. */
export function specInput(overrides: Partial<JobSpecInput> = {}): JobSpecInput {
  return {
    name: 'contracts',
    image: IMAGE,
    instance: { type: 'ml.g5.2xlarge', count: 1, volumeSizeGb: 100 },
    maxRuntimeSeconds: 3600,
    method: { type: 'lora', rank: 8, alpha: 16, dropout: 0.1 },
    hyperparameters: { learningRate: 0.0001, epochs: 2, batchSize: 4 },
    privacy: { targetEpsilon: 8, targetDelta: 1e-5, maxGradNorm: 1 },
    channels: {
      training: { source: 'datasets/contracts/train/' },
      model: { source: 's3://${dataBucket}/base-models/llama/' },
      code: { source: 's3://${artifactsBucket}/code/finetune.tar.gz' },
    },
    ...overrides,
  };
}

export function spec(overrides: Partial<JobSpecInput> = {}) {
  return JobSpecSchema.parse(specInput(overrides));
}
