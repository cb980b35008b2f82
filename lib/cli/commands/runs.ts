import { RunSummary, summarize } from '../../governance/record';
import { listRunIds, readRecord } from '../../governance/store';
import { CommandContext, EXIT } from '../context';
import { governanceFor } from '../governance';
import { requireProject, table } from '../shared';

export async function run(ctx: CommandContext) {
  requireProject(ctx);
  const gov = await governanceFor(ctx);
  const summaries: RunSummary[] = [];
  for (const runId of await listRunIds(gov.store)) {
    try {
      summaries.push(summarize((await readRecord(gov.store, runId)).record));
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      // One unreadable record must not hide the others; verify says what is wrong with it.
      summaries.push({
        runId,
        project: gov.project.name,
        startedAt: '',
        startedBy: '',
        jobStatus: `unreadable (isotrain verify ${runId})`,
        wipe: '',
        evaluation: '',
        release: '',
        steps: 0,
      });
    }
  }
  if (ctx.shared.json) {
    ctx.json(summaries);
    return EXIT.OK;
  }
  if (summaries.length === 0) {
    ctx.say(`no runs recorded for project ${gov.project.name}`);
    return EXIT.OK;
  }
  ctx.out(
    table([
      ['RUN', 'STARTED', 'JOB', 'WIPE', 'EVALUATION', 'RELEASE', 'BY'],
      ...summaries.map((s) => [
        s.runId,
        s.startedAt,
        s.jobStatus,
        s.wipe,
        s.evaluation,
        s.release,
        s.startedBy,
      ]),
    ]),
  );
  return EXIT.OK;
}
