/**
 * Helpers every command module may use (command modules never import each other). Loaded only with
 * a command, never by `isotrain --help`.
 */
import { CommandContext, UsageError } from './context';

/** --project, for the commands that cannot infer it. */
export function requireProject(ctx: CommandContext): string {
  if (!ctx.shared.project) throw new UsageError(`--project NAME is required for '${ctx.command}'`);
  return ctx.shared.project;
}

export function pollMs(ctx: CommandContext): number {
  return ctx.shared.pollSeconds * 1000;
}

/** Left-aligned columns, two spaces apart, no trailing blanks. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
