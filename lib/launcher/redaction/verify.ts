import {
  DescribeProcessingJobCommand,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws/clients';
import { AwsError, withAwsErrors } from '../../aws/errors';
import { describeValue, formatProblem, type ConfigProblem } from '../../config/load';
import type { ProjectConfig } from '../../config/schema';
import { InputError } from '../../contract';
import type { ResolvedProjectOutputs } from '../outputs';
import type { JobSpec } from '../spec';
import { PRIVATE_DATA_CHANNELS, redactionGateProblems, redactionOf, type RedactedChannel } from './gate';
import { REDACTION_REPORT } from './request';

/**
 * Checks, before the training job is created, that each private data channel reads the output of a
 * completed redaction job of this project, run with its redactor image under network isolation, and reads
 * the job's report for the run record. A refusal names the channel (bad input, exit 2).
 */
export async function verifyRedactedChannels(
  clients: Pick<AwsClients, 'sagemaker' | 's3'>,
  spec: JobSpec,
  specFile: string,
  project: ProjectConfig,
  projectFile: string,
  outputs: ResolvedProjectOutputs,
): Promise<RedactedChannel[]> {
  const early = redactionGateProblems(spec, specFile, project, projectFile);
  if (early.length > 0) throw new InputError(early.map(formatProblem).join('\n'));
  if (!project.training.requireRedaction) return [];
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
    else if (described.NetworkConfig?.EnableNetworkIsolation !== true)
      refuse(`expected a redaction job run with network isolation, but ${job} was not`);
    else if (!written?.includes(expectedUri))
      refuse(`expected a prefix job ${job} wrote (${describeValue(written)}), in the project's data bucket`);
    else {
      const report = `${prefix}${REDACTION_REPORT}`;
      const body = await withAwsErrors(
        {
          action: 's3:GetObject',
          project: project.name,
          resource: `s3://${outputs.dataBucket}/${report}`,
          region: project.region,
        },
        async () =>
          (
            await clients.s3.send(new GetObjectCommand({ Bucket: outputs.dataBucket, Key: report }))
          ).Body!.transformToString(),
      );
      const parsed = JSON.parse(body) as { totals?: { entities?: Record<string, number>; records?: number } };
      out.push({
        channel: name,
        redactionJob: job,
        redactionJobArn: described.ProcessingJobArn,
        report: `s3://${outputs.dataBucket}/${report}`,
        entities: parsed.totals?.entities ?? {},
        records: parsed.totals?.records ?? 0,
      });
    }
  }
  if (problems.length > 0) throw new InputError(problems.map(formatProblem).join('\n'));
  return out;
}
