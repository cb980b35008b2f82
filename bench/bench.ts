// `npm run bench`: the CLI's start-up (bench/startup.ts), then plain synth against `isotrain check`
// with every check (AWS's four packs, Isolation, the Control Tower controls, cfn-lint) for 1 and N
// generated projects, each measurement in a fresh process. BENCH_SIZES=1,10 (the default) sets the
// project counts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baseProject, writeProjects } from './projects';
import { measureStartup, startupTable } from './startup';

const ROOT = path.join(__dirname, '..');

interface Measurement {
  /** From reading the projects to the end, module loading excluded. */
  readonly ms: number;
  /** Process start to ready: Node, tsx and the modules. */
  readonly loadMs: number;
  readonly timings: Record<string, number>;
  /** CPU seconds (user + system) of the whole process tree, start-up included; undefined off Linux. */
  readonly cpuS?: number;
}

/**
 * CPU seconds used so far by this process's finished children and their descendants (cutime +
 * cstime of /proc/self/stat). Wall time on a shared machine depends on the load; CPU time does not.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5), counted from the state (field 3) at index 0.
    const ticks = Number(fields[13]) + Number(fields[14]);
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return ticks / hz;
  } catch {
    return undefined;
  }
}

interface CheckRow {
  readonly projects: number;
  readonly synth: Measurement;
  readonly check: Measurement;
}

function measure(mode: 'synth' | 'check', dir: string): Measurement {
  const cpuBefore = childrenCpuSeconds();
  const run = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'measure.ts'), mode, dir],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`${mode} of ${dir} failed:\n${run.stderr}`);
  const cpuAfter = childrenCpuSeconds();
  const measured = JSON.parse(run.stdout.trim().split('\n').pop()!) as Measurement;
  return {
    ...measured,
    cpuS: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/** Plain synth and the full check, each in a fresh process, for each project count. */
export function measureChecks(sizes: readonly number[]): CheckRow[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-projects-'));
  try {
    const base = baseProject(path.join(ROOT, 'projects'));
    return sizes.map((n) => {
      const dir = path.join(work, String(n));
      writeProjects(base, dir, n);
      process.stderr.write(`bench: ${n} project(s): plain synth...\n`);
      const synth = measure('synth', dir);
      process.stderr.write(`bench: ${n} project(s): isotrain check...\n`);
      const check = measure('check', dir);
      return { projects: n, synth, check };
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);

function table(head: readonly string[], rows: readonly string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

const PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Isolation'];

const cpuOf = (t: Record<string, number>, k: string) => (t[`cpu:${k}`] ?? 0) / 1000;

/** CPU seconds of one check run: cfn-guard, cfn-lint, and the rest (this process: synth, packs, report). */
function cpuSplit(m: Measurement): { guard: number; lint: number; rest?: number } {
  const guard = cpuOf(m.timings, 'ControlTower');
  const lint = cpuOf(m.timings, 'cfn-lint');
  return { guard, lint, rest: m.cpuS === undefined ? undefined : m.cpuS - guard - lint };
}

/** The figures issue 9 asks for: per project, the marginal project, and check ÷ synth. */
export function checkFigures(rows: readonly CheckRow[]): string[] {
  const perRow = rows.map((r) => {
    const t = r.check.timings;
    const packs = PACKS.map((k) => t[k] ?? 0).reduce((a, b) => a + b, 0);
    const waited = (t['wait:ControlTower'] ?? 0) + (t['wait:cfn-lint'] ?? 0);
    const cpu = cpuSplit(r.check);
    return [
      String(r.projects),
      s(r.synth.ms),
      s(r.synth.ms / r.projects),
      s(r.check.ms),
      s(r.check.ms / r.projects),
      s(r.check.timings.synth ?? 0),
      s(t.include ?? 0),
      s(packs),
      s(t.ControlTower ?? 0),
      s(t['cfn-lint'] ?? 0),
      s(waited),
      s(r.check.loadMs),
      r.synth.cpuS === undefined ? '-' : r.synth.cpuS.toFixed(2),
      r.check.cpuS === undefined ? '-' : r.check.cpuS.toFixed(2),
      cpu.guard.toFixed(2),
      cpu.lint.toFixed(2),
      cpu.rest === undefined ? '-' : cpu.rest.toFixed(2),
    ];
  });
  const out = [
    ...table(
      [
        'projects',
        'plain synth s',
        'synth s/project',
        'check s',
        'check s/project',
        'of which synth',
        'include',
        'nag packs',
        'cfn-guard (parallel)',
        'cfn-lint (parallel)',
        'waited for tools',
        'process start s',
        'synth CPU s',
        'check CPU s',
        'of which cfn-guard',
        'cfn-lint',
        'this process',
      ],
      perRow,
    ),
    '',
  ];
  const one = rows.find((r) => r.projects === 1);
  const most = [...rows].sort((a, b) => b.projects - a.projects)[0];
  if (one) {
    const ratio = one.check.ms / one.synth.ms;
    const withStart = (one.check.ms + one.check.loadMs) / (one.synth.ms + one.synth.loadMs);
    out.push(
      `single project: check ${s(one.check.ms)} s ÷ plain synth ${s(one.synth.ms)} s = ${ratio.toFixed(1)}× (target ≤ 3×); ` +
        `with process start-up in both: ${withStart.toFixed(1)}×`,
    );
    if (one.check.cpuS !== undefined && one.synth.cpuS !== undefined) {
      out.push(
        `single project in CPU time (all processes): check ${one.check.cpuS.toFixed(2)} CPU s ÷ plain synth ${one.synth.cpuS.toFixed(2)} CPU s = ${(one.check.cpuS / one.synth.cpuS).toFixed(1)}×`,
      );
    }
  }
  if (one && most && most.projects > 1) {
    const marginal = (most.check.ms - one.check.ms) / (most.projects - 1);
    const marginalSynth = (most.synth.ms - one.synth.ms) / (most.projects - 1);
    out.push(
      `marginal project: check +${s(marginal)} s per extra project (target ≤ 0.5 s), of which plain synth +${s(marginalSynth)} s`,
    );
    if (most.check.cpuS !== undefined && one.check.cpuS !== undefined) {
      const cpu = (most.check.cpuS - one.check.cpuS) / (most.projects - 1);
      const [a, b] = [cpuSplit(one.check), cpuSplit(most.check)];
      const per = (x: number, y: number) => ((y - x) / (most.projects - 1)).toFixed(2);
      out.push(
        `marginal project in CPU time (all processes): +${cpu.toFixed(2)} CPU s, so at best +${(cpu / os.cpus().length).toFixed(2)} s on ${os.cpus().length} idle cores; ` +
          `of which cfn-guard +${per(a.guard, b.guard)}, cfn-lint +${per(a.lint, b.lint)}, this process +${per(a.rest ?? 0, b.rest ?? 0)} CPU s`,
      );
    }
  }
  return out;
}

function header(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `isotrain bench on ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${load}`;
}

if (require.main === module) {
  const sizes = (process.env.BENCH_SIZES ?? '1,10').split(',').map(Number);
  process.stderr.write('bench: CLI start-up...\n');
  const startup = startupTable(measureStartup());
  const rows = measureChecks(sizes);
  process.stdout.write([header(), '', startup, '', ...checkFigures(rows), ''].join('\n'));
}
