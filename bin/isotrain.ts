import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../lib/cli/main';

// The SDK warns on every Node 20 process that its releases after January 2027 will need Node 22
// (NodeVersionSupportWarning). isotrain's users cannot act on that per command (package.json's
// engines and the lock file decide the SDK version), so the CLI turns it off; scripts and tests
// that use the SDK directly still see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  {},
  version,
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`isotrain: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
