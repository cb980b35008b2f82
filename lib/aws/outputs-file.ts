import * as fs from 'node:fs';
import {
  InputError,
  PROJECT_OUTPUTS,
  ProjectOutputKey,
  STACK_IDS,
  StackId,
  projectStackNames,
  stackName,
} from '../contract';

/**
 * The deployed values of a project, from one of three places: the file `cdk deploy --outputs-file`
 * wrote, the SSM parameters the stacks publish under /isotrain/<project>/, or (when those are
 * missing) the stacks' CloudFormation outputs.
 */
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
  /** Everything the stacks publish (AuditBucket, LauncherPolicyArn, ...), by output key. */
  readonly all: Partial<Record<ProjectOutputKey, string>>;
  /** Where the values came from, for messages: a file path, `SSM /isotrain/<p>/` or `CloudFormation`. */
  readonly source: string;
}

/** What every job needs; a caller may require more (governance needs AuditBucket). */
export const REQUIRED_OUTPUTS = [
  'SubnetIds',
  'TrainingSecurityGroupId',
  'TrainingDataBucket',
  'ArtifactsBucket',
  'DataKeyArn',
  'ArtifactsKeyArn',
  'TrainingRoleArn',
] as const satisfies readonly ProjectOutputKey[];

/** The stack that publishes each output (the rest come from Data). */
const STACK_OF: Partial<Record<ProjectOutputKey, StackId>> = {
  SubnetIds: STACK_IDS.network,
  TrainingSecurityGroupId: STACK_IDS.network,
  VpcId: STACK_IDS.network,
  DataKeyArn: STACK_IDS.keys,
  ArtifactsKeyArn: STACK_IDS.keys,
  LogsKeyArn: STACK_IDS.keys,
  LauncherPolicyArn: STACK_IDS.access,
};

/** The outputs from values found somewhere; every required key missing is named (bad input, exit 2). */
export function outputsFromValues(
  project: string,
  values: Partial<Record<ProjectOutputKey, string>>,
  source: string,
  where: (key: ProjectOutputKey) => string,
  required: readonly ProjectOutputKey[],
  advice: string,
): ResolvedProjectOutputs {
  const missing = required.filter((k) => !values[k]);
  if (missing.length > 0) {
    throw new InputError(
      missing
        .map((k) => `${source}: ${where(k)}: expected the deployed value of ${k}, got nothing`)
        .concat(advice)
        .join('\n'),
    );
  }
  return {
    project,
    subnetIds: (values.SubnetIds ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    securityGroupId: values.TrainingSecurityGroupId ?? '',
    dataBucket: values.TrainingDataBucket ?? '',
    artifactsBucket: values.ArtifactsBucket ?? '',
    dataKeyArn: values.DataKeyArn ?? '',
    artifactsKeyArn: values.ArtifactsKeyArn ?? '',
    trainingRoleArn: values.TrainingRoleArn ?? '',
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
  required: readonly ProjectOutputKey[] = REQUIRED_OUTPUTS,
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
  return outputsFromValues(
    project,
    values,
    file,
    (k) => `${found[k] ?? stackName(project, STACK_OF[k] ?? STACK_IDS.data)}.${k}`,
    required,
    `deploy the project first (npx cdk deploy '${project}/*'), then write the file again with --outputs-file`,
  );
}
