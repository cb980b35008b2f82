import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAwsClients } from '../aws/clients';
import { projectCaller } from '../aws/identity';
import { loadProject, projectFileOf } from '../launcher/projects';
import { NOT_ENFORCED, SandboxPlan, outputsFileOf, sandboxPlan } from './plan';
import { provision } from './provision';
import { freePort, motoAnswers, startServer, stopServer, waitGone } from './server';
import { SandboxState, readState, sandboxPaths, writeState } from './state';

export { NOT_ENFORCED, sandboxPlan, outputsFileOf } from './plan';
export type { SandboxPlan, SandboxBucket } from './plan';
export type { SandboxState } from './state';
export { SANDBOX_DIR, sandboxPaths } from './state';

/** The credentials moto accepts; never real ones (the sandbox must not reach AWS by mistake). */
const DUMMY = 'testing';

/**
 * The environment that points the CLI, the SDK and the AWS CLI at the sandbox, as `export` lines:
 * dummy credentials (so no profile's real ones are sent), the endpoint and the project's region.
 */
export function sandboxEnv(state: Pick<SandboxState, 'endpoint' | 'region'>): [string, string][] {
  return [
    ['AWS_ENDPOINT_URL', state.endpoint],
    ['AWS_REGION', state.region],
    ['AWS_DEFAULT_REGION', state.region],
    ['AWS_ACCESS_KEY_ID', DUMMY],
    ['AWS_SECRET_ACCESS_KEY', DUMMY],
    ['AWS_SESSION_TOKEN', DUMMY],
  ];
}

export function exportLines(state: Pick<SandboxState, 'endpoint' | 'region'>): string {
  const lines = sandboxEnv(state).map(([k, v]) => `export ${k}=${v}`);
  // A profile would take precedence over the keys above in some tools.
  return [...lines, 'unset AWS_PROFILE'].join('\n');
}

export interface SandboxUpOptions {
  readonly cwd: string;
  readonly projectsDir: string;
  readonly project: string;
  /** The environment the server starts with (PATH finds moto_server). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Use this moto server instead of starting one. */
  readonly endpoint?: string;
  /** The port of the server to start. @default - a free port */
  readonly port?: number;
}

export interface SandboxUp {
  readonly state: SandboxState;
  readonly plan: SandboxPlan;
  /** The project file, as messages spell it. */
  readonly file: string;
  /** Whether a running sandbox of this project was found and reused. */
  readonly reused: boolean;
  readonly notEnforced: readonly string[];
}

/**
 * Brings up (or refreshes) a project's stand-in: a moto server, the buckets with the Data stack's
 * versioning and Object Lock, the SSM parameters and an outputs file. Idempotent: a second `up`
 * reuses the running server and creates what is missing.
 */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxUp> {
  const loaded = loadProject(path.resolve(options.cwd, options.projectsDir), options.project);
  const { config } = loaded;
  const plan = sandboxPlan(config);
  const paths = sandboxPaths(options.cwd, config.name);
  const previous = readState(paths.state);
  const reused = !options.endpoint && previous !== undefined && (await motoAnswers(previous.endpoint));
  let endpoint: string;
  let pid: number | undefined;
  if (options.endpoint) {
    endpoint = options.endpoint.replace(/\/+$/, '');
  } else if (reused && previous) {
    ({ endpoint, pid } = previous);
  } else {
    fs.mkdirSync(paths.dir, { recursive: true });
    ({ endpoint, pid } = await startServer({
      port: options.port ?? (await freePort()),
      account: config.account,
      logFile: paths.log,
      env: options.env,
    }));
  }
  const state: SandboxState = {
    project: config.name,
    endpoint,
    ...(pid !== undefined ? { pid } : {}),
    region: config.region,
    account: config.account,
    outputsFile: path.relative(options.cwd, paths.outputsFile),
    startedAt: reused && previous ? previous.startedAt : new Date().toISOString(),
  };
  try {
    const clients = createAwsClients({ env: Object.fromEntries(sandboxEnv(state)) }, config.region);
    await projectCaller(clients.sts, { ...config, file: projectFileOf(options.cwd, loaded) });
    await provision(clients, plan);
  } catch (e) {
    if (!reused) stopServer(pid);
    throw e;
  }
  writeState(paths.state, state);
  fs.writeFileSync(paths.outputsFile, `${JSON.stringify(outputsFileOf(plan), null, 2)}\n`);
  return { state, plan, file: projectFileOf(options.cwd, loaded), reused, notEnforced: NOT_ENFORCED };
}

export interface SandboxDown {
  /** What was found; undefined when no sandbox of the project was up here. */
  readonly state?: SandboxState;
  /** Whether the sandbox's own moto server was stopped (false for --endpoint servers). */
  readonly stopped: boolean;
  readonly removed: readonly string[];
}

/**
 * Stops the moto server the sandbox started (everything it held was in memory, so it is gone) and
 * removes the state and outputs files. A server given with --endpoint is left running.
 */
export async function sandboxDown(options: {
  readonly cwd: string;
  readonly project: string;
}): Promise<SandboxDown> {
  const paths = sandboxPaths(options.cwd, options.project);
  const state = readState(paths.state);
  let stopped = false;
  // Only a process that still answers as the sandbox's server is stopped: a recorded ID alone may
  // by now belong to another process.
  if (state?.pid !== undefined && (await motoAnswers(state.endpoint))) {
    stopServer(state.pid);
    stopped = await waitGone(state.pid);
  }
  const removed = [paths.state, paths.outputsFile, paths.log].filter((f) => fs.existsSync(f));
  for (const f of removed) fs.rmSync(f);
  for (const dir of [paths.dir, path.dirname(paths.dir)]) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  return { state, stopped, removed: removed.map((f) => path.relative(options.cwd, f)) };
}

/** The recorded sandbox of a project, if it is up. */
export function sandboxState(cwd: string, project: string): SandboxState | undefined {
  return readState(sandboxPaths(cwd, project).state);
}
