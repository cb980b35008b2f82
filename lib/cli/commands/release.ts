import { releaseRun } from '../../governance/release';
import { CommandContext, EXIT } from '../context';
import { governanceFor } from '../governance';

export async function run(ctx: CommandContext, [runId]: readonly string[]) {
  const gov = await governanceFor(ctx, runId);
  const { release } = await releaseRun(
    gov.store,
    gov.clients,
    gov.project,
    gov.outputs,
    runId,
    gov.caller.arn,
  );
  const approved = release.decision === 'approved';
  if (ctx.shared.json) ctx.json({ runId, ...release });
  else if (approved)
    ctx.out(
      release.tagged
        .map(
          (t) =>
            `approved: s3://${t.bucket}/${t.key} version ${t.versionId} tagged isotrain:release=approved`,
        )
        .join('\n'),
    );
  else
    ctx.out(
      [`refused: run ${runId} is not released; nothing tagged`, ...release.reasons.map((r) => `  ${r}`)].join(
        '\n',
      ),
    );
  return approved ? EXIT.OK : EXIT.FAILED;
}
