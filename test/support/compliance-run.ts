/**
 * `npm run compliance` (scripts/compliance.ts: every pack, Control Tower and cfn-lint) on the
 * repository's projects, run for real once per jest run and shared by the suites that judge its
 * output: a full check costs about 20 CPU-seconds. The first file that asks runs it, in a process of
 * its own, and leaves the result in the run's directory (global-setup.ts); the others, in any worker,
 * read it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface ComplianceRun {
  /** ISOTRAIN_REPORTS_DIR of the run: the reports and evidence files it wrote. */
  readonly reports: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function run(reports: string): ComplianceRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ISOTRAIN_REPORTS_DIR: reports,
    ISOTRAIN_PROJECTS_DIR: path.join(ROOT, 'projects'),
  };
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/compliance.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  return { reports, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let cached: ComplianceRun | undefined;

export function sharedComplianceRun(): ComplianceRun {
  if (cached) return cached;
  const runDir =
    process.env.ISOTRAIN_TEST_RUN_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-test-'));
  const dir = path.join(runDir, 'compliance');
  const result = path.join(dir, 'result.json');
  fs.mkdirSync(dir, { recursive: true });
  let owner = false;
  try {
    fs.closeSync(fs.openSync(path.join(dir, 'lock'), 'wx'));
    owner = true;
  } catch {
    // Another file of this run is making it.
  }
  if (owner) {
    const done = run(path.join(dir, 'reports'));
    fs.writeFileSync(`${result}.tmp`, JSON.stringify(done));
    fs.renameSync(`${result}.tmp`, result);
  }
  const deadline = Date.now() + 600_000;
  while (!fs.existsSync(result)) {
    if (Date.now() > deadline) throw new Error(`no compliance run appeared in ${dir} within 10 minutes`);
    sleep(200);
  }
  cached = JSON.parse(fs.readFileSync(result, 'utf8')) as ComplianceRun;
  return cached;
}
