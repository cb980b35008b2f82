import {
  DescribeProcessingJobCommand,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { z } from 'zod';
import type { AwsClients } from '../../aws/clients';
import { AwsError, withAwsErrors } from '../../aws/errors';
import { describeValue, formatProblem, type ConfigProblem } from '../../config/load';
import type { ProjectConfig } from '../../config/schema';
import { InputError } from '../../contract';
import { ENTITY_TYPES } from '../../contract/entity-types';
import type { ResolvedProjectOutputs } from '../outputs';
import type { JobSpec } from '../spec';
import { PRIVATE_DATA_CHANNELS, redactionGateProblems, redactionOf, type RedactedChannel } from './gate';
import { REDACTION_REPORT } from './request';

/** A report is counts per entity type and per field: anything larger is not one; refuse rather than parse. */
export const MAX_REPORT_BYTES = 1024 * 1024;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The part of a report the run record keeps: records and counts per entity type, nothing else. */
const ReportTotalsSchema = z.object({
  totals: z.object({
    records: count,
    entities: z.partialRecord(z.enum(ENTITY_TYPES), count),
  }),
});

/** Temporary credentials of the assumed redaction report role. */
export interface ReportCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** An S3 client signing with the given session's credentials (lib/launcher/redaction/client.ts). */
export type S3ClientAs = (credentials: ReportCredentials) => Pick<S3Client, 'send'>;

/**
 * Checks, before the training job is created, that each private data channel reads the output of a
 * completed redaction job of this project, run with its redactor image under network isolation, and reads
 * the job's report for the run record. A refusal names the channel (bad input, exit 2).
 *
 * The report is read from the caller's machine, outside the project endpoint, where the data bucket
 * lets one principal read reports and nothing else: the redaction report role (RedactionReportRoleArn),
 * which the launcher policy lets its holder assume. The caller's own credentials read nothing there.
 */
export async function verifyRedactedChannels(
  clients: Pick<AwsClients, 'sagemaker' | 'sts'>,
  spec: JobSpec,
  specFile: string,
  project: ProjectConfig,
  projectFile: string,
  outputs: ResolvedProjectOutputs,
  s3As: S3ClientAs,
): Promise<RedactedChannel[]> {
  const early = redactionGateProblems(spec, specFile, project, projectFile);
  if (early.length > 0) throw new InputError(early.map(formatProblem).join('\n'));
  if (!project.training.requireRedaction) return [];
  const readerArn = outputs.all.RedactionReportRoleArn;
  if (!readerArn)
    throw new InputError(
      formatProblem({
        file: outputs.source,
        field: 'RedactionReportRoleArn',
        message:
          'expected the deployed redaction report role, which reads redaction reports for this check (deploy the project with this version of isotrain), got nothing',
      }),
    );
  let reader: Promise<Pick<S3Client, 'send'>> | undefined;
  const readReport = (key: string) =>
    readBoundedReport((reader ??= assumeReportRole(clients, project, readerArn, s3As)), project, {
      bucket: outputs.dataBucket,
      key,
    });
  const problems: ConfigProblem[] = [];
  const out: RedactedChannel[] = [];
  for (const [name, channel] of Object.entries(spec.channels)) {
    if (!PRIVATE_DATA_CHANNELS.has(name)) continue;
    const { prefix, job } = redactionOf(channel.source, project.name)!;
    const refuse = (why: string) =>
      problems.push({
        file: specFile,
        field: `channels.${name}.source`,
        message: `${why}, got ${describeValue(channel.source)}`,
      });
    let described: DescribeProcessingJobCommandOutput;
    try {
      described = await withAwsErrors(
        {
          action: 'sagemaker:DescribeProcessingJob',
          project: project.name,
          resource: job,
          region: project.region,
        },
        () => clients.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: job })),
      );
    } catch (e) {
      if (!(e instanceof AwsError) || e.code !== 'JobNotFound') throw e;
      refuse(`expected the output of a recorded redaction job, but SageMaker knows no job ${job}`);
      continue;
    }
    const expectedUri = `s3://${outputs.dataBucket}/${prefix.replace(/\/$/, '')}`;
    const written = described.ProcessingOutputConfig?.Outputs?.map((o) => o.S3Output?.S3Uri);
    if (described.ProcessingJobStatus !== 'Completed')
      refuse(
        `expected a completed redaction job, but ${job} is ${described.ProcessingJobStatus ?? 'of unknown status'}`,
      );
    else if (!project.redaction.image || described.AppSpecification?.ImageUri !== project.redaction.image)
      refuse(
        `expected a job of the project's redactor image (${projectFile} redaction.image), but ${job} ran ${describeValue(described.AppSpecification?.ImageUri)}`,
      );
    else if (described.RoleArn !== outputs.all.RedactionRoleArn)
      refuse(
        `expected a job run as the project's redaction role (${outputs.source} RedactionRoleArn), but ${job} ran as ${describeValue(described.RoleArn)}`,
      );
    else if (described.NetworkConfig?.EnableNetworkIsolation !== true)
      refuse(`expected a redaction job run with network isolation, but ${job} was not`);
    else if (!written?.includes(expectedUri))
      refuse(`expected a prefix job ${job} wrote (${describeValue(written)}), in the project's data bucket`);
    else {
      const report = `${prefix}${REDACTION_REPORT}`;
      const uri = `s3://${outputs.dataBucket}/${report}`;
      let body: Uint8Array;
      try {
        body = await readReport(report);
      } catch (e) {
        if (!(e instanceof AwsError) || e.code !== 'NoSuchKey') throw e;
        refuse(`expected the report of ${job} at ${uri}, but there is no such object`);
        continue;
      }
      const parsed = parseReport(body);
      if (typeof parsed === 'string') {
        refuse(`expected the report of ${job} at ${uri} to be a redaction report, but ${parsed}`);
        continue;
      }
      out.push({
        channel: name,
        redactionJob: job,
        redactionJobArn: described.ProcessingJobArn,
        report: uri,
        entities: parsed.totals.entities,
        records: parsed.totals.records,
      });
    }
  }
  if (problems.length > 0) throw new InputError(problems.map(formatProblem).join('\n'));
  return out;
}

