/**
 * The parts of docs/cli.md written from the code, so they cannot drift: each command's help as
 * commander prints it, and the error table of lib/aws/errors.ts. `npm run docs:cli` rewrites them;
 * test/cli/docs.test.ts fails when the committed file is stale.
 */
import { ERROR_TABLE } from '../aws/errors';
import { buildProgram } from './program';

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

/** Every command's help, without the global options (docs/cli.md lists those once). */
export function commandReference(): string {
  const program = buildProgram({ stdout: quiet, stderr: quiet, env: {}, cwd: '.' }, {}, '0.0.0', {});
  program.configureHelp({ showGlobalOptions: false, helpWidth: 100 });
  return program.commands
    .filter((c) => c.name() !== 'help')
    .map((c) => {
      c.configureHelp({ showGlobalOptions: false, helpWidth: 100 });
      return `### ${c.name()}\n\n\`\`\`\n${c.helpInformation().trimEnd()}\n\`\`\``;
    })
    .join('\n\n');
}

/** The error table as a Markdown table: the row, the errors it explains, what it tells the user. */
export function errorTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Row | Errors | What the CLI tells you |',
    '| --- | --- | --- |',
    ...ERROR_TABLE.map((r) => `| ${r.code} | ${cell(r.errors)} | ${cell(r.advice)} |`),
  ].join('\n');
}

const SECTIONS: Record<string, () => string> = { commands: commandReference, errors: errorTable };

/** Replaces each `<!-- generated: NAME -->` … `<!-- end generated -->` block with what the code says now. */
export function regenerate(markdown: string): string {
  return markdown.replace(
    /(<!-- generated: (\w+) -->\n)[\s\S]*?(<!-- end generated -->)/g,
    (_all, open: string, name: string, close: string) => {
      const render = SECTIONS[name];
      if (!render) throw new Error(`docs/cli.md: no generator for the section "${name}"`);
      return `${open}\n${render()}\n\n${close}`;
    },
  );
}
