import { finalizeRun } from '../../governance/finalize';
import { lastStep, objectName } from '../../governance/record';
import { CommandContext, EXIT } from '../context';
import { governanceFor } from '../governance';

export async function run(ctx: CommandContext, [runId]: readonly string[]) {
  const gov = await governanceFor(ctx, runId);
  const { wipe, alreadyDone, record } = await finalizeRun(
    gov.store,
    gov.clients,
    runId,
    gov.project.wipeAfterTraining,
    gov.caller.arn,
  );
  const partial = wipe.status === 'partial';
  if (ctx.shared.json) ctx.json({ runId, alreadyDone, wipe });
  else if (alreadyDone) ctx.out(`run ${runId} was already finalized (wipe ${wipe.mode}: ${wipe.status})`);
  else {
    const versions = wipe.wiped.reduce((n, w) => n + w.versions.length, 0);
    const verb = wipe.mode === 'immediate' ? 'deleted' : 'tagged for deletion';
    ctx.out(
      [
        wipe.mode === 'off'
          ? `run ${runId}: wipeAfterTraining is off; nothing wiped (recorded)`
          : `run ${runId}: ${verb} ${versions} version(s) of ${wipe.wiped.length} object(s); wipe ${wipe.status}`,
        ...wipe.kept.map((k) => `  kept ${objectName(k)}: used by active run(s) ${k.usedBy.join(', ')}`),
      ].join('\n'),
    );
  }
  const unreleased = lastStep(record, 'artifacts')?.data.unreleased ?? [];
  if (!ctx.shared.json && unreleased.length > 0)
    ctx.out(
      `model: ${unreleased.length} version(s) tagged isotrain:artifact=unreleased (expire unless released)`,
    );
  for (const e of wipe.errors) ctx.say(`  failed ${objectName(e)}: ${e.error}`);
  if (partial)
    ctx.say(`isotrain finalize: wipe incomplete; run 'isotrain finalize ${runId}' again to resume`);
  return partial ? EXIT.FAILED : EXIT.OK;
}
