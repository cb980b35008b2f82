import * as path from 'node:path';
import { InputError, ProjectOutputKey } from '../contract';
import type { LoadedProject, ProjectConfig } from '../config';
import type { AwsClientFactory, AwsClients } from '../aws/clients';
import { CallerIdentity, projectCaller } from '../aws/identity';
import { REQUIRED_OUTPUTS, resolveOutputs } from '../aws/outputs';
import { loadAllProjects, loadProject, projectFileOf, projectOfJobName } from '../launcher/projects';
import { RecordStore } from './store';

/** The deployed values governance needs (see PROJECT_OUTPUTS). */
export const GOVERNANCE_OUTPUTS = [
  ...REQUIRED_OUTPUTS,
  'AuditBucket',
] as const satisfies readonly ProjectOutputKey[];
export type GovernanceOutputs = Record<(typeof GOVERNANCE_OUTPUTS)[number], string>;

/**
 * The project a command is about: `--project NAME`, or else the project whose name prefixes the run
 * ID (run IDs are job names, `<project>-...`).
 */
export function resolveProject(
  projectsDir: string,
  options: { project?: string; runId?: string },
): LoadedProject {
  if (options.project) return loadProject(projectsDir, options.project);
  const found = options.runId ? projectOfJobName(loadAllProjects(projectsDir), options.runId) : undefined;
  if (!found)
    throw new InputError(
      `RUN: "${options.runId}" does not start with the name of a project in ${projectsDir}; give --project NAME`,
    );
  return found;
}

/** Everything a governance command works with. */
export interface GovernanceContext {
  readonly project: ProjectConfig;
  /** The project file, as messages spell it. */
  readonly projectFile: string;
  readonly outputs: GovernanceOutputs;
  /** Where the outputs came from: a file, `SSM /isotrain/<p>/` or `CloudFormation`. */
  readonly outputsSource: string;
  readonly clients: AwsClients;
  /** Who is calling, checked against the project's account before any other call. */
  readonly caller: CallerIdentity;
  readonly store: RecordStore;
}

export interface GovernanceOptions {
  /** Relative paths are read from here. */
  readonly cwd: string;
  readonly projectsDir: string;
  readonly project?: string;
  readonly runId?: string;
  /** The file `cdk deploy --outputs-file` wrote; without it, the project's SSM parameters (or stack outputs). */
  readonly outputsFile?: string;
}

/**
 * Resolves the project (bad input: exit 2, nothing called), checks the caller against its account
 * (the first call), then resolves the deployed outputs as the launcher does.
 */
export async function governanceContext(
  options: GovernanceOptions,
  aws: AwsClientFactory,
): Promise<GovernanceContext> {
  const loaded = resolveProject(path.resolve(options.cwd, options.projectsDir), options);
  const { config } = loaded;
  const projectFile = projectFileOf(options.cwd, loaded);
  const clients = aws.clients({ name: config.name, region: config.region, file: projectFile });
  const caller = await projectCaller(clients.sts, { ...config, file: projectFile });
  const resolved = await resolveOutputs(
    config.name,
    options.outputsFile
      ? { file: { asGiven: options.outputsFile, path: path.resolve(options.cwd, options.outputsFile) } }
      : {},
    () => clients,
    GOVERNANCE_OUTPUTS,
  );
  const outputs = Object.fromEntries(
    GOVERNANCE_OUTPUTS.map((k) => [k, resolved.all[k]!]),
  ) as GovernanceOutputs;
  return {
    project: config,
    projectFile,
    outputs,
    outputsSource: resolved.source,
    clients,
    caller,
    store: { s3: clients.s3, auditBucket: outputs.AuditBucket, project: config.name },
  };
}
