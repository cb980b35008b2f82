import { releaseRun } from '../governance';
import { CliIo, Command, EXIT } from './command';
import { RUN_OPTIONS_USAGE, callerArn, runCommandContext, withRun } from './runs';

const usage = `usage: isotrain release RUN [--project NAME] [--outputs-file FILE]

The privacy gate. Compares the results of the run's latest evaluation with the project's privacy
thresholds; only if every one passes, tags the evaluated model version isotrain:release=approved,
which lets the project's deployment role read it from outside the project network. The decision is
recorded in the run record either way. Exit 0 approved, 1 refused (nothing tagged).
Run it as the project's release role: no other principal may set that tag.

${RUN_OPTIONS_USAGE}`;

export const releaseCommand: Command = {
  name: 'release',
  summary: "release a run's model if its privacy results pass the project thresholds",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { runId, ctx } = await runCommandContext(args, io, {});
    const by = await callerArn(ctx);
    const { release } = await withRun(() => releaseRun(ctx.store, ctx.clients, ctx.project, runId, by));
    if (release.decision === 'approved') {
      for (const t of release.tagged)
        io.stdout.write(
          `approved: s3://${t.bucket}/${t.key} version ${t.versionId} tagged isotrain:release=approved\n`,
        );
      return EXIT.OK;
    }
    io.stdout.write(`refused: run ${runId} is not released; nothing tagged\n`);
    for (const r of release.reasons) io.stdout.write(`  ${r}\n`);
    return EXIT.FAILED;
  },
};
