import { CliIo, Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';
import { parseOptions } from './main';
import {
  LaunchError,
  LauncherClients,
  PreparedJob,
  Sleep,
  TrainHooks,
  TrainingJobs,
  createClients,
  createProgress,
  explainError,
  followJob,
  formatSummary,
  prepareTrainingJob,
  summarize,
} from '../launcher';
import { governanceHooks } from '../governance/train-hooks';

/** What tests and issue 5 may swap in; everything defaults to the real thing. */
export interface TrainDeps {
  readonly hooks?: TrainHooks;
  readonly clients?: (region: string) => LauncherClients;
  readonly now?: () => Date;
  readonly sleep?: Sleep;
  /** Registers a Ctrl-C handler; returns its removal. @default process SIGINT */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

const USAGE = `usage: isotrain train --project NAME --spec FILE [--outputs-file FILE] [--dry-run] [--wait]

Builds a SageMaker CreateTrainingJob request from a job spec and the project's deployed outputs, and
sends it. Every job is network-isolated, encrypts inter-container traffic, runs in the project's
subnets and security group, encrypts volumes and outputs with the project's keys, checkpoints under
the artifact bucket and carries the project, data classification and caller as tags.

options:
  --project NAME       the project (projects/NAME.yaml)
  --spec FILE          the job spec (see examples/lora-dp.yaml)
  --outputs-file FILE  the file 'cdk deploy --outputs-file' wrote; without it the project's SSM
                       parameters /isotrain/NAME/ (or its stack outputs) are read live
  --dry-run            print the exact request as JSON on stdout and send nothing
  --wait               follow the job to the end; exit 1 if it fails or is stopped
  --poll-seconds N     time between status checks with --wait (default 15)
  --projects-dir DIR   where project files live (default: $ISOTRAIN_PROJECTS_DIR or projects)

exit: 0 launched (or completed, with --wait), 1 refused by AWS or job failed/stopped,
      2 bad input (nothing sent), 130 stopped following on Ctrl-C (the job keeps running)
`;

const defaultInterrupt = (handler: () => void) => {
  process.once('SIGINT', handler);
  return () => process.removeListener('SIGINT', handler);
};

export function trainCommand(deps: TrainDeps = {}): Command {
  return {
    name: 'train',
    summary: 'launch an isolated fine-tuning job from a job spec',
    usage: USAGE,
    run: (args, io) => run(args, io, deps),
  };
}

/** The registered command; issue 5 may register `trainCommand({ hooks })` instead. */
export const train = trainCommand({ hooks: governanceHooks() });

async function run(args: string[], io: CliIo, deps: TrainDeps): Promise<number> {
  const { values } = parseOptions(args, {
    project: { type: 'string' },
    spec: { type: 'string' },
    'outputs-file': { type: 'string' },
    'dry-run': { type: 'boolean' },
    wait: { type: 'boolean' },
    'poll-seconds': { type: 'string' },
    'projects-dir': { type: 'string' },
  });
  if (!values.project) throw new UsageError('--project is required');
  if (!values.spec) throw new UsageError('--spec is required');
  const pollSeconds = values['poll-seconds'] === undefined ? 15 : Number(values['poll-seconds']);
  if (!Number.isFinite(pollSeconds) || pollSeconds < 1) {
    throw new UsageError(`--poll-seconds: expected a number of at least 1, got "${values['poll-seconds']}"`);
  }
  if (values['dry-run'] && values.wait) throw new UsageError('--dry-run and --wait exclude each other');

  const now = deps.now ?? (() => new Date());
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const clientsFor = cached(deps.clients ?? createClients);
  const jobsFor = cached(
    (region: string) => new TrainingJobs(clientsFor(region), retryNotice(say, deps.sleep)),
  );

  const projectsDir = values['projects-dir'] ?? io.env.ISOTRAIN_PROJECTS_DIR ?? 'projects';
  let prepared: PreparedJob;
  try {
    prepared = await prepareTrainingJob(
      {
        cwd: io.cwd,
        projectsDir,
        projectName: values.project,
        specFile: values.spec,
        outputsFile: values['outputs-file'],
        dryRun: values['dry-run'] === true,
        now: now(),
      },
      clientsFor,
      jobsFor,
    );
  } catch (e) {
    if (e instanceof InputError) throw e;
    return fail(
      io,
      explainError(e, { action: 'reading the project outputs and caller identity', project: values.project }),
    );
  }
  const { request } = prepared;
  const region = prepared.project.config.region;
  const name = request.TrainingJobName!;
  const context = {
    action: 'sagemaker:CreateTrainingJob',
    project: prepared.project.config.name,
    projectFile: prepared.projectFile,
    request,
    outputs: prepared.outputs,
  };

  if (values['dry-run']) {
    io.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
    say(
      `dry run: nothing was sent to SageMaker. Outputs from ${prepared.outputs.source}; ` +
        'the caller tag is filled in from sts:GetCallerIdentity at launch.',
    );
    return EXIT.OK;
  }

  await deps.hooks?.beforeCreate?.(prepared);
  let arn: string;
  try {
    arn = await jobsFor(region).create(request);
  } catch (e) {
    return fail(io, explainError(e, context));
  }
  io.stdout.write(`${name}\n`);
  say(`launched ${arn} in ${region}`);
  await deps.hooks?.afterCreate?.(prepared, arn);
  if (!values.wait) {
    say(`follow it: npx isotrain status ${name}    stop it: npx isotrain stop ${name}`);
    return EXIT.OK;
  }

  const progress = createProgress(io.stderr);
  const abort = new AbortController();
  const removeInterrupt = (deps.onInterrupt ?? defaultInterrupt)(() => abort.abort(new Error('interrupted')));
  try {
    const final = await followJob(jobsFor(region), name, {
      pollMs: pollSeconds * 1000,
      sleep: deps.sleep,
      signal: abort.signal,
      now,
      onEvent: async (event) => {
        progress.onEvent(event);
        if (event.kind === 'status') await deps.hooks?.onStatus?.(prepared, event.status, event.job);
      },
    });
    progress.finish();
    await deps.hooks?.afterFinish?.(prepared, final);
    const summary = summarize(final, now());
    io.stdout.write(`${formatSummary(summary)}\n`);
    if (summary.status === 'Completed') return EXIT.OK;
    say(`job ${summary.status.toLowerCase()}${summary.failureReason ? `: ${summary.failureReason}` : ''}`);
    return EXIT.FAILED;
  } catch (e) {
    progress.finish();
    if (abort.signal.aborted) {
      say(
        `stopped following; ${name} keeps running.\n` +
          `  follow it again: npx isotrain status ${name}\n` +
          `  stop it:         npx isotrain stop ${name}`,
      );
      return 130;
    }
    return fail(io, explainError(e, { ...context, action: 'sagemaker:DescribeTrainingJob' }));
  } finally {
    removeInterrupt();
  }
}

/** One client set per region for the life of a command. */
export function cached<T>(make: (region: string) => T): (region: string) => T {
  const made = new Map<string, T>();
  return (region) => {
    if (!made.has(region)) made.set(region, make(region));
    return made.get(region)!;
  };
}

/** Says on stderr that a throttled call is being retried. */
export function retryNotice(say: (line: string) => void, sleep?: Sleep) {
  return {
    sleep,
    onRetry: (r: { attempt: number; attempts: number; delayMs: number; error: Error }) =>
      say(
        `throttled (${r.error.name}); retrying in ${(r.delayMs / 1000).toFixed(1)} s (attempt ${r.attempt + 1} of ${r.attempts})`,
      ),
  };
}

/** AWS refused or failed: the explanation on stderr, exit 1. */
export function fail(io: CliIo, e: LaunchError): number {
  io.stderr.write(`isotrain: ${e.message}\n`);
  return EXIT.FAILED;
}
