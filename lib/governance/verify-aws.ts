import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ProjectConfig } from '../config';
import { jobNamePrefix } from '../contract';
import { describeJob, isJobNotFound } from '../aws/jobs';
import { GroundTruthOutputs, checkEvaluationJob } from './ground-truth';
import { RunRecord, Step, canonicalJson } from './record';
import { StoredVersion } from './store';

/**
 * What AWS can tell about a record's steps beyond its hash chain (issue 8, point 3): a well-formed
 * step appended by a holder of the run-governance policy keeps the chain intact, so each step is
 * compared with what SageMaker and S3 say.
 *
 * - Every step is written by isotrain as it is created: a step whose time is far from when S3 stored
 *   its version (LastModified) was written some other way.
 * - The started step describes the request SageMaker received (DescribeTrainingJob: image, channels,
 *   hyperparameters), and the job was created after the record began.
 * - Job steps name the run's own job ARN.
 * - Evaluation steps name a processing job that exists, was created before the step was stored, and is
 *   the project's evaluation of this run's artifact (pinned image, training role, isolation, model
 *   input, output prefix).
 *
 * Who wrote each version is in CloudTrail's data events (the project trail selects writes under
 * `runs/`), not in the object: this module does not read the trail.
 */
export interface AwsCheck {
  readonly problems: string[];
  /** Checks AWS refused to answer (permissions): not passed, not failed. */
  readonly unchecked: string[];
}

/** How far a step's own time may be from when S3 stored it (clock skew and retries included). */
export const STEP_CLOCK_TOLERANCE_MS = 10 * 60_000;

const label = (step: Step) => `step ${step.seq} (${step.type})`;

function timingProblems(steps: readonly Step[], versions: readonly StoredVersion[]): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    const stored = versions[i]?.lastModified?.getTime();
    const at = Date.parse(step.at);
    if (stored === undefined || Number.isNaN(at)) return;
    if (at > stored + 2000 || stored - at > STEP_CLOCK_TOLERANCE_MS)
      problems.push(
        `${label(step)}: says it was written at ${step.at}, but S3 stored it at ${new Date(stored).toISOString()}: it was not appended by isotrain as it happened`,
      );
  });
  return problems;
}

async function orUnchecked<T>(call: () => Promise<T>, what: string, unchecked: string[]) {
  try {
    return { value: await call() };
  } catch (e) {
    if (isJobNotFound(e)) return { missing: true as const };
    unchecked.push(`${what}: ${(e as { code?: string; name?: string }).code ?? (e as Error).name}`);
    return {};
  }
}

export async function verifyAgainstAws(
  sagemaker: SageMakerClient,
  project: ProjectConfig,
  outputs: GroundTruthOutputs,
  record: RunRecord,
  versions: readonly StoredVersion[],
): Promise<AwsCheck> {
  const problems = timingProblems(record.steps, versions);
  const unchecked: string[] = [];
  const runId = record.runId;
  const firstStored = versions[0]?.lastModified?.getTime();

  const training = await orUnchecked(
    () => describeJob(sagemaker, 'training', runId),
    `DescribeTrainingJob ${runId}`,
    unchecked,
  );
  for (const step of record.steps) {
    if (step.type === 'started' && training.value) {
      const started = (step as Step<'started'>).data;
      const job = training.value;
      const sent = (job.InputDataConfig ?? []).map((c) => c.DataSource?.S3DataSource?.S3Uri).sort();
      const recorded = started.channels.map((c) => c.s3Uri).sort();
      if (job.AlgorithmSpecification?.TrainingImage !== started.image.uri)
        problems.push(
          `${label(step)}: records image ${started.image.uri}, but training job ${runId} ran ${job.AlgorithmSpecification?.TrainingImage}`,
        );
      if (canonicalJson(sent) !== canonicalJson(recorded))
        problems.push(`${label(step)}: records channels other than those training job ${runId} read`);
      if (canonicalJson(job.HyperParameters ?? {}) !== canonicalJson(started.hyperparameters))
        problems.push(
          `${label(step)}: records hyperparameters other than those training job ${runId} ran with`,
        );
      if (firstStored !== undefined && job.CreationTime && job.CreationTime.getTime() < firstStored - 2000)
        problems.push(
          `${label(step)}: training job ${runId} was created before its record began: the record was not written by isotrain's launch`,
        );
    }
    if (step.type === 'job') {
      const arn = (step as Step<'job'>).data.jobArn;
      if (arn && training.missing)
        problems.push(`${label(step)}: names ${arn}, but SageMaker has no job ${runId}`);
      else if (arn && training.value && training.value.TrainingJobArn !== arn)
        problems.push(`${label(step)}: names ${arn}, but the run's job is ${training.value.TrainingJobArn}`);
    }
    if (step.type === 'evaluation') {
      const name = (step as Step<'evaluation'>).data.processingJobName;
      if (!name.startsWith(jobNamePrefix(project.name))) {
        problems.push(
          `${label(step)}: evaluation job ${name} is not named ${jobNamePrefix(project.name)}...`,
        );
        continue;
      }
      const job = await orUnchecked(
        () => describeJob(sagemaker, 'processing', name),
        `DescribeProcessingJob ${name}`,
        unchecked,
      );
      if (job.missing) {
        problems.push(`${label(step)}: evaluation job ${name}: SageMaker has no such job`);
        continue;
      }
      if (!job.value) continue;
      const found: string[] = [];
      checkEvaluationJob(
        { ...job.value, ProcessingJobStatus: 'Completed' },
        name,
        project,
        outputs,
        runId,
        found,
      );
      problems.push(...found.map((p) => `${label(step)}: ${p}`));
      const stored = versions[step.seq]?.lastModified?.getTime();
      if (stored !== undefined && job.value.CreationTime && job.value.CreationTime.getTime() > stored + 2000)
        problems.push(
          `${label(step)}: evaluation job ${name} was created after the step naming it was stored`,
        );
    }
  }
  return { problems, unchecked };
}
