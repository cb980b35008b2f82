import { verifyRun } from '../governance';
import { CliIo, Command, EXIT } from './command';
import { RUN_OPTIONS_USAGE, runCommandContext, withRun } from './runs';

const usage = `usage: isotrain verify RUN [--project NAME] [--outputs-file FILE] [--json]

Checks a run's record: every version extends the one before by one step without changing history,
every step carries the SHA-256 of the step before, no version was deleted or hidden, and every
version is under Object Lock retention in the project's mode. Exit 0 intact, 1 on any break.

${RUN_OPTIONS_USAGE}
  --json                the result as JSON on stdout`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a run record's hash chain and Object Lock retention",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { runId, ctx, values } = await runCommandContext(args, io, { json: { type: 'boolean' } });
    const result = await withRun(() =>
      verifyRun(ctx.store, runId, { lockMode: ctx.project.audit.objectLockMode, project: ctx.project.name }),
    );
    if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok)
      io.stdout.write(
        `ok: run ${runId}: ${result.versions} version(s), chain intact, retained; head ${result.head}\n`,
      );
    else {
      io.stdout.write(
        `BROKEN: run ${runId}: ${result.problems.length} problem(s) in ${result.versions} version(s)\n`,
      );
      for (const p of result.problems) io.stdout.write(`  ${p}\n`);
    }
    return result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
