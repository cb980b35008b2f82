import * as fs from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { InputError, PROJECT_OUTPUTS, ProjectOutputKey } from '../contract';

/** The deployed values a job needs, resolved from an outputs file or read live. */
export interface ResolvedProjectOutputs {
  readonly project: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly dataBucket: string;
  readonly artifactsBucket: string;
  /** Volume key: the project's data key. */
  readonly dataKeyArn: string;
  /** Output key: the project's artifacts key. */
  readonly artifactsKeyArn: string;
  readonly trainingRoleArn: string;
  /** Everything else the stacks publish (AuditBucket, LauncherPolicyArn, ...), by output key. */
  readonly all: Partial<Record<ProjectOutputKey, string>>;
  /** Where the values came from, for messages: a file path, `SSM /isotrain/<p>/` or `CloudFormation`. */
  readonly source: string;
}

const REQUIRED = [
  'SubnetIds',
  'TrainingSecurityGroupId',
  'TrainingDataBucket',
  'ArtifactsBucket',
  'DataKeyArn',
  'ArtifactsKeyArn',
  'TrainingRoleArn',
] as const satisfies readonly ProjectOutputKey[];

/** The project's stacks, as `cdk deploy` names them inside the project's Stage. */
export function projectStackNames(project: string): string[] {
  return ['Keys', 'Network', 'Data', 'Access'].map((s) => `${project}-${s}`);
}

function fromValues(
  project: string,
  values: Partial<Record<ProjectOutputKey, string>>,
  source: string,
  where: (key: ProjectOutputKey) => string,
): ResolvedProjectOutputs {
  const missing = REQUIRED.filter((k) => !values[k]);
  if (missing.length > 0) {
    throw new InputError(
      missing
        .map((k) => `${source}: ${where(k)}: expected the deployed value of ${k}, got nothing`)
        .concat(`deploy the project first: npx cdk deploy '${project}/*'`)
        .join('\n'),
    );
  }
  return {
    project,
    subnetIds: values
      .SubnetIds!.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    securityGroupId: values.TrainingSecurityGroupId!,
    dataBucket: values.TrainingDataBucket!,
    artifactsBucket: values.ArtifactsBucket!,
    dataKeyArn: values.DataKeyArn!,
    artifactsKeyArn: values.ArtifactsKeyArn!,
    trainingRoleArn: values.TrainingRoleArn!,
    all: values,
    source,
  };
}

/**
 * Reads the file `cdk deploy --outputs-file` writes: `{ "<project>-Keys": { "DataKeyArn": ... }, ... }`.
 * Only the project's own stacks are read, so one file can hold several projects.
 */
export function outputsFromFile(
  file: string,
  project: string,
  readFrom: string = file,
): ResolvedProjectOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(readFrom, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT'
        ? 'no such file'
        : err instanceof SyntaxError
          ? `not valid JSON: ${err.message}`
          : err.message;
    throw new InputError(`${file}: cannot read the outputs file: ${reason}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(
      `${file}: expected the JSON object cdk deploy --outputs-file writes, keyed by stack name`,
    );
  }
  const stacks = raw as Record<string, unknown>;
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  const found: Partial<Record<ProjectOutputKey, string>> = {};
  for (const stack of projectStackNames(project)) {
    const outputs = stacks[stack];
    if (outputs === null || typeof outputs !== 'object') continue;
    for (const [key, value] of Object.entries(outputs as Record<string, unknown>)) {
      if (key in PROJECT_OUTPUTS && typeof value === 'string') {
        values[key as ProjectOutputKey] = value;
        found[key as ProjectOutputKey] = stack;
      }
    }
  }
  if (Object.keys(values).length === 0) {
    const seen = Object.keys(stacks).join(', ') || 'none';
    throw new InputError(
      `${file}: expected outputs of stacks ${projectStackNames(project).join(', ')}, found stacks: ${seen}`,
    );
  }
  const stackOf: Partial<Record<ProjectOutputKey, string>> = {
    SubnetIds: `${project}-Network`,
    TrainingSecurityGroupId: `${project}-Network`,
    DataKeyArn: `${project}-Keys`,
    ArtifactsKeyArn: `${project}-Keys`,
  };
  return fromValues(project, values, file, (k) => `${found[k] ?? stackOf[k] ?? `${project}-Data`}.${k}`);
}

/** Reads the SSM parameters the stacks publish under `/isotrain/<project>/`. */
export async function outputsFromParameters(
  ssm: SSMClient,
  project: string,
): Promise<ResolvedProjectOutputs> {
  const byParameter = new Map(
    (Object.entries(PROJECT_OUTPUTS) as [ProjectOutputKey, string][]).map(([k, p]) => [
      `/isotrain/${project}/${p}`,
      k,
    ]),
  );
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  let NextToken: string | undefined;
  do {
    const page = await ssm.send(new GetParametersByPathCommand({ Path: `/isotrain/${project}`, NextToken }));
    for (const p of page.Parameters ?? []) {
      const key = p.Name ? byParameter.get(p.Name) : undefined;
      if (key && p.Value) values[key] = p.Value;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return fromValues(
    project,
    values,
    `SSM /isotrain/${project}/`,
    (k) => `/isotrain/${project}/${PROJECT_OUTPUTS[k]}`,
  );
}

/** Reads the stacks' CloudFormation outputs (needs cloudformation:DescribeStacks, not in the launcher policy). */
export async function outputsFromStacks(
  cfn: CloudFormationClient,
  project: string,
): Promise<ResolvedProjectOutputs> {
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  for (const StackName of projectStackNames(project)) {
    let stacks;
    try {
      stacks = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks ?? [];
    } catch (e) {
      if ((e as Error).name === 'ValidationError') continue; // stack does not exist
      throw e;
    }
    for (const o of stacks[0]?.Outputs ?? []) {
      if (o.OutputKey && o.OutputKey in PROJECT_OUTPUTS && o.OutputValue) {
        values[o.OutputKey as ProjectOutputKey] = o.OutputValue;
      }
    }
  }
  return fromValues(project, values, 'CloudFormation', (k) => `stack outputs.${k}`);
}

/** Live outputs: the SSM parameters first; the stack outputs when the parameters are missing. */
export async function outputsLive(
  clients: { ssm: SSMClient; cloudformation: CloudFormationClient },
  project: string,
): Promise<ResolvedProjectOutputs> {
  try {
    return await outputsFromParameters(clients.ssm, project);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    try {
      return await outputsFromStacks(clients.cloudformation, project);
    } catch (e2) {
      if (e2 instanceof InputError) throw e; // report the parameters, the documented source
      throw e2;
    }
  }
}
