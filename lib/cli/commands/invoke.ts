import { NotConsumerError, invokeEndpoint } from '../../serving/invoke';
import { CommandContext, EXIT } from '../context';
import { awsFactory } from '../aws';

/** `isotrain invoke ENDPOINT --body FILE`: one request with the caller's own credentials. */
export async function run(
  ctx: CommandContext,
  [endpoint]: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  try {
    const result = await invokeEndpoint(
      {
        cwd: ctx.io.cwd,
        projectsDir: ctx.shared.projectsDir,
        project: ctx.shared.project,
        endpoint,
        bodyFile: String(flags.body),
        contentType: typeof flags.contentType === 'string' ? flags.contentType : 'application/json',
      },
      awsFactory(ctx),
    );
    const text = Buffer.from(result.body).toString('utf8');
    if (ctx.shared.json)
      ctx.json({
        endpointName: result.endpointName,
        invokedAs: result.invokedAs,
        contentType: result.contentType,
        body: text,
      });
    else {
      ctx.say(`${result.endpointName}: invoked as ${result.invokedAs}`);
      ctx.out(text);
    }
    return EXIT.OK;
  } catch (e) {
    if (!(e instanceof NotConsumerError)) throw e;
    ctx.say(`isotrain invoke: ${e.message}`);
    return EXIT.FAILED;
  }
}
