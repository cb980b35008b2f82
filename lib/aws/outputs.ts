import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  InputError,
  PROJECT_OUTPUTS,
  ProjectOutputKey,
  parameterName,
  parameterPath,
  projectStackNames,
} from '../contract';
import { missingParametersAdvice, withAwsErrors } from './errors';
import { REQUIRED_OUTPUTS, ResolvedProjectOutputs, outputsFromFile, outputsFromValues } from './outputs-file';

/** The file parser needs no SDK (a dry run loads only it); the live lookups below do. */
export * from './outputs-file';

/** Adds the value of each parameter that is a project output to `values`. */
function collect(
  parameters: readonly { Name?: string; Value?: string }[] | undefined,
  byParameter: ReadonlyMap<string, ProjectOutputKey>,
  values: Partial<Record<ProjectOutputKey, string>>,
): void {
  for (const p of parameters ?? []) {
    const key = p.Name ? byParameter.get(p.Name) : undefined;
    if (key && p.Value) values[key] = p.Value;
  }
}

/** The outputs the parameters held, checked for what the command needs (a missing one named by its parameter). */
function fromParameterValues(
  project: string,
  values: Partial<Record<ProjectOutputKey, string>>,
  required: readonly ProjectOutputKey[],
): ResolvedProjectOutputs {
  return outputsFromValues(
    project,
    values,
    `SSM ${parameterPath(project)}/`,
    (k) => parameterName(project, k),
    required,
    missingParametersAdvice(project),
  );
}

/** Reads the SSM parameters the stacks publish under `/isotrain/<project>/`. */
export async function outputsFromParameters(
  ssm: SSMClient,
  project: string,
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
): Promise<ResolvedProjectOutputs> {
  const byParameter = new Map(
    (Object.keys(PROJECT_OUTPUTS) as ProjectOutputKey[]).map((k) => [parameterName(project, k), k]),
  );
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  const ctx = { action: 'ssm:GetParametersByPath', project, resource: `${parameterPath(project)}/` };
  let NextToken: string | undefined;
  do {
    const page = await withAwsErrors(ctx, () =>
      ssm.send(new GetParametersByPathCommand({ Path: parameterPath(project), NextToken })),
    );
    collect(page.Parameters, byParameter, values);
    NextToken = page.NextToken;
  } while (NextToken);
  return fromParameterValues(project, values, required);
}

/** SSM's limit of names per GetParameters call. */
const GET_PARAMETERS_MAX = 10;

/**
 * Reads exactly the named parameters of the outputs a command needs, with GetParameters only: what
 * `train --dry-run` without an outputs file calls, and nothing else (no STS, no listing, no stacks).
 */
export async function outputsFromNamedParameters(
  ssm: SSMClient,
  project: string,
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
): Promise<ResolvedProjectOutputs> {
  const byParameter = new Map(required.map((k) => [parameterName(project, k), k]));
  const names = [...byParameter.keys()];
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  for (let i = 0; i < names.length; i += GET_PARAMETERS_MAX) {
    const Names = names.slice(i, i + GET_PARAMETERS_MAX);
    const page = await withAwsErrors(
      { action: 'ssm:GetParameters', project, resource: `${parameterPath(project)}/` },
      () => ssm.send(new GetParametersCommand({ Names })),
    );
    collect(page.Parameters, byParameter, values);
  }
  return fromParameterValues(project, values, required);
}

/** Reads the stacks' CloudFormation outputs (needs cloudformation:DescribeStacks, not in the launcher policy). */
export async function outputsFromStacks(
  cfn: CloudFormationClient,
  project: string,
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
): Promise<ResolvedProjectOutputs> {
  const values: Partial<Record<ProjectOutputKey, string>> = {};
  for (const StackName of projectStackNames(project)) {
    let stacks;
    try {
      stacks = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks ?? [];
    } catch (e) {
      if ((e as Error).name === 'ValidationError') continue; // the stack does not exist
      throw e;
    }
    for (const o of stacks[0]?.Outputs ?? []) {
      if (o.OutputKey && o.OutputKey in PROJECT_OUTPUTS && o.OutputValue) {
        values[o.OutputKey as ProjectOutputKey] = o.OutputValue;
      }
    }
  }
  return outputsFromValues(
    project,
    values,
    'CloudFormation',
    (k) => `stack outputs.${k}`,
    required,
    `deploy the project first: npx cdk deploy '${project}/*'`,
  );
}

/** Live outputs: the SSM parameters first; the stack outputs when the parameters are missing. */
export async function outputsLive(
  clients: { ssm: SSMClient; cloudformation: CloudFormationClient },
  project: string,
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
): Promise<ResolvedProjectOutputs> {
  try {
    return await outputsFromParameters(clients.ssm, project, required);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    try {
      return await withAwsErrors({ action: 'cloudformation:DescribeStacks', project }, () =>
        outputsFromStacks(clients.cloudformation, project, required),
      );
    } catch (e2) {
      // Report the parameters, the documented source, unless the stacks were readable and told more.
      if (e2 instanceof InputError || (e2 as { code?: string }).code === 'AccessDenied') throw e;
      throw e2;
    }
  }
}

/** Where a command's outputs come from: the file given with --outputs-file, else live. */
export interface OutputsSource {
  /** The file as the user spelled it (for messages) and where to read it. */
  readonly file?: { readonly asGiven: string; readonly path: string };
}

/** The one way every command resolves a project's deployed outputs. */
export async function resolveOutputs(
  project: string,
  source: OutputsSource,
  clients: () => { ssm: SSMClient; cloudformation: CloudFormationClient },
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
): Promise<ResolvedProjectOutputs> {
  if (source.file) return outputsFromFile(source.file.asGiven, project, source.file.path, required);
  return outputsLive(clients(), project, required);
}
