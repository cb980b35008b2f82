import { main } from '../lib/cli/main';
import { COMMANDS } from '../lib/cli/commands';

main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  COMMANDS,
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`isotrain: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
