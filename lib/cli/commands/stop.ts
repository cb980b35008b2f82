import { stopJob } from '../../launcher/jobs';
import { createProgress } from '../../launcher/progress';
import { formatSummary, summarize } from '../../launcher/summary';
import { CommandContext, EXIT } from '../context';
import { awsFactory } from '../aws';
import { pollMs } from '../shared';

export async function run(
  ctx: CommandContext,
  [job]: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  const wait = flags.wait === true;
  const progress = createProgress(ctx.io.stderr);
  const follow = wait ? ctx.following() : undefined;
  try {
    const final = await stopJob(
      {
        cwd: ctx.io.cwd,
        projectsDir: ctx.shared.projectsDir,
        projectName: ctx.shared.project,
        job,
        wait,
        pollMs: pollMs(ctx),
        sleep: ctx.deps.sleep,
        signal: follow?.signal,
        clock: ctx.now,
        onRequested: () => ctx.say(`stop requested for ${job}`),
        onEvent: (e) => progress.onEvent(e),
      },
      awsFactory(ctx),
    );
    progress.finish();
    if (!final) {
      if (ctx.shared.json) ctx.json({ job, stopRequested: true });
      return EXIT.OK;
    }
    const summary = summarize(final, ctx.now());
    if (ctx.shared.json) ctx.json({ job, stopRequested: true, summary });
    else ctx.out(formatSummary(summary));
    return summary.status === 'Stopped' ? EXIT.OK : EXIT.FAILED;
  } finally {
    progress.finish();
    follow?.release();
  }
}
