import { RunStillActiveError, finalizeRun } from '../governance';
import { CliIo, Command, EXIT } from './command';
import { RUN_OPTIONS_USAGE, callerArn, runCommandContext, withRun } from './runs';

const usage = `usage: isotrain finalize RUN [--project NAME] [--outputs-file FILE]

Ends a run whose job has ended: records the final job status, then wipes as the project's
wipeAfterTraining says — immediate: deletes every version of every input object and checkpoint;
tag: tags them isotrain:wipe=true so the lifecycle rule removes them within a day; off: records
that nothing was wiped. Objects another active run uses are kept. A partial wipe exits 1 and is
recorded; run finalize again to resume.

${RUN_OPTIONS_USAGE}`;

export const finalizeCommand: Command = {
  name: 'finalize',
  summary: "record a run's end and wipe its inputs and checkpoints",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { runId, ctx } = await runCommandContext(args, io, {});
    const by = await callerArn(ctx);
    let outcome;
    try {
      outcome = await withRun(() =>
        finalizeRun(ctx.store, ctx.clients, runId, ctx.project.wipeAfterTraining, by),
      );
    } catch (e) {
      if (e instanceof RunStillActiveError) {
        io.stderr.write(`isotrain finalize: ${e.message}\n`);
        return EXIT.FAILED;
      }
      throw e;
    }
    const { wipe, alreadyDone } = outcome;
    if (alreadyDone)
      io.stdout.write(`run ${runId} was already finalized (wipe ${wipe.mode}: ${wipe.status})\n`);
    else {
      const versions = wipe.wiped.reduce((n, w) => n + w.versions.length, 0);
      const verb = wipe.mode === 'immediate' ? 'deleted' : 'tagged for deletion';
      io.stdout.write(
        wipe.mode === 'off'
          ? `run ${runId}: wipeAfterTraining is off; nothing wiped (recorded)\n`
          : `run ${runId}: ${verb} ${versions} version(s) of ${wipe.wiped.length} object(s); wipe ${wipe.status}\n`,
      );
      for (const k of wipe.kept)
        io.stdout.write(`  kept s3://${k.bucket}/${k.key}: used by active run(s) ${k.usedBy.join(', ')}\n`);
      for (const e of wipe.errors) io.stderr.write(`  failed s3://${e.bucket}/${e.key}: ${e.error}\n`);
      if (wipe.status === 'partial')
        io.stderr.write(
          `isotrain finalize: wipe incomplete; run 'isotrain finalize ${runId}' again to resume\n`,
        );
    }
    return wipe.status === 'partial' ? EXIT.FAILED : EXIT.OK;
  },
};
