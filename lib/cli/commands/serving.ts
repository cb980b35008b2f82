import { setServing } from '../../serving/control';
import { CommandContext, EXIT, UsageError } from '../context';
import { awsFactory } from '../aws';

/** `isotrain serving stop|start ENDPOINT`: take away or give back the endpoint's invoke permission. */
export async function run(
  ctx: CommandContext,
  [action, endpoint]: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  if (action !== 'stop' && action !== 'start')
    throw new UsageError(`ACTION: expected stop or start, got "${action}"`);
  const result = await setServing(
    action,
    {
      cwd: ctx.io.cwd,
      projectsDir: ctx.shared.projectsDir,
      project: ctx.shared.project,
      outputsFile: ctx.shared.outputsFile,
      endpoint,
      reason: typeof flags.reason === 'string' ? flags.reason : undefined,
    },
    awsFactory(ctx),
  );
  const { data } = result;
  if (ctx.shared.json) ctx.json(result);
  else
    ctx.out(
      `${data.endpointName}: ${action === 'stop' ? 'stopped: no consumer may invoke it' : 'started: its consumers may invoke it'}` +
        `${result.changed ? '' : ' (it already was)'}; recorded in the run record of ${result.runId}`,
    );
  return EXIT.OK;
}
