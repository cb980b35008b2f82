import { CreateTrainingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AwsError } from '../../lib/aws/errors';
import { createTrainingJob, listTrainingJobs, stopTrainingJob } from '../../lib/launcher/client';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, jsonError, startFaultProxy } from '../aws/support/fault-proxy';

/** The training-job calls of the launcher, against moto (a fault proxy adds what moto cannot say). */
let moto: MotoServer;
let proxy: FaultProxy;
let sagemaker: SageMakerClient;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  sagemaker = new SageMakerClient({
    endpoint: proxy.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
afterEach(() => proxy.clear());

function request(name: string): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::123456789012:role/legal-training',
    AlgorithmSpecification: {
      TrainingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/isotrain/finetune:1.4.0',
      TrainingInputMode: 'File',
    },
    OutputDataConfig: { S3OutputPath: 's3://legal-artifacts/models/' },
    ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

describe('createTrainingJob', () => {
  test('returns the ARN SageMaker assigned', async () => {
    const arn = await createTrainingJob(sagemaker, request('legal-created'), {});
    expect(arn).toBe('arn:aws:sagemaker:eu-west-1:123456789012:training-job/legal-created');
  });

  test('a refusal comes out explained with the request: the quota to raise', async () => {
    proxy.fail(/CreateTrainingJob/, jsonError('ResourceLimitExceeded', 'limit exceeded'));
    const refused = createTrainingJob(
      sagemaker,
      {
        ...request('legal-quota'),
        ResourceConfig: { InstanceType: 'ml.p4d.24xlarge', InstanceCount: 2, VolumeSizeInGB: 1 },
      },
      {},
    );
    await expect(refused).rejects.toThrow(AwsError);
    await expect(refused).rejects.toThrow(
      /Raise the Service Quotas quota "ml\.p4d\.24xlarge for training job usage" \(service SageMaker\) to at least 2/,
    );
  });
});

describe('listTrainingJobs', () => {
  beforeAll(async () => {
    await moto.reset();
    for (const name of ['legal-a', 'legal-eu-b', 'other-legal-c', 'legal-d']) {
      await createTrainingJob(sagemaker, request(name), {});
      await new Promise((r) => setTimeout(r, 1100)); // distinct creation times
    }
  });

  test("keeps only the project's prefix, newest first, at most max", async () => {
    const names = async (max: number) =>
      (await listTrainingJobs(sagemaker, 'legal-', max, undefined)).map((j) => j.TrainingJobName);
    expect(await names(10)).toEqual(['legal-d', 'legal-eu-b', 'legal-a']);
    expect(await names(2)).toEqual(['legal-d', 'legal-eu-b']);
  });

  test('follows NextToken until it has max jobs or there are no more pages', async () => {
    // A busy account, two pages (moto returns everything on one): ours and another project's on each.
    const summary = (name: string, created: number) => ({
      TrainingJobName: name,
      TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}`,
      TrainingJobStatus: 'Completed',
      CreationTime: created,
    });
    const page = (summaries: object[], next?: string) => ({
      status: 200,
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ TrainingJobSummaries: summaries, ...(next ? { NextToken: next } : {}) }),
    });
    proxy.answer(/ListTrainingJobs/, (body) =>
      (JSON.parse(body) as { NextToken?: string }).NextToken === 'page-2'
        ? page([summary('legal-old', 100), summary('other-legal-y', 300)])
        : page([summary('other-legal-x', 400), summary('legal-new', 200)], 'page-2'),
    );
    const calls = () => proxy.calls.filter((c) => c === 'SageMaker.ListTrainingJobs').length;
    const before = calls();
    const all = await listTrainingJobs(sagemaker, 'legal-', 10, undefined);
    expect(all.map((j) => j.TrainingJobName)).toEqual(['legal-new', 'legal-old']);
    expect(calls() - before).toBe(2);
    const one = await listTrainingJobs(sagemaker, 'legal-', 1, undefined);
    expect(one.map((j) => j.TrainingJobName)).toEqual(['legal-new']);
    expect(calls() - before).toBe(3); // max reached on the first page: no second call
  });
});

describe('stopTrainingJob', () => {
  test("a job SageMaker cannot stop comes out with SageMaker's reason", async () => {
    proxy.fail(/StopTrainingJob/, jsonError('ValidationException', 'The job status is Completed.'));
    await expect(stopTrainingJob(sagemaker, 'legal-a', { region: 'eu-west-1' })).rejects.toThrow(
      /sagemaker:StopTrainingJob failed: ValidationException: The job status is Completed\./,
    );
  });
});
