// `npm run docs:cli`: rewrites the generated sections of docs/cli.md (the command reference and
// the error table) from lib/cli/program.ts and lib/aws/errors.ts, formatted as `npm run format` would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { regenerate } from '../lib/cli/docs';

async function main(): Promise<void> {
  const file = path.join(__dirname, '..', 'docs', 'cli.md');
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  fs.writeFileSync(file, await prettier.format(regenerate(fs.readFileSync(file, 'utf8')), options));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
