import {
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { AwsError } from '../../lib/aws/errors';
import {
  FollowInterrupted,
  JobEvent,
  describeJob,
  isJobNotFound,
  isTerminalStatus,
  pollJob,
  sleep,
} from '../../lib/aws/jobs';
import { JobLifecycle, startJobLifecycle } from '../launcher/support/job-lifecycle';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, startFaultProxy } from './support/fault-proxy';

/** The one poller, for training and processing jobs, against moto (the lifecycle layer gives jobs their states). */
let moto: MotoServer;
let lifecycle: JobLifecycle;
let proxy: FaultProxy;
let sagemaker: SageMakerClient;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

beforeAll(async () => {
  moto = await startMoto();
  lifecycle = await startJobLifecycle(moto.endpoint, 3);
  proxy = await startFaultProxy(lifecycle.endpoint);
  sagemaker = new SageMakerClient({ endpoint: proxy.endpoint, region: 'eu-west-1', credentials });
  const direct = new SageMakerClient({ endpoint: moto.endpoint, region: 'eu-west-1', credentials });
  for (const name of ['legal-follow', 'legal-interrupt'])
    await direct.send(
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: 'arn:aws:iam::123456789012:role/legal-training',
        AlgorithmSpecification: {
          TrainingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:1',
          TrainingInputMode: 'File',
        },
        OutputDataConfig: { S3OutputPath: 's3://legal-artifacts/models/' },
        ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      }),
    );
  await direct.send(
    new CreateProcessingJobCommand({
      ProcessingJobName: 'legal-eval-1',
      RoleArn: 'arn:aws:iam::123456789012:role/legal-training',
      AppSpecification: { ImageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:eval' },
      ProcessingResources: {
        ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.g5.2xlarge', VolumeSizeInGB: 10 },
      },
    }),
  );
});
afterAll(async () => {
  await proxy?.stop();
  await lifecycle?.stop();
  await moto?.stop();
});
afterEach(() => proxy.clear());

function record<J>(events: JobEvent<J>[]) {
  return events
    .filter((e) => e.kind !== 'poll')
    .map((e) => (e.kind === 'status' ? `status:${e.status}` : `${e.status}:${e.message ?? ''}`));
}

describe('pollJob', () => {
  test('a training job: each status and each new secondary transition once, a pause between polls, the final description', async () => {
    const events: JobEvent[] = [];
    const pauses: number[] = [];
    const final = await pollJob(sagemaker, 'training', 'legal-follow', {
      pollMs: 5000,
      sleep: (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
      onEvent: (e) => void events.push(e),
    });
    expect(final.TrainingJobStatus).toBe('Completed');
    const seen = record(events);
    expect(seen.slice(0, 4)).toEqual([
      'status:InProgress',
      'Starting:Preparing the instances for training',
      'Downloading:Downloading input data',
      'Training:Training image download completed. Training in progress.',
    ]);
    expect(seen).toContain('status:Completed');
    expect(new Set(seen).size).toBe(seen.length);
    expect(pauses).toEqual(Array(events.filter((e) => e.kind === 'poll').length - 1).fill(5000));
  });

  test('a processing job: its status changes, no secondary transitions', async () => {
    let describes = 0;
    proxy.rewrite(/DescribeProcessingJob/, (job) => {
      if (++describes <= 2) job.ProcessingJobStatus = 'InProgress';
    });
    const events: JobEvent<unknown>[] = [];
    const final = await pollJob(sagemaker, 'processing', 'legal-eval-1', {
      sleep: () => Promise.resolve(),
      onEvent: (e) => void events.push(e),
    });
    expect(final.ProcessingJobStatus).toBe('Completed');
    expect(record(events)).toEqual(['status:InProgress', 'status:Completed']);
    expect(events.filter((e) => e.kind === 'poll')).toHaveLength(3);
  });

  test('aborting stops following with FollowInterrupted; the job itself is untouched', async () => {
    const abort = new AbortController();
    const following = pollJob(sagemaker, 'training', 'legal-interrupt', {
      pollMs: 60_000,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.kind === 'poll') abort.abort(new Error('interrupted'));
      },
    });
    await expect(following).rejects.toThrow(FollowInterrupted);
    await expect(following).rejects.toMatchObject({ kind: 'training', job: 'legal-interrupt' });
    expect(proxy.calls).not.toContain('SageMaker.StopTrainingJob');
  });
});

describe('job not found and ended', () => {
  test("SageMaker's own not-found answer is recognised, raw or explained", async () => {
    const raw = await sagemaker
      .send(new DescribeTrainingJobCommand({ TrainingJobName: 'legal-nothing' }))
      .catch((e: unknown) => e);
    expect(isJobNotFound(raw)).toBe(true);
    const explained = await describeJob(sagemaker, 'processing', 'legal-nothing').catch((e: unknown) => e);
    expect(explained).toBeInstanceOf(AwsError);
    expect((explained as AwsError).code).toBe('JobNotFound');
    expect(isJobNotFound(explained)).toBe(true);
    expect(isJobNotFound(new Error('Could not find job'))).toBe(false);
  });

  test('Completed, Failed and Stopped are the ends', () => {
    expect(['Completed', 'Failed', 'Stopped'].every((s) => isTerminalStatus(s))).toBe(true);
    expect(['InProgress', 'Stopping', undefined].some((s) => isTerminalStatus(s))).toBe(false);
  });

  // A sleep that ignored its signal would resolve after a minute, past this test's timeout.
  test('sleep ends early, rejecting, when its signal aborts', async () => {
    const abort = new AbortController();
    const waiting = sleep(60_000, abort.signal);
    abort.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    await expect(sleep(1)).resolves.toBeUndefined();
  }, 10_000);
});
