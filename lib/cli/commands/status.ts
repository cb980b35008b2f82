import { jobStatus } from '../../launcher/jobs';
import { formatSummary, summarize } from '../../launcher/summary';
import { CommandContext, EXIT } from '../context';
import { awsFactory } from '../aws';

export async function run(ctx: CommandContext, [job]: readonly string[]) {
  const description = await jobStatus(
    { cwd: ctx.io.cwd, projectsDir: ctx.shared.projectsDir, projectName: ctx.shared.project, job },
    awsFactory(ctx),
  );
  if (ctx.shared.json) {
    ctx.json(description);
    return EXIT.OK;
  }
  const lines = [formatSummary(summarize(description, ctx.now()))];
  const transitions = description.SecondaryStatusTransitions ?? [];
  if (transitions.length > 0) {
    lines.push('transitions:');
    for (const t of transitions) {
      const at = t.StartTime ? t.StartTime.toISOString() : '-';
      lines.push(`  ${at}  ${t.Status}${t.StatusMessage ? ` — ${t.StatusMessage}` : ''}`);
    }
  }
  ctx.out(lines.join('\n'));
  return EXIT.OK;
}
