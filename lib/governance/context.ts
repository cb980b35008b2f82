import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { InputError, ProjectOutputKey } from '../contract';
import { ConfigError, LoadedProject, ProjectConfig, loadProjects } from '../config';
import { outputsFromFile, outputsFromParameters } from '../launcher/outputs';
import { Caller } from './record';
import { RecordStore } from './store';

/** The deployed values governance needs (see PROJECT_OUTPUTS). */
export const GOVERNANCE_OUTPUTS = [
  'TrainingDataBucket',
  'ArtifactsBucket',
  'AuditBucket',
  'DataKeyArn',
  'ArtifactsKeyArn',
  'SubnetIds',
  'TrainingSecurityGroupId',
  'TrainingRoleArn',
] as const satisfies readonly ProjectOutputKey[];
export type GovernanceOutputs = Record<(typeof GOVERNANCE_OUTPUTS)[number], string>;

export interface AwsClients {
  readonly s3: S3Client;
  readonly sagemaker: SageMakerClient;
  readonly sts: STSClient;
  readonly ssm: SSMClient;
}

/**
 * SDK clients configured the standard way: region from AWS_REGION (or AWS_DEFAULT_REGION), endpoint
 * from AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL, credentials from the default chain.
 */
export function awsClients(env: NodeJS.ProcessEnv, region?: string): AwsClients {
  const base = { region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? region };
  const endpoint = (service: string) => env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const s3Endpoint = endpoint('S3');
  return {
    s3: new S3Client({ ...base, endpoint: s3Endpoint, forcePathStyle: s3Endpoint ? true : undefined }),
    sagemaker: new SageMakerClient({ ...base, endpoint: endpoint('SAGEMAKER') }),
    sts: new STSClient({ ...base, endpoint: endpoint('STS') }),
    ssm: new SSMClient({ ...base, endpoint: endpoint('SSM') }),
  };
}

export async function callerIdentity(sts: STSClient): Promise<Caller> {
  const id = await sts.send(new GetCallerIdentityCommand({}));
  return { arn: id.Arn ?? 'unknown', account: id.Account ?? 'unknown', userId: id.UserId ?? 'unknown' };
}

/**
 * The project a command is about: `--project NAME`, or else the project whose name prefixes the run
 * ID (job names are `<project>-...`). Project files come from ISOTRAIN_PROJECTS_DIR or `projects/`.
 */
export function resolveProject(
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { project?: string; runId?: string },
): LoadedProject {
  const dir = path.resolve(cwd, env.ISOTRAIN_PROJECTS_DIR ?? 'projects');
  let projects: LoadedProject[];
  try {
    projects = loadProjects(dir);
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(e.message);
    throw e;
  }
  if (options.project) {
    const found = projects.find((p) => p.config.name === options.project);
    if (!found)
      throw new InputError(
        `--project: no project named "${options.project}" in ${dir}; known: ${projects.map((p) => p.config.name).join(', ')}`,
      );
    return found;
  }
  const candidates = projects
    .filter((p) => options.runId?.startsWith(`${p.config.name}-`))
    .sort((a, b) => b.config.name.length - a.config.name.length);
  if (candidates.length === 0)
    throw new InputError(
      `RUN: "${options.runId}" does not start with the name of a project in ${dir}; give --project NAME`,
    );
  return candidates[0];
}

/**
 * Deployed outputs, resolved as the launcher resolves them: `--outputs-file` (what `cdk deploy
 * --outputs-file` writes) or, without it, the project's SSM parameters under `/isotrain/<project>/`.
 */
export async function resolveOutputs(
  project: ProjectConfig,
  ssm: SSMClient,
  outputsFile?: { asGiven: string; path: string },
): Promise<GovernanceOutputs> {
  const resolved = outputsFile
    ? outputsFromFile(outputsFile.asGiven, project.name, outputsFile.path)
    : await outputsFromParameters(ssm, project.name);
  const values = resolved.all;
  const missing = GOVERNANCE_OUTPUTS.filter((k) => !values[k]);
  if (missing.length > 0)
    throw new InputError(
      missing
        .map((k) => `${resolved.source}: ${k}: expected the deployed value of ${k}, got nothing`)
        .join('\n'),
    );
  return Object.fromEntries(GOVERNANCE_OUTPUTS.map((k) => [k, values[k]!])) as GovernanceOutputs;
}

/** Everything a governance command works with. */
export interface GovernanceContext {
  readonly project: ProjectConfig;
  readonly outputs: GovernanceOutputs;
  readonly clients: AwsClients;
  readonly store: RecordStore;
}

export async function governanceContext(
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { project?: string; runId?: string; outputsFile?: string },
): Promise<GovernanceContext> {
  const { config } = resolveProject(env, cwd, options);
  const clients = awsClients(env, config.region);
  const outputs = await resolveOutputs(
    config,
    clients.ssm,
    options.outputsFile
      ? { asGiven: options.outputsFile, path: path.resolve(cwd, options.outputsFile) }
      : undefined,
  );
  return {
    project: config,
    outputs,
    clients,
    store: { s3: clients.s3, auditBucket: outputs.AuditBucket, project: config.name },
  };
}
