/* eslint-disable @typescript-eslint/no-require-imports -- the launch path is loaded only when it runs (see launch) */
import { prepareDryRun } from '../../launcher/prepare';
import { createProgress } from '../../launcher/progress';
import { formatSummary, summarize } from '../../launcher/summary';
import { CommandContext, EXIT, UsageError } from '../context';
import { pollMs, requireProject } from '../shared';

interface TrainOptions {
  readonly spec: string;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
}

export async function run(
  ctx: CommandContext,
  _args: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  const options = flags as unknown as TrainOptions;
  const project = requireProject(ctx);
  if (options.dryRun && options.wait) throw new UsageError('--dry-run and --wait exclude each other');
  const prepare = {
    cwd: ctx.io.cwd,
    projectsDir: ctx.shared.projectsDir,
    projectName: project,
    specFile: options.spec,
    outputsFile: ctx.shared.outputsFile,
    dryRun: options.dryRun === true,
    now: ctx.now(),
  };
  if (!options.dryRun) return launch(ctx, options, prepare);
  if (!prepare.outputsFile) return dryRunLive(ctx, prepare);
  const job = prepareDryRun(prepare);
  ctx.json(job.request);
  ctx.say(
    `dry run: nothing was sent, not even to STS. Outputs from ${job.outputs.source}; ` +
      'the caller tag is filled in from sts:GetCallerIdentity at launch.',
  );
  return EXIT.OK;
}

/** A dry run without an outputs file: reads the SSM parameters (GetParameters only), sends nothing else. */
async function dryRunLive(
  ctx: CommandContext,
  prepare: import('../../launcher/prepare').PrepareOptions,
): Promise<number> {
  const { prepareDryRunLive } = require('../../launcher/launch') as typeof import('../../launcher/launch');
  const { awsFactory } = require('../aws') as typeof import('../aws');
  const job = await prepareDryRunLive(prepare, awsFactory(ctx));
  ctx.json(job.request);
  ctx.say(
    `dry run: only ssm:GetParameters was called (outputs from ${job.outputs.source}); nothing was sent, not even to STS. ` +
      'The caller tag is filled in from sts:GetCallerIdentity at launch.',
  );
  return EXIT.OK;
}

/**
 * The launch path: the SDK, the run record and the wipe. Required here rather than imported, so a
 * dry run, which calls nothing, does not load the SDK either (about 0.6 s of its start).
 */
async function launch(
  ctx: CommandContext,
  options: TrainOptions,
  prepare: import('../../launcher/prepare').PrepareOptions,
): Promise<number> {
  const { trainJob } = require('../../launcher/train') as typeof import('../../launcher/train');
  const { governanceHooks } =
    require('../../governance/train-hooks') as typeof import('../../governance/train-hooks');
  const { awsFactory } = require('../aws') as typeof import('../aws');
  const progress = createProgress(ctx.io.stderr);
  const follow = options.wait ? ctx.following() : undefined;
  try {
    const outcome = await trainJob(
      {
        ...prepare,
        wait: options.wait === true,
        pollMs: pollMs(ctx),
        hooks: ctx.deps.trainHooks ?? governanceHooks(),
        signal: follow?.signal,
        sleep: ctx.deps.sleep,
        clock: ctx.now,
        onLaunched: (job, arn, region) => {
          if (!ctx.shared.json) ctx.out(job.request.TrainingJobName!);
          ctx.say(`launched ${arn} in ${region}`);
        },
        onEvent: (event) => progress.onEvent(event),
      },
      awsFactory(ctx),
    );
    progress.finish();
    const { job } = outcome;
    const name = job.request.TrainingJobName!;
    const region = job.project.config.region;
    if (outcome.kind === 'dry-run') throw new Error('a launch returned a dry run');
    if (outcome.kind === 'launched') {
      if (ctx.shared.json) ctx.json({ job: name, arn: outcome.jobArn, region });
      ctx.say(`follow it: npx isotrain status ${name}    stop it: npx isotrain stop ${name}`);
      return EXIT.OK;
    }
    const summary = summarize(outcome.final, ctx.now());
    if (ctx.shared.json) ctx.json({ job: name, arn: outcome.jobArn, region, summary });
    else ctx.out(formatSummary(summary));
    if (summary.status === 'Completed') return EXIT.OK;
    ctx.say(
      `job ${summary.status.toLowerCase()}${summary.failureReason ? `: ${summary.failureReason}` : ''}`,
    );
    return EXIT.FAILED;
  } finally {
    progress.finish();
    follow?.release();
  }
}
