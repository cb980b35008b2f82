/**
 * `npm run compliance` (scripts/compliance.ts: every pack, Control Tower and cfn-lint), run for real
 * once per jest run and shared by the suites that judge its output: a full check costs about 20
 * CPU-seconds. The first file that asks runs it, in a process of its own, and leaves the result in the
 * run's directory (global-setup.ts); the others, in any worker, read it.
 *
 * One run checks two things at once: the tests' own project (`FIXTURE_PROJECT`, derived from the
 * example fixture; test/checks/compliance.test.ts judges the command end to end on it) and every
 * project of the repository's projects/ that has a committed evidence report (which
 * test/checks/evidence-committed.test.ts compares). A project's evidence report reads only that
 * project's results, so checking them side by side changes neither, and a second project costs about
 * 3 CPU-seconds where a second run costs 20. If a shipped project cannot sit beside the fixture
 * (same name, or same account with an overlapping range), each gets a run of its own.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadProjects } from '../../lib/config';
import { exampleAs, SHIPPED_PROJECTS } from './fixture-projects';

const ROOT = path.join(__dirname, '..', '..');

/** The tests' own project in the run: the example under a name, account and range of its own. */
export const FIXTURE_PROJECT = { name: 'fixture', account: '210987654321', cidr: '10.250.0.0/16' };

export interface ComplianceRun {
  /** The projects the run checked, by name. */
  readonly projects: readonly string[];
  /** ISOTRAIN_REPORTS_DIR of the run: the reports and evidence files it wrote. */
  readonly reports: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A project of the repository's projects/ whose evidence report is committed in reports/. */
export interface CommittedEvidence {
  readonly name: string;
  readonly projectFile: string;
  readonly evidenceFile: string;
}

/**
 * The shipped projects with a committed evidence report. A committed report without its project (the
 * example's, in a repository that removed projects/example.yaml) is not compared: nothing writes it.
 * Throws the ConfigError of projects/ when its files have problems (`npx cdk synth` would fail too).
 */
export function committedEvidence(): CommittedEvidence[] {
  return loadProjects(SHIPPED_PROJECTS)
    .map((p) => ({
      name: p.config.name,
      projectFile: p.file,
      evidenceFile: path.join(ROOT, 'reports', `evidence-${p.config.name}.md`),
    }))
    .filter((e) => fs.existsSync(e.evidenceFile));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function run(projectsDir: string, reports: string): ComplianceRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ISOTRAIN_REPORTS_DIR: reports,
    ISOTRAIN_PROJECTS_DIR: projectsDir,
  };
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/compliance.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  const projects = loadProjects(projectsDir).map((p) => p.config.name);
  return { projects, reports, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The project directories to check: one when the shipped projects can sit beside the fixture. */
function plan(dir: string): string[] {
  const fixture = `${FIXTURE_PROJECT.name}.yaml`;
  let shipped: string[] = [];
  try {
    shipped = committedEvidence().map((e) => e.projectFile);
  } catch (e) {
    // Shipped project files with problems: evidence-committed.test.ts reports them; the fixture is still checked.
    if (!(e instanceof ConfigError)) throw e;
  }
  const together = path.join(dir, 'projects');
  fs.mkdirSync(together);
  fs.writeFileSync(path.join(together, fixture), exampleAs(FIXTURE_PROJECT));
  if (shipped.length === 0) return [together];
  const copy = (to: string) => {
    for (const f of shipped) fs.copyFileSync(f, path.join(to, path.basename(f)));
  };
  if (!shipped.some((f) => path.basename(f) === fixture)) {
    copy(together);
    try {
      loadProjects(together);
      return [together];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      fs.rmSync(together, { recursive: true });
      fs.mkdirSync(together);
      fs.writeFileSync(path.join(together, fixture), exampleAs(FIXTURE_PROJECT));
    }
  }
  const apart = path.join(dir, 'shipped');
  fs.mkdirSync(apart);
  copy(apart);
  return [together, apart];
}

let cached: ComplianceRun[] | undefined;

function sharedRuns(): ComplianceRun[] {
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
    let done: ComplianceRun[] | { error: string };
    try {
      done = plan(dir).map((projects, i) => run(projects, path.join(dir, `reports-${i}`)));
    } catch (e) {
      // The files waiting for the result fail with the reason instead of waiting out the deadline.
      done = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    fs.writeFileSync(`${result}.tmp`, JSON.stringify(done));
    fs.renameSync(`${result}.tmp`, result);
  }
  const deadline = Date.now() + 600_000;
  while (!fs.existsSync(result)) {
    if (Date.now() > deadline) throw new Error(`no compliance run appeared in ${dir} within 10 minutes`);
    sleep(200);
  }
  const read = JSON.parse(fs.readFileSync(result, 'utf8')) as ComplianceRun[] | { error: string };
  if (!Array.isArray(read)) throw new Error(`the shared compliance run could not start: ${read.error}`);
  cached = read;
  return cached;
}

/** The shared run that checked this project. */
export function sharedComplianceRun(project: string = FIXTURE_PROJECT.name): ComplianceRun {
  const found = sharedRuns().find((r) => r.projects.includes(project));
  if (!found) throw new Error(`no compliance run of this jest run checked project ${project}`);
  return found;
}
