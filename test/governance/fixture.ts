import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateBucketCommand,
  GetObjectTaggingCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { stringify } from 'yaml';
import { AwsClients, createAwsClients } from '../../lib/aws/clients';
import { ProjectInput } from '../../lib/config';
import { GovernanceOutputs, RecordStore } from '../../lib/governance';
import { MotoServer } from '../support/moto';
import { projectInput } from '../helpers';

export const REGION = 'eu-west-1';
export const PROJECT = 'legal';

/** The deployed project as moto holds it: bucket names, keys and network IDs. */
export const OUTPUTS: GovernanceOutputs = {
  TrainingDataBucket: 'legal-training-data',
  ArtifactsBucket: 'legal-artifacts',
  AuditBucket: 'legal-audit',
  DataKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/data-key',
  ArtifactsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/artifacts-key',
  SubnetIds: 'subnet-aaaa1111,subnet-bbbb2222',
  TrainingSecurityGroupId: 'sg-0123456789abcdef0',
  TrainingRoleArn: 'arn:aws:iam::123456789012:role/legal-training',
};

export interface Fixture {
  readonly dir: string;
  readonly outputsFile: string;
  readonly clients: AwsClients;
  readonly store: RecordStore;
  /** The environment the CLI runs with: moto's endpoint and credentials, the fixture's projects. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Sets up a deployed project in moto: versioned data and artifact buckets, the Object Lock audit
 * bucket (COMPLIANCE default retention, as the Data stack deploys it), a project file and an
 * outputs file as `cdk deploy --outputs-file` writes it.
 */
export async function deployProject(
  moto: MotoServer,
  overrides: Partial<ProjectInput> = {},
): Promise<Fixture> {
  const env = { ...moto.env(REGION) };
  // The SDK's default credential chain reads process.env; the CLI gets the same values through io.env.
  Object.assign(process.env, env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-gov-'));
  fs.mkdirSync(path.join(dir, 'projects'));
  fs.writeFileSync(
    path.join(dir, 'projects', `${PROJECT}.yaml`),
    stringify({ ...projectInput({ name: PROJECT, ...overrides }) }),
  );
  const outputsFile = path.join(dir, 'outputs.json');
  fs.writeFileSync(
    outputsFile,
    JSON.stringify({
      [`${PROJECT}-Network`]: {
        SubnetIds: OUTPUTS.SubnetIds,
        TrainingSecurityGroupId: OUTPUTS.TrainingSecurityGroupId,
      },
      [`${PROJECT}-Keys`]: { DataKeyArn: OUTPUTS.DataKeyArn, ArtifactsKeyArn: OUTPUTS.ArtifactsKeyArn },
      [`${PROJECT}-Data`]: {
        TrainingDataBucket: OUTPUTS.TrainingDataBucket,
        ArtifactsBucket: OUTPUTS.ArtifactsBucket,
        AuditBucket: OUTPUTS.AuditBucket,
        TrainingRoleArn: OUTPUTS.TrainingRoleArn,
      },
    }),
  );
  const clients = createAwsClients({ env }, REGION);
  const create = async (bucket: string, lock = false) => {
    await clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: REGION },
        ObjectLockEnabledForBucket: lock || undefined,
      }),
    );
    await clients.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  };
  await create(OUTPUTS.TrainingDataBucket);
  await create(OUTPUTS.ArtifactsBucket);
  await create(OUTPUTS.AuditBucket, true);
  await clients.s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: OUTPUTS.AuditBucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
      },
    }),
  );
  const fullEnv = {
    ...process.env,
    ...env,
    ISOTRAIN_PROJECTS_DIR: path.join(dir, 'projects'),
  };
  return {
    dir,
    outputsFile,
    clients,
    env: fullEnv,
    store: { s3: clients.s3, auditBucket: OUTPUTS.AuditBucket, project: PROJECT },
  };
}

export async function put(s3: S3Client, bucket: string, key: string, body: string): Promise<string> {
  return (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).VersionId!;
}

/** Every version and delete marker left under a key prefix. */
export async function versionsLeft(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const res = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  return [...(res.Versions ?? []), ...(res.DeleteMarkers ?? [])].map((v) => `${v.Key}@${v.VersionId}`);
}

export async function tagsOf(s3: S3Client, bucket: string, key: string, versionId: string) {
  const res = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return Object.fromEntries((res.TagSet ?? []).map((t) => [t.Key, t.Value]));
}

/** A training request as issue 4's launcher builds it (the fields the run record reads). */
export function trainingRequest(
  jobName: string,
  channels: Record<string, string> = { train: 'datasets/contracts/' },
): CreateTrainingJobRequest {
  return {
    TrainingJobName: jobName,
    RoleArn: OUTPUTS.TrainingRoleArn,
    AlgorithmSpecification: {
      TrainingImage: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune@sha256:${'a'.repeat(64)}`,
      TrainingInputMode: 'File',
    },
    HyperParameters: {
      method: 'lora',
      lora_rank: '16',
      learning_rate: '0.0002',
      dp_epsilon: '8',
      dp_delta: '1e-5',
    },
    InputDataConfig: Object.entries(channels).map(([name, prefix]) => ({
      ChannelName: name,
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: `s3://${OUTPUTS.TrainingDataBucket}/${prefix}`,
          S3DataDistributionType: 'FullyReplicated',
        },
      },
    })),
    OutputDataConfig: {
      S3OutputPath: `s3://${OUTPUTS.ArtifactsBucket}/models`,
      KmsKeyId: OUTPUTS.ArtifactsKeyArn,
    },
    CheckpointConfig: { S3Uri: `s3://${OUTPUTS.ArtifactsBucket}/checkpoints/${jobName}/` },
    ResourceConfig: {
      InstanceType: 'ml.g5.2xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 100,
      VolumeKmsKeyId: OUTPUTS.DataKeyArn,
    },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    EnableNetworkIsolation: true,
    EnableInterContainerTrafficEncryption: true,
    VpcConfig: { Subnets: OUTPUTS.SubnetIds.split(','), SecurityGroupIds: [OUTPUTS.TrainingSecurityGroupId] },
  };
}
