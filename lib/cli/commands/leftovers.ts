import { projectLeftovers } from '../../teardown';
import { awsFactory } from '../aws';
import { CommandContext, EXIT } from '../context';
import { requireProject, table } from '../shared';

const size = (bytes?: number) =>
  bytes === undefined ? '' : bytes < 1024 ** 2 ? `${bytes} B` : `${(bytes / 1024 ** 3).toFixed(2)} GB`;

export async function run(ctx: CommandContext) {
  const result = await projectLeftovers(
    { cwd: ctx.io.cwd, projectsDir: ctx.shared.projectsDir, project: requireProject(ctx) },
    awsFactory(ctx),
  );
  if (ctx.shared.json) {
    ctx.json(result);
    return EXIT.OK;
  }
  if (result.leftovers.length === 0) {
    ctx.say(`nothing tagged isotrain:project=${result.project} is left in ${result.region}`);
    return EXIT.OK;
  }
  ctx.out(
    table([
      ['KIND', 'NAME', 'SIZE', 'USD/MONTH', 'LOCKED UNTIL', 'NOTE'],
      ...result.leftovers.map((l) => [
        l.kind,
        l.name,
        size(l.bytes),
        l.monthly.toFixed(2),
        l.lockedUntil ?? '',
        l.note,
      ]),
    ]),
  );
  ctx.out(`total: $${result.monthly.toFixed(2)} a month at list prices (docs/teardown.md)`);
  return EXIT.OK;
}
