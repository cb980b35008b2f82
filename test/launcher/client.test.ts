import { PassThrough } from 'node:stream';
import {
  DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommand,
  SageMakerClient,
  SageMakerServiceException,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../lib/cli/main';
import { jobsCommand } from '../../lib/cli/jobs';
import { statusCommand } from '../../lib/cli/status';
import { stopCommand } from '../../lib/cli/stop';
import {
  TrainingJobs,
  createClients,
  explainError,
  isNotFound,
  isThrottling,
  withRetry,
} from '../../lib/launcher/client';
import { JobEvent, followJob, summarize } from '../../lib/launcher/follow';
import { createProgress } from '../../lib/launcher/progress';
import { memoryIo } from '../cli/io';

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());

function awsError(name: string, message: string, status = 400) {
  return new SageMakerServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe('withRetry', () => {
  test('retries throttling (by name or HTTP 429) with exponential backoff and full jitter, capped', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetry(
      () => {
        n++;
        if (n === 1) throw awsError('ThrottlingException', 'slow down');
        if (n === 2) throw awsError('SomethingElse', 'busy', 429);
        if (n < 8) throw awsError('TooManyRequestsException', 'slow down');
        return Promise.resolve('ok');
      },
      {
        attempts: 10,
        baseDelayMs: 1000,
        random: () => 1,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 20000, 20000]);
  });
  test('does not retry other errors', async () => {
    let n = 0;
    await expect(
      withRetry(() => {
        n++;
        return Promise.reject(awsError('ValidationException', 'bad'));
      }),
    ).rejects.toThrow('bad');
    expect(n).toBe(1);
    expect(isThrottling(awsError('ValidationException', 'x'))).toBe(false);
  });
});

describe('explainError', () => {
  test('AccessDenied on a live-outputs launch puts an undeployed project-file change first', () => {
    const e = awsError(
      'AccessDeniedException',
      'not authorized to perform: sagemaker:CreateTrainingJob with an explicit deny',
    );
    const msg = explainError(e, {
      action: 'sagemaker:CreateTrainingJob',
      project: 'legal',
      projectFile: 'projects/legal.yaml',
      outputs: { source: 'SSM /isotrain/legal/' } as never,
    }).message;
    expect(msg.indexOf('1. projects/legal.yaml was changed after the last deploy')).toBeGreaterThan(0);
    expect(msg).toMatch(/2\. or the outputs in SSM \/isotrain\/legal\/ no longer match/);
  });
  test('ResourceLimitExceeded without a quoted quota derives it from the request', () => {
    const msg = explainError(awsError('ResourceLimitExceeded', 'limit exceeded'), {
      action: 'sagemaker:CreateTrainingJob',
      request: {
        ResourceConfig: { InstanceType: 'ml.p4d.24xlarge', InstanceCount: 2, VolumeSizeInGB: 1 },
      } as never,
    }).message;
    expect(msg).toMatch(
      /Raise the Service Quotas quota "ml\.p4d\.24xlarge for training job usage" \(service SageMaker\) to at least 2/,
    );
  });
  test('a duplicate name and missing credentials say what to do', () => {
    expect(
      explainError(awsError('ResourceInUse', 'exists'), {
        action: 'x',
        request: { TrainingJobName: 'legal-a' } as never,
      }).message,
    ).toMatch(/A job named legal-a already exists.*Launch again/);
    const creds = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(explainError(creds, { action: 'x' }).message).toMatch(/No AWS credentials found.*AWS_PROFILE/);
  });
  test('recognises a missing job', () => {
    expect(isNotFound(awsError('ValidationException', "Could not find training job 'arn'."))).toBe(true);
    expect(isNotFound(awsError('ValidationException', 'other'))).toBe(false);
  });
});

function job(status: string, secondary: [string, string][] = []): DescribeTrainingJobCommandOutput {
  return {
    $metadata: {},
    TrainingJobName: 'legal-x',
    TrainingJobStatus: status,
    SecondaryStatus: secondary.at(-1)?.[0],
    CreationTime: new Date('2026-11-29T00:00:00Z'),
    SecondaryStatusTransitions: secondary.map(([Status, StatusMessage]) => ({
      Status,
      StatusMessage,
      StartTime: new Date(),
    })),
  } as DescribeTrainingJobCommandOutput;
}

