import { verifyRunWithAws } from '../../governance/verify';
import { CommandContext, EXIT } from '../context';
import { governanceFor } from '../governance';

export async function run(ctx: CommandContext, [runId]: readonly string[]) {
  const gov = await governanceFor(ctx, runId);
  const result = await verifyRunWithAws(gov.store, gov.clients.sagemaker, gov.project, gov.outputs, runId, {
    lockMode: gov.project.audit.objectLockMode,
    project: gov.project.name,
  });
  if (ctx.shared.json) ctx.json(result);
  else if (result.ok)
    ctx.out(`ok: run ${runId}: ${result.versions} version(s), chain intact, retained; head ${result.head}`);
  else
    ctx.out(
      [
        `BROKEN: run ${runId}: ${result.problems.length} problem(s) in ${result.versions} version(s)`,
        ...result.problems.map((p) => `  ${p}`),
      ].join('\n'),
    );
  for (const u of result.unchecked ?? []) ctx.say(`not checked against AWS (${u})`);
  return result.ok ? EXIT.OK : EXIT.FAILED;
}
