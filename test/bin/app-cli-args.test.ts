import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cdkCliArgs } from '../../bin/app-cli-args';

const ROOT = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-cli-args-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * A stand-in for the CDK CLI: a script named `cdk` that starts the app through a shell, as the CLI
 * does, and the app reads the CLI's arguments with each reader. (test/synth.test.ts runs the real CLI.)
 */
function underFakeCdk(args: string[]): Record<string, unknown> {
  const app = path.join(work, 'app.ts');
  fs.writeFileSync(
    app,
    `import { cdkCliArgs } from ${JSON.stringify(path.join(ROOT, 'bin', 'app-cli-args'))};\n` +
      `process.stdout.write(JSON.stringify({ proc: cdkCliArgs(process.env, 'proc'), ps: cdkCliArgs(process.env, 'ps') }));\n`,
  );
  const cdk = path.join(work, 'cdk');
  fs.writeFileSync(
    cdk,
    `const { execSync } = require('node:child_process');\n` +
      `process.stdout.write(execSync(${JSON.stringify(`"${process.execPath}" "${require.resolve('tsx/cli')}" "${app}"`)}, { env: { ...process.env, CDK_CLI_VERSION: '2.0.0' } }));\n`,
  );
  const r = spawnSync(process.execPath, [cdk, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("the CDK CLI's arguments, read from its process", () => {
  // One process tree, and so one tsx start-up, for both readers.
  test('through the shell the CLI starts the app with; /proc keeps an argument with spaces whole, ps splits it', () => {
    expect(underFakeCdk(['deploy', '--app', 'npx tsx bin/app.ts'])).toEqual({
      proc: ['deploy', '--app', 'npx tsx bin/app.ts'],
      ps: ['deploy', '--app', 'npx', 'tsx', 'bin/app.ts'],
    });
  });

  test('nothing when the CDK CLI is not what runs the app', () => {
    expect(cdkCliArgs({})).toBeUndefined();
    // Under jest: no `cdk` among the ancestors.
    expect(cdkCliArgs({ CDK_CLI_VERSION: '2.0.0' })).toBeUndefined();
  });
});
