import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where a project's sandbox keeps its state, outputs file and server log (relative to the working directory). */
export const SANDBOX_DIR = path.join('.isotrain', 'sandbox');

/** What `sandbox up` recorded, so `down` and a second `up` find the sandbox again. */
export interface SandboxState {
  readonly project: string;
  readonly endpoint: string;
  /** The moto server's process ID when the sandbox started it; absent for --endpoint. */
  readonly pid?: number;
  readonly region: string;
  readonly account: string;
  readonly outputsFile: string;
  readonly startedAt: string;
}

export function sandboxPaths(cwd: string, project: string) {
  const dir = path.join(cwd, SANDBOX_DIR);
  return {
    dir,
    state: path.join(dir, `${project}.json`),
    outputsFile: path.join(dir, `${project}-outputs.json`),
    log: path.join(dir, `${project}-moto.log`),
  };
}

export function readState(file: string): SandboxState | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxState;
}

export function writeState(file: string, state: SandboxState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}