describe('followJob', () => {
  test('reports each status and each new or reworded transition once, then returns the final job', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(job('InProgress', [['Starting', 'Preparing']]))
      .resolvesOnce(job('InProgress', [['Starting', 'Preparing']]))
      .resolvesOnce(job('InProgress', [['Starting', 'Launched instances']]))
      .resolvesOnce(
        job('InProgress', [
          ['Starting', 'Launched instances'],
          ['Training', 'Training'],
        ]),
      )
      .resolves(
        job('Stopped', [
          ['Starting', 'Launched instances'],
          ['Training', 'Training'],
          ['Stopped', 'Stopped'],
        ]),
      );
    const events: string[] = [];
    const pauses: number[] = [];
    const final = await followJob(new TrainingJobs(createClients('eu-west-1')), 'legal-x', {
      pollMs: 5000,
      sleep: (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
      onEvent: (e: JobEvent) => {
        if (e.kind !== 'poll')
          events.push(e.kind === 'status' ? `status:${e.status}` : `${e.status}:${e.message}`);
      },
    });
    expect(final.TrainingJobStatus).toBe('Stopped');
    expect(events).toEqual([
      'status:InProgress',
      'Starting:Preparing',
      'Starting:Launched instances',
      'Training:Training',
      'status:Stopped',
      'Stopped:Stopped',
    ]);
    expect(pauses).toEqual([5000, 5000, 5000, 5000]);
  });
});

describe('progress', () => {
  function capture(tty: boolean) {
    const stream = Object.assign(new PassThrough(), { isTTY: tty });
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    return { stream, text: () => text };
  }
  const at = (min: number) => new Date(Date.parse('2026-11-29T00:00:00Z') + min * 60_000);

  test('plain: a heartbeat every 10 minutes while running, none once ended', () => {
    const out = capture(false);
    const p = createProgress(out.stream);
    const running = { ...job('InProgress', [['Training', 'x']]), TrainingStartTime: at(0) };
    for (const m of [1, 9, 11, 15, 21]) p.onEvent({ kind: 'poll', job: running, at: at(m) });
    p.onEvent({
      kind: 'poll',
      job: { ...running, TrainingJobStatus: 'Completed', TrainingEndTime: at(40) },
      at: at(40),
    });
    expect(out.text().trim().split('\n')).toEqual([
      '2026-11-29T00:11:00.000Z still InProgress (Training), 00:11:00 elapsed',
      '2026-11-29T00:21:00.000Z still InProgress (Training), 00:21:00 elapsed',
    ]);
  });
  test('summary computes spot savings only for spot jobs', () => {
    const base = { ...job('Completed'), TrainingTimeInSeconds: 100, BillableTimeInSeconds: 30 };
    expect(summarize({ ...base, EnableManagedSpotTraining: true }).spotSavingsPercent).toBe(70);
    expect(summarize({ ...base, EnableManagedSpotTraining: false }).spotSavingsPercent).toBeUndefined();
  });
});

describe('status, stop and jobs in-process', () => {
  async function run(argv: string[]) {
    const m = memoryIo();
    const deps = { clients: () => createClients('eu-west-1'), sleep: () => Promise.resolve() };
    const code = await main(argv, m.io, [statusCommand(deps), stopCommand(deps), jobsCommand(deps)]);
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  }
  test('stop of a job that already ended exits 1 with what SageMaker said', async () => {
    sagemaker
      .on(StopTrainingJobCommand)
      .rejects(awsError('ValidationException', 'The job status is Completed.'));
    const { code, stderr } = await run(['stop', 'example-x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /sagemaker:StopTrainingJob failed: ValidationException: The job status is Completed\./,
    );
  });
  test('status denied explains the launcher policy', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'not authorized to perform: sagemaker:DescribeTrainingJob on resource: x',
        ),
      );
    const { code, stderr } = await run(['status', 'example-x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/attach the project's launcher policy/);
  });
  test('jobs refuses bad options and pages through results, keeping only the project prefix', async () => {
    expect((await run(['jobs', '--project', 'example', '--status', 'Running'])).code).toBe(2);
    expect((await run(['jobs', '--project', 'example', '--max', '0'])).code).toBe(2);
    sagemaker
      .on(ListTrainingJobsCommand)
      .resolvesOnce({
        TrainingJobSummaries: [
          {
            TrainingJobName: 'example-a',
            TrainingJobStatus: 'Completed',
            CreationTime: new Date('2026-11-28T00:00:00Z'),
            TrainingJobArn: 'a',
          },
          {
            TrainingJobName: 'other-example-b',
            TrainingJobStatus: 'Completed',
            CreationTime: new Date(),
            TrainingJobArn: 'b',
          },
        ],
        NextToken: 'n',
      })
      .resolves({
        TrainingJobSummaries: [
          {
            TrainingJobName: 'example-c',
            TrainingJobStatus: 'InProgress',
            CreationTime: new Date('2026-11-29T00:00:00Z'),
            TrainingJobArn: 'c',
          },
        ],
      });
    const { code, stdout } = await run(['jobs', '--project', 'example']);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['JOB', 'example-c', 'example-a']);
    expect(sagemaker.commandCalls(ListTrainingJobsCommand)[0].args[0].input).toMatchObject({
      NameContains: 'example-',
    });
  });
});
