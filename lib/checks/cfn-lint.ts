/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { Json } from './cfn';

export interface LintResult {
  /** False when cfn-lint is not on PATH. */
  readonly available: boolean;
  readonly version?: string;
  readonly matches: LintMatch[];
  /** cfn-lint ran but failed (it exits 2/4/6/8... on findings, other codes on errors). */
  readonly error?: string;
}

export interface LintMatch {
  readonly rule: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly logicalId?: string;
}

/** Node script: `<command> <jobs> files...` → one JSON array of every cfn-lint match. */
const PARALLEL = `
const { spawn } = require('node:child_process');
const [command, jobs, ...files] = process.argv.slice(1);
const n = Math.max(1, Math.min(Number(jobs), files.length));
const shares = Array.from({ length: n }, (_, i) => files.filter((_, j) => j % n === i));
Promise.all(shares.map((share) => new Promise((resolve) => {
  const p = spawn(command, ['--format', 'json', ...share]);
  let out = '', err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  p.on('close', () => {
    try { resolve(JSON.parse(out || '[]')); } catch { process.stderr.write(err || out); process.exit(3); }
  });
}))).then((all) => process.stdout.write(JSON.stringify(all.flat())));
`;

/** Runs the Python cfn-lint over templates when it is installed. */
export function runCfnLint(files: readonly string[], command = 'cfn-lint'): LintResult {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { available: false, matches: [] };
  const version = probe.stdout.trim();
  if (files.length === 0) return { available: true, version, matches: [] };
  // cfn-lint lints one template at a time: run one process per CPU over a share of the templates.
  const run = spawnSync(process.execPath, ['-e', PARALLEL, command, String(os.cpus().length), ...files], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let parsed: Json[];
  try {
    parsed = JSON.parse(run.stdout || '[]');
  } catch {
    return { available: true, version, matches: [], error: (run.stderr || run.stdout).trim().split('\n')[0] };
  }
  const level = (l: string) => (l === 'Error' ? 'error' : l === 'Warning' ? 'warning' : 'note');
  return {
    available: true,
    version,
    matches: parsed.map((m) => ({
      rule: m.Rule?.Id ?? 'cfn-lint',
      level: level(m.Level),
      message: m.Message ?? '',
      file: m.Filename,
      line: m.Location?.Start?.LineNumber,
      logicalId: m.Location?.Path?.[0] === 'Resources' ? m.Location.Path[1] : undefined,
    })),
  };
}
