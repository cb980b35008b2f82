import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProcessInfo {
  readonly ppid: number;
  readonly argv: readonly string[];
}

function linuxProcess(pid: number): ProcessInfo {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces: the fields after it are the parent's.
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (argv[argv.length - 1] === '') argv.pop();
  return { ppid, argv };
}

/** Elsewhere ps(1): its arguments joined by spaces, so a quoted argument with spaces reads as several. */
function psProcess(pid: number): ProcessInfo {
  const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const [ppid, ...argv] = out.split(/\s+/);
  return { ppid: Number(ppid), argv };
}

const isCdkEntry = (arg: string) => path.basename(arg) === 'cdk';

/**
 * The arguments the CDK CLI was started with (after `cdk`), when it is what runs this app: the CLI
 * passes the app its context but not its command or selectors. Read from the nearest ancestor process
 * whose script is `cdk` (the CLI starts the app through a shell, and `npx` adds a few levels).
 * Undefined when the CLI is not running the app or its process cannot be read: best effort, for a hint.
 */
export function cdkCliArgs(
  env: NodeJS.ProcessEnv,
  reader: 'proc' | 'ps' = fs.existsSync('/proc/self/cmdline') ? 'proc' : 'ps',
): string[] | undefined {
  if (!env.CDK_CLI_VERSION) return undefined;
  const read = reader === 'proc' ? linuxProcess : psProcess;
  try {
    let pid = process.ppid;
    for (let depth = 0; depth < 10 && pid > 1; depth++) {
      const { ppid, argv } = read(pid);
      // The script, not the program: `node …/.bin/cdk diff`, or a `cdk` on the PATH run directly.
      const entry = argv.slice(0, 2).findIndex(isCdkEntry);
      if (entry >= 0) return argv.slice(entry + 1);
      pid = ppid;
    }
  } catch {
    // No /proc, no ps, or a process that ended: no hint.
  }
  return undefined;
}
