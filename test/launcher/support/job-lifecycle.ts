import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * moto 5.2 records training jobs faithfully but gives them no life: a job is Completed the moment it
 * is created, and StopTrainingJob answers 500. This layer sits between the CLI and moto, forwards every
 * request untouched, and adds only what moto lacks:
 * - DescribeTrainingJob / ListTrainingJobs: a job walks Starting → Downloading → Training → Uploading
 *   (InProgress) over `stepsToComplete` describes before moto's own Completed shows through;
 * - StopTrainingJob: checked against moto (unknown job → moto's own error), then Stopping → Stopped.
 * Everything a job was created with is read from moto itself, never from here.
 *
 * With `options.outputs` (what the run-governance tests need; issue 8 release ground truth):
 * - a job's end is the moment it is first described Completed: `onComplete(kind, name)` runs first —
 *   the test writes there what the container and SageMaker would have uploaded (model, results) — and
 *   then TrainingEndTime / ProcessingEndTime and LastModifiedTime are that moment, as SageMaker
 *   reports them after the upload;
 * - DescribeProcessingJob: a processing job is InProgress for `stepsToComplete` describes (moto
 *   creates it Completed).
 */
export interface LifecycleOptions {
  /** Called once per job, before its first Completed description is returned. */
  readonly onComplete?: (
    kind: 'training' | 'processing',
    name: string,
    job: Record<string, unknown>,
  ) => Promise<void>;
  readonly outputs: true;
}
export interface JobLifecycle {
  readonly endpoint: string;
  /** Operations seen, in order (X-Amz-Target, `query.<Action>` or method and path): what the CLI called. */
  readonly calls: string[];
  stop(): Promise<void>;
}

const STEPS: [string, string][] = [
  ['Starting', 'Preparing the instances for training'],
  ['Downloading', 'Downloading input data'],
  ['Training', 'Training image download completed. Training in progress.'],
  ['Uploading', 'Uploading generated training model'],
];

interface State {
  describes: number;
  stopRequested?: number;
  /** Epoch seconds when the job was first described Completed (with options.outputs). */
  completedAt?: number;
}

export async function startJobLifecycle(
  motoEndpoint: string,
  stepsToComplete = 3,
  options?: LifecycleOptions,
): Promise<JobLifecycle> {
  const jobs = new Map<string, State>();
  const calls: string[] = [];
  const state = (name: string) => {
    if (!jobs.has(name)) jobs.set(name, { describes: 0 });
    return jobs.get(name)!;
  };

  const forward = async (req: http.IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    }
    const res = await fetch(`${motoEndpoint}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  const transitions = (created: number, upTo: number, final?: [string, string]) => {
    const list = STEPS.slice(0, upTo).map(([Status, StatusMessage], i) => ({
      Status,
      StatusMessage,
      StartTime: created + i * 60,
    }));
    if (final) list.push({ Status: final[0], StatusMessage: final[1], StartTime: created + upTo * 60 });
    return list;
  };

  /** Rewrites moto's Completed job into where it stands in its life. */
  const overlay = (job: Record<string, unknown>, s: State) => {
    const created = Number(job.CreationTime ?? Date.now() / 1000);
    if (s.stopRequested !== undefined) {
      const stopped = s.describes > s.stopRequested;
      Object.assign(job, {
        TrainingJobStatus: stopped ? 'Stopped' : 'Stopping',
        SecondaryStatus: stopped ? 'Stopped' : 'Stopping',
        SecondaryStatusTransitions: transitions(
          created,
          Math.min(s.stopRequested, STEPS.length),
          stopped ? ['Stopped', 'The job was stopped'] : ['Stopping', 'Stopping the training job'],
        ),
      });
      if (!stopped) delete job.TrainingEndTime;
      return;
    }
    if (s.describes >= stepsToComplete) return; // moto's own Completed shows through
    const step = Math.min(s.describes + 1, STEPS.length);
    Object.assign(job, {
      TrainingJobStatus: 'InProgress',
      SecondaryStatus: STEPS[step - 1][0],
      SecondaryStatusTransitions: transitions(created, step),
    });
    delete job.TrainingEndTime;
  };

  /** The end of a job as SageMaker reports it: when it was first seen Completed, after its uploads. */
  const finish = async (kind: 'training' | 'processing', job: Record<string, unknown>, s: State) => {
    if (s.completedAt === undefined) {
      const name = String(job[kind === 'training' ? 'TrainingJobName' : 'ProcessingJobName']);
      await options?.onComplete?.(kind, name, job);
      s.completedAt = Date.now() / 1000;
    }
    job[kind === 'training' ? 'TrainingEndTime' : 'ProcessingEndTime'] = s.completedAt;
    job.LastModifiedTime = s.completedAt;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const target = String(req.headers['x-amz-target'] ?? '');
        const action = /(?:^|&)Action=(\w+)/.exec(body.toString())?.[1];
        calls.push(target || (action ? `query.${action}` : `${req.method} ${req.url}`));
        const send = (status: number, text: string, contentType = 'application/x-amz-json-1.1') => {
          res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        };
        try {
          if (target === 'SageMaker.StopTrainingJob') {
            // moto cannot stop a job; ask it whether the job exists, so unknown names fail as moto fails.
            const name = JSON.parse(body.toString()).TrainingJobName as string;
            req.headers['x-amz-target'] = 'SageMaker.DescribeTrainingJob';
            const probe = await forward(req, Buffer.from(JSON.stringify({ TrainingJobName: name })));
            if (probe.status !== 200) return send(probe.status, probe.text);
            const s = state(name);
            s.stopRequested = s.describes;
            return send(200, '{}');
          }
          const upstream = await forward(req, body);
          if (upstream.status === 200 && target === 'SageMaker.DescribeTrainingJob') {
            const job = JSON.parse(upstream.text) as Record<string, unknown>;
            const s = state(String(job.TrainingJobName));
            overlay(job, s);
            s.describes++;
            if (options && job.TrainingJobStatus === 'Completed') await finish('training', job, s);
            return send(200, JSON.stringify(job));
          }
          if (options && upstream.status === 200 && target === 'SageMaker.DescribeProcessingJob') {
            const job = JSON.parse(upstream.text) as Record<string, unknown>;
            const s = state(`processing:${String(job.ProcessingJobName)}`);
            if (s.describes < stepsToComplete) {
              job.ProcessingJobStatus = 'InProgress';
              job.LastModifiedTime = job.CreationTime;
              delete job.ProcessingEndTime;
            }
            s.describes++;
            if (job.ProcessingJobStatus === 'Completed') await finish('processing', job, s);
            return send(200, JSON.stringify(job));
          }
          if (upstream.status === 200 && target === 'SageMaker.ListTrainingJobs') {
            const page = JSON.parse(upstream.text) as { TrainingJobSummaries?: Record<string, unknown>[] };
            for (const summary of page.TrainingJobSummaries ?? []) {
              const s = jobs.get(String(summary.TrainingJobName));
              if (!s) continue;
              const view = { ...summary };
              overlay(view, s);
              summary.TrainingJobStatus = view.TrainingJobStatus;
            }
            return send(200, JSON.stringify(page));
          }
          res.writeHead(
            upstream.status,
            Object.fromEntries(
              [...upstream.headers.entries()].filter(
                ([k]) => !['content-length', 'content-encoding', 'transfer-encoding'].includes(k),
              ),
            ),
          );
          res.end(upstream.text);
        } catch (e) {
          send(500, JSON.stringify({ __type: 'InternalFailure', message: String(e) }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
