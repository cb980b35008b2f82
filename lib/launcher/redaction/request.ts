import { createHash } from 'node:crypto';
import type { CreateProcessingJobCommandInput, ProcessingInstanceType } from '@aws-sdk/client-sagemaker';
import { describeValue, type ConfigProblem } from '../../config/load';
import type { ProjectConfig } from '../../config/schema';
import {
  DATASETS_PREFIX,
  JOB_TAGS,
  REDACTED_DATA_DIR,
  REDACTED_PREFIX,
  REDACTION_REPORT_FILE,
  redactionJobPrefix,
} from '../../contract';
import type { ResolvedProjectOutputs } from '../outputs';

/** Where the redactor container reads and writes (lib/redact/processing-entrypoint.ts). */
export const REDACTION_INPUT = '/opt/ml/processing/input/data';
export const REDACTION_OUTPUT = '/opt/ml/processing/output';
/** Beside the redacted files (`<output>/<job>/data/...`), the report of counts. */
export const REDACTION_REPORT = REDACTION_REPORT_FILE;

export const REDACTION_FORMATS = ['auto', 'jsonl', 'csv', 'text'] as const;

/** What `isotrain redact --project` asks for; validated by `buildRedactionJobRequest`. */
export interface RedactionJobOptions {
  /** Raw upload prefix: `datasets/...` or `s3://${dataBucket}/datasets/...`. */
  readonly input: string;
  /** Where redacted datasets go: `redacted/...`; the job writes under `<output>/<job name>/`. */
  readonly output: string;
  /** @default the first of training.instanceTypes (the guardrails allow no other) */
  readonly instanceType?: string;
  readonly pseudonyms: boolean;
  readonly types?: readonly string[];
  readonly format?: string;
  /** @default training.maxRuntimeSeconds */
  readonly maxRuntimeSeconds?: number;
}

export interface RedactionJobContext {
  readonly project: ProjectConfig;
  readonly projectFile: string;
  readonly outputs: ResolvedProjectOutputs;
  readonly options: RedactionJobOptions;
  readonly caller: string;
  readonly now: Date;
}

/**
 * `<project>--redact-<UTC time>-<hash>`: a processing job name the gate recognizes in a channel path.
 * It starts with the project's job-name prefix, so the launcher policy lets its holder follow it
 * (DescribeProcessingJob) and the perimeter's report pattern names it (redactionReportKeys).
 */
export function redactionJobName(project: string, now: Date, contentHash: string): string {
  const ts = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${redactionJobPrefix(project)}${ts}-${contentHash.slice(0, 4)}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactionJobPattern(project: string): RegExp {
  return new RegExp(`^${escapeRegExp(redactionJobPrefix(project))}\\d{14}-[0-9a-f]{4}$`);
}

/** Inside some redaction job's redacted files: the perimeter keeps every such key inside the endpoint. */
const INSIDE_REDACTED_DATA = new RegExp(`--redact-.{14}-.{4}/${REDACTED_DATA_DIR}`);

/** A key prefix or an s3:// URI in the data bucket, as a key prefix; undefined when it is elsewhere. */
export function dataKeyOf(location: string, dataBucket: string): string | undefined {
  const uri = location.replace(/\$\{dataBucket\}/g, dataBucket);
  if (!uri.startsWith('s3://')) return uri.replace(/^\/+/, '');
  const [bucket, ...rest] = uri.slice('s3://'.length).split('/');
  return bucket === dataBucket ? rest.join('/') : undefined;
}

const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);

