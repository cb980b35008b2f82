// CLI start-up figures for `npm run bench` (and `npm run bench:startup` alone): the median wall time
// of `isotrain --help`, `--version` and `train --dry-run`, each in a fresh process, against a bare
// tsx script that prints one line (target: --help within 2x of it), with the modules each loads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { redactionJobPrefix } from '../lib/contract';

const ROOT = path.join(__dirname, '..');
const PRELOAD = path.join(__dirname, 'loaded-modules.cjs');
const CLI = path.join(ROOT, 'bin', 'isotrain.cjs');
const CDK = /[/\\]node_modules[/\\](aws-cdk-lib|cdk-nag|constructs)[/\\]/;

export interface StartupFigure {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly modules: number;
  readonly cdkModules: number;
}

/**
 * The example spec reading a redaction job's output, as the example project's redaction gate requires
 * (training.requireRedaction); written next to the module list when the bench runs.
 */
const SPEC = path.join(os.tmpdir(), 'isotrain-bench-startup-spec.yaml');
const REDACTED = `redacted/contracts/${redactionJobPrefix('example')}20261130000000-0a1b/data/`;

/** The example spec with its channels on a redaction job's output (test/bench/startup-spec.test.ts). */
export function startupSpec(): string {
  const spec = fs.readFileSync(path.join(ROOT, 'examples/lora-dp.yaml'), 'utf8');
  return spec.replace(/datasets\/contracts\//g, REDACTED);
}

function writeSpec(): void {
  fs.writeFileSync(SPEC, startupSpec());
}

const CASES: [string, string[]][] = [
  ['tsx script printing one line (baseline)', [path.join(__dirname, 'baseline.cjs')]],
  ['isotrain --help', [CLI, '--help']],
  ['isotrain --version', [CLI, '--version']],
  [
    'isotrain train --dry-run',
    [
      CLI,
      'train',
      '--project',
      'example',
      '--spec',
      SPEC,
      '--outputs-file',
      'examples/example-outputs.json',
      '--dry-run',
    ],
  ],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs each case `runs` times in a fresh process; the first run of each only warms the file cache. */
export function measureStartup(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7)): StartupFigure[] {
  // The bundled example project, whatever the caller's shell points at.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ISOTRAIN_PROJECTS_DIR;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-startup-'));
  writeSpec();
  try {
    return CASES.map(([name, args]) => {
      const times: number[] = [];
      let modules: string[] = [];
      for (let i = 0; i <= runs; i++) {
        const list = path.join(work, 'modules.json');
        const start = performance.now();
        const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...env, ISOTRAIN_LOADED_MODULES_FILE: list },
        });
        const ms = performance.now() - start;
        if (r.status !== 0) throw new Error(`${name} failed (${r.status}):\n${r.stderr}`);
        if (i > 0) times.push(ms);
        modules = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
      }
      return {
        name,
        medianMs: median(times),
        minMs: Math.min(...times),
        modules: modules.length,
        cdkModules: modules.filter((m) => CDK.test(m)).length,
      };
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function startupTable(figures: readonly StartupFigure[]): string {
  const baseline = figures[0].medianMs;
  const head = ['start-up', 'median s', 'min s', 'x baseline', 'modules', 'CDK modules'];
  const rows = figures.map((f) => [
    f.name,
    (f.medianMs / 1000).toFixed(2),
    (f.minMs / 1000).toFixed(2),
    (f.medianMs / baseline).toFixed(1),
    String(f.modules),
    String(f.cdkModules),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (require.main === module) {
  process.stdout.write(`${startupTable(measureStartup())}\n`);
}
