import * as path from 'node:path';
import { evaluateRun } from '../../governance/evaluate';
import { CommandContext, EXIT, UsageError } from '../context';
import { governanceFor } from '../governance';
import { pollMs } from '../shared';

interface EvaluateFlags {
  readonly spec: string;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
}

export async function run(
  ctx: CommandContext,
  [runId]: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  const options = flags as unknown as EvaluateFlags;
  if (options.dryRun && options.wait) throw new UsageError('--dry-run and --wait exclude each other');
  const gov = await governanceFor(ctx, runId);
  const follow = options.wait ? ctx.following() : undefined;
  try {
    const outcome = await evaluateRun(gov, {
      runId,
      specFile: options.spec,
      specPath: path.resolve(ctx.io.cwd, options.spec),
      dryRun: options.dryRun === true,
      wait: options.wait === true,
      pollMs: pollMs(ctx),
      sleep: ctx.deps.sleep,
      signal: follow?.signal,
      clock: ctx.now,
      onStarted: (request) => {
        ctx.say(`started evaluation ${request.ProcessingJobName} of run ${runId}`);
        if (!ctx.shared.json) ctx.out(request.ProcessingJobName!);
      },
      onStatus: (status, at) => ctx.say(`${at.toISOString()} ${status}`),
    });
    const name = outcome.request.ProcessingJobName!;
    if (outcome.kind === 'dry-run') {
      ctx.json(outcome.request);
      return EXIT.OK;
    }
    if (outcome.kind !== 'finished') {
      if (ctx.shared.json) ctx.json({ runId, job: name, status: 'InProgress' });
      return EXIT.OK;
    }
    const { job } = outcome;
    const status = job.ProcessingJobStatus ?? 'Unknown';
    if (ctx.shared.json) ctx.json({ runId, job: name, status, failureReason: job.FailureReason });
    if (status !== 'Completed') {
      ctx.say(`isotrain evaluate: ${name} ${status}${job.FailureReason ? `: ${job.FailureReason}` : ''}`);
      return EXIT.FAILED;
    }
    ctx.say(`evaluation complete; results pinned for 'isotrain release ${runId}'`);
    return EXIT.OK;
  } finally {
    follow?.release();
  }
}