/** Every problem of the options against the project file and outputs, each naming the flag or field and value. */
export function redactionProblems(ctx: Omit<RedactionJobContext, 'caller' | 'now'>): ConfigProblem[] {
  const { project, projectFile, outputs, options } = ctx;
  const problems: ConfigProblem[] = [];
  const refuse = (file: string, field: string, expected: string, value: unknown) =>
    problems.push({ file, field, message: `expected ${expected}, got ${describeValue(value)}` });
  if (!project.redaction.image)
    refuse(
      projectFile,
      'redaction.image',
      'the redactor image pinned by digest (<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>), built from docker/redactor/Dockerfile',
      undefined,
    );
  const input = dataKeyOf(options.input, outputs.dataBucket);
  if (input === undefined || !input.startsWith(DATASETS_PREFIX) || input.includes('..'))
    refuse(
      'command line',
      '--input',
      `a raw upload prefix in the project's data bucket: ${DATASETS_PREFIX}... or s3://${outputs.dataBucket}/${DATASETS_PREFIX}...`,
      options.input,
    );
  const output = dataKeyOf(options.output, outputs.dataBucket);
  if (output === undefined || !output.startsWith(REDACTED_PREFIX) || output.includes('..'))
    refuse(
      'command line',
      '--output',
      `a prefix for redacted data in the project's data bucket: ${REDACTED_PREFIX}... or s3://${outputs.dataBucket}/${REDACTED_PREFIX}...`,
      options.output,
    );
  // Its report would lie among another job's redacted files, which nobody reads from outside.
  else if (INSIDE_REDACTED_DATA.test(withSlash(output)))
    refuse(
      'command line',
      '--output',
      `a prefix outside every redaction job's redacted files (.../<job>/${REDACTED_DATA_DIR}...)`,
      options.output,
    );
  const type = options.instanceType ?? project.training.instanceTypes[0];
  if (!project.training.instanceTypes.includes(type))
    refuse(
      'command line',
      '--instance-type',
      `one of the project's instance types (${projectFile} training.instanceTypes: ${project.training.instanceTypes.join(', ')}); the guardrails refuse any other`,
      type,
    );
  if (options.format !== undefined && !(REDACTION_FORMATS as readonly string[]).includes(options.format))
    refuse('command line', '--format', `one of ${REDACTION_FORMATS.join(', ')}`, options.format);
  if (
    options.maxRuntimeSeconds !== undefined &&
    (!Number.isInteger(options.maxRuntimeSeconds) ||
      options.maxRuntimeSeconds < 60 ||
      options.maxRuntimeSeconds > project.training.maxRuntimeSeconds)
  )
    refuse(
      'command line',
      '--max-runtime-seconds',
      `an integer from 60 to the project's limit (${projectFile} training.maxRuntimeSeconds: ${project.training.maxRuntimeSeconds})`,
      options.maxRuntimeSeconds,
    );
  if (!outputs.all.RedactionRoleArn)
    refuse(
      outputs.source,
      'RedactionRoleArn',
      'the deployed redaction role (deploy the project with this version of isotrain)',
      undefined,
    );
  return problems;
}

/**
 * The CreateProcessingJob request of a redaction, under the training guardrails: network isolation,
 * inter-container encryption, the project's subnets and security group, its keys for volumes and
 * outputs, an instance type from its allowlist, the redactor image the project file pins by digest, and
 * the redaction role (reads raw uploads, writes redacted data, nothing else). Pure. Call
 * `redactionProblems` first: this assumes the options are valid.
 */
export function buildRedactionJobRequest(ctx: RedactionJobContext): CreateProcessingJobCommandInput {
  const { project, outputs, options } = ctx;
  const input = withSlash(dataKeyOf(options.input, outputs.dataBucket)!);
  const output = withSlash(dataKeyOf(options.output, outputs.dataBucket)!);
  const environment: Record<string, string> = {
    ISOTRAIN_REDACT_PSEUDONYMS: options.pseudonyms ? 'true' : 'false',
    ISOTRAIN_REDACT_FORMAT: options.format ?? 'auto',
    ...(options.types?.length ? { ISOTRAIN_REDACT_TYPES: options.types.join(',') } : {}),
  };
  const body = {
    RoleArn: outputs.all.RedactionRoleArn!,
    AppSpecification: { ImageUri: project.redaction.image! },
    ProcessingResources: {
      ClusterConfig: {
        InstanceCount: 1,
        InstanceType: (options.instanceType ?? project.training.instanceTypes[0]) as ProcessingInstanceType,
        VolumeSizeInGB: 100,
        VolumeKmsKeyId: outputs.dataKeyArn,
      },
    },
    ProcessingInputs: [
      {
        InputName: 'data',
        S3Input: {
          S3Uri: `s3://${outputs.dataBucket}/${input}`,
          LocalPath: REDACTION_INPUT,
          S3DataType: 'S3Prefix' as const,
          S3InputMode: 'File' as const,
          S3DataDistributionType: 'FullyReplicated' as const,
        },
      },
    ],
    NetworkConfig: {
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: { Subnets: [...outputs.subnetIds], SecurityGroupIds: [outputs.securityGroupId] },
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: options.maxRuntimeSeconds ?? project.training.maxRuntimeSeconds,
    },
    Environment: environment,
  };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const name = redactionJobName(project.name, ctx.now, hash);
  return {
    ProcessingJobName: name,
    ...body,
    ProcessingOutputConfig: {
      // Redacted data is training input: it goes back to the data bucket, under the data key.
      KmsKeyId: outputs.dataKeyArn,
      Outputs: [
        {
          OutputName: 'redacted',
          S3Output: {
            S3Uri: `s3://${outputs.dataBucket}/${output}${name}`,
            LocalPath: REDACTION_OUTPUT,
            S3UploadMode: 'EndOfJob',
          },
        },
      ],
    },
    Tags: [
      { Key: JOB_TAGS.project, Value: project.name },
      { Key: JOB_TAGS.dataClassification, Value: project.tags.dataClassification },
      { Key: JOB_TAGS.spec, Value: 'redaction' },
      { Key: JOB_TAGS.launchedBy, Value: ctx.caller.slice(0, 256) },
    ],
  };
}

/** The channel prefix a training spec uses to read what a redaction job wrote. */
export function redactedChannelOf(request: CreateProcessingJobCommandInput): string {
  return `${request.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri}/data/`;
}
