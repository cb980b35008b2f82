/**
 * The layer rules of docs/architecture.md, enforced by dependency-cruiser (`npm run lint`). Run here
 * too, so a wrong import fails `npm test` and CI; and on a fixture that breaks each rule, so a rule
 * that stopped firing fails as well.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

function cruise(cwd: string, targets: string[]) {
  const r = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'err', ...targets], {
    cwd,
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('layers', () => {
  it('the repository breaks no layer rule', () => {
    const r = cruise(ROOT, ['bin', 'lib', 'constructs', 'scripts', 'bench']);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('fails when a layer imports one it must not', () => {
    const r = cruise(path.join(ROOT, 'test', 'fixtures', 'layers'), ['lib', 'constructs']);
    expect(r.status).not.toBe(0);
    for (const rule of [
      'contract-is-a-leaf: lib/contract/names.ts → constructs/bucket.ts',
      'checks-never-import-infra: lib/checks/rule.ts → lib/infra/stage.ts',
      'cli-is-the-top: lib/launcher/launch.ts → lib/cli/main.ts',
      'launcher-over-aws: lib/launcher/launch.ts → lib/cli/main.ts',
    ]) {
      expect(r.output).toContain(rule);
    }
  });
});
