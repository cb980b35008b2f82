/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- cfn-lint's JSON output is untyped */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Json } from './cfn';
import { BackgroundProcess, BackgroundResult, startBackground } from './engine/background';

export interface LintResult {
  /** False when cfn-lint is not on PATH. */
  readonly available: boolean;
  readonly version?: string;
  readonly matches: LintMatch[];
  /** cfn-lint ran but failed (it exits 2/4/6/8... on findings, other codes on errors). */
  readonly error?: string;
  /** How long the cfn-lint process ran (start-up included). */
  readonly elapsedMs?: number;
  /** The CPU time it took, when known. */
  readonly cpuMs?: number;
}

export interface LintMatch {
  readonly rule: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly logicalId?: string;
}

/** A cfn-lint run started early: `submit` hands it the templates, `result` waits for its matches. */
export interface LintSession {
  submit(files: readonly string[]): void;
  result(): LintResult;
  /** Stops it without a result (the run failed before it was needed). */
  cancel(): void;
}

/**
 * Runs cfn-lint's own command line inside a Python that has already imported it and loaded its
 * rules: most of cfn-lint's start-up is importing and building its rules, and it happens while the
 * app synthesizes. It waits for a file listing the templates, then lints them all in this one
 * process. The runner is cfn-lint's own (what its `main` builds), made before the templates are
 * known and given them afterwards; a cfn-lint whose internals differ runs `main` as before.
 */
const WARM = `
import os, sys, time
go = sys.argv[1]
try:
    from cfnlint.runner import main
    from cfnlint.version import __version__
except Exception as e:
    sys.stderr.write('isotrain-cfn-lint-unavailable: %s\\n' % e)
    sys.exit(97)
runner = None
try:
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner.cli import Runner
    runner = Runner(ConfigMixIn(['--format', 'json']))
except Exception:
    runner = None
while not os.path.exists(go):
    time.sleep(0.01)
with open(go) as f:
    files = [l for l in f.read().split('\\n') if l]
sys.stderr.write('isotrain-cfn-lint-version: %s\\n' % __version__)
args = ['--format', 'json', '--'] + files
if runner is not None:
    try:
        runner.config = ConfigMixIn(args)
    except Exception:
        runner = None
if runner is None:
    sys.argv = ['cfn-lint'] + args
    sys.exit(main())
runner.cli()
`;
const UNAVAILABLE = 97;

/** cfn-lint exits with a bit mask of the levels it found (2 error, 4 warning, 8 info); 1 and others are failures. */
const lintedStatus = (s: number | undefined) => s !== undefined && s % 2 === 0 && s < 16;

function onPath(command: string): string | undefined {
  const executable = (f: string) => {
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return executable(command) ? command : undefined;
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, command))
    .find(executable);
}

/**
 * The Python that runs a cfn-lint executable: the interpreter of its `#!` line, or the `python3`
 * beside it (pyenv shims, virtualenvs). Undefined when neither is to be found.
 */
export function pythonOf(executable: string): string[] | undefined {
  let first = '';
  try {
    const fd = fs.openSync(fs.realpathSync(executable), 'r');
    const buffer = Buffer.alloc(256);
    const n = fs.readSync(fd, buffer, 0, 256, 0);
    fs.closeSync(fd);
    first = buffer.subarray(0, n).toString('utf8').split('\n')[0];
  } catch {
    return undefined;
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (shebang && /python/.test(path.basename(shebang[1]))) return [shebang[1]];
  if (shebang && path.basename(shebang[1]) === 'env' && shebang[2] && /python/.test(shebang[2])) {
    return [shebang[1], shebang[2]];
  }
  const sibling = ['python3', 'python']
    .map((p) => path.join(path.dirname(executable), p))
    .find((p) => fs.existsSync(p));
  return sibling ? [sibling] : undefined;
}

function parse(run: BackgroundResult, version: string | undefined): LintResult {
  let parsed: Json[];
  try {
    parsed = JSON.parse(run.stdout || '[]');
    if (!Array.isArray(parsed)) throw new Error('not a list');
  } catch {
    const why = (run.stderr || run.stdout)
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('isotrain-'));
    return { available: true, version, matches: [], error: why.pop() ?? `exit status ${run.status}` };
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
    error: lintedStatus(run.status)
      ? undefined
      : `exit status ${run.status}: ${run.stderr.trim().split('\n').pop()}`,
  };
}

/**
 * Starts cfn-lint now (one process for every template of the run) so that its start-up overlaps
 * synthesis and the packs. Without a Python to warm up in, cfn-lint starts at `submit` instead,
 * still once.
 */
export function startCfnLint(command = 'cfn-lint'): LintSession {
  const executable = onPath(command);
  if (!executable) {
    return {
      submit: () => undefined,
      result: () => ({ available: false, matches: [] }),
      cancel: () => undefined,
    };
  }
  const python = pythonOf(executable);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-lint-'));
  const go = path.join(work, 'templates');
  const cleanup = () => fs.rmSync(work, { recursive: true, force: true });
  const warm = python ? startBackground(python[0], [...python.slice(1), '-c', WARM, go]) : undefined;
  let files: readonly string[] = [];
  let coldRun: BackgroundProcess | undefined;
  const startCold = () => startBackground(command, ['--format', 'json', '--', ...files]);
  return {
    submit(given: readonly string[]): void {
      files = given.map((f) => path.resolve(f));
      if (files.length === 0) return warm?.cancel();
      if (!warm) coldRun = startCold();
      else {
        fs.writeFileSync(`${go}.tmp`, files.join('\n'));
        fs.renameSync(`${go}.tmp`, go);
      }
    },
    result(): LintResult {
      try {
        if (files.length === 0) return { available: true, matches: [] };
        let run = (coldRun ?? warm)!.wait();
        let version: string | undefined;
        if (!coldRun && (run.status === UNAVAILABLE || run.status === undefined)) {
          // This Python cannot import cfn-lint (another installation is on PATH): run the command itself.
          run = startCold().wait();
        } else if (!coldRun) version = /isotrain-cfn-lint-version: (\S+)/.exec(run.stderr)?.[1];
        if (run.status === undefined) return { available: false, matches: [] };
        return { ...parse(run, version), elapsedMs: run.elapsedMs, cpuMs: run.cpuMs };
      } finally {
        cleanup();
      }
    },
    cancel(): void {
      warm?.cancel();
      coldRun?.cancel();
      cleanup();
    },
  };
}

/** Runs cfn-lint over templates when it is installed: one process for all of them. */
export function runCfnLint(files: readonly string[], command = 'cfn-lint'): LintResult {
  const session = startCfnLint(command);
  session.submit(files);
  return session.result();
}