/** The report role's S3 client: the caller assumes the role once per check. */
async function assumeReportRole(
  clients: Pick<AwsClients, 'sts'>,
  project: ProjectConfig,
  roleArn: string,
  s3As: S3ClientAs,
): Promise<Pick<S3Client, 'send'>> {
  const assumed = await withAwsErrors(
    { action: 'sts:AssumeRole', project: project.name, resource: roleArn, region: project.region },
    () =>
      clients.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'isotrain-redaction-gate',
          DurationSeconds: 900,
        }),
      ),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new AwsError(`sts:AssumeRole ${roleArn}: STS returned no credentials`, 'Other');
  return s3As({
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  });
}

/**
 * At most MAX_REPORT_BYTES + 1 bytes of the report (a range read): enough to tell a report from
 * something larger without downloading it.
 */
async function readBoundedReport(
  reader: Promise<Pick<S3Client, 'send'>>,
  project: ProjectConfig,
  at: { readonly bucket: string; readonly key: string },
): Promise<Uint8Array> {
  const s3 = await reader;
  return withAwsErrors(
    {
      action: 's3:GetObject',
      project: project.name,
      resource: `s3://${at.bucket}/${at.key}`,
      region: project.region,
    },
    async () => {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: at.bucket, Key: at.key, Range: `bytes=0-${MAX_REPORT_BYTES}` }),
      );
      return res.Body ? res.Body.transformToByteArray() : new Uint8Array();
    },
  );
}

/** The report's totals, or why it is not a redaction report (never quoting it: it could hold anything). */
export function parseReport(body: Uint8Array): z.output<typeof ReportTotalsSchema> | string {
  if (body.byteLength > MAX_REPORT_BYTES) return `it is larger than ${MAX_REPORT_BYTES} bytes`;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return 'it is not UTF-8 JSON';
  }
  const parsed = ReportTotalsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // Only the schema's own names: a key further down is the report's, and could be anything.
  const where = issue.path.slice(0, 2).map(String).join('.') || '(document)';
  const why =
    issue.code === 'invalid_key' || issue.code === 'unrecognized_keys'
      ? `a key that is not an entity type (expected one of ${ENTITY_TYPES.join(', ')})`
      : 'not a count (a non-negative integer)';
  return `${where} holds ${issue.code === 'invalid_type' && issue.path.length < 2 ? 'no object where one is expected' : why}`;
}
