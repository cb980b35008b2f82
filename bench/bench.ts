// `npm run bench`: the CLI's start-up (bench/startup.ts), then synth alone against synth with every
// check (AWS's four packs, Isolation, Control Tower, cfn-lint) for 1, 10 and 50 generated projects,
// each in a fresh process.
/* eslint-disable @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeProjects } from './projects';
import { measureStartup, startupTable } from './startup';

const ROOT = path.join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1,10,50').split(',').map(Number);

interface Measurement {
  ms: number;
  timings: Record<string, number>;
}

function measure(mode: 'synth' | 'check', dir: string): Measurement {
  const run = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'measure.ts'), mode, dir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.status !== 0) throw new Error(`${mode} of ${dir} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

process.stderr.write('bench: CLI start-up...\n');
const startup = startupTable(measureStartup());

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-projects-'));
const rows: string[][] = [];
try {
  for (const n of SIZES) {
    const dir = path.join(work, String(n));
    writeProjects(path.join(ROOT, 'projects', 'example.yaml'), dir, n);
    process.stderr.write(`bench: ${n} project(s)...\n`);
    const synth = measure('synth', dir);
    const check = measure('check', dir);
    const t = check.timings;
    const packs = [
      'AwsSolutions',
      'HIPAA.Security',
      'NIST.800.53.R5',
      'PCI.DSS.321',
      'Isolation',
      'include',
      'evidence',
    ]
      .map((k) => t[k] ?? 0)
      .reduce((a, b) => a + b, 0);
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const added = check.ms - synth.ms;
    rows.push([
      String(n),
      s(synth.ms),
      s(synth.ms / n),
      s(check.ms),
      s(check.ms / n),
      s(added / n),
      `${Math.round((100 * added) / synth.ms)}%`,
      s(packs / n),
      s((t.ControlTower ?? 0) / n),
      s((t['cfn-lint'] ?? 0) / n),
    ]);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const head = [
  'projects',
  'synth s',
  'synth s/project',
  'synth+checks s',
  'synth+checks s/project',
  'checks s/project',
  'checks vs synth',
  'nag packs s/project',
  'Control Tower s/project',
  'cfn-lint s/project',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
process.stdout.write(
  [
    `isotrain bench on ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
    startup,
    '',
  ].join('\n'),
);
