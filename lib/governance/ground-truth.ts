import type { ObjectVersion, S3Client } from '@aws-sdk/client-s3';
import type {
  DescribeProcessingJobResponse,
  DescribeTrainingJobResponse,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  EVALUATIONS_PREFIX,
  MODEL_ARTIFACT_SUFFIX,
  MODEL_PREFIX,
  RESULTS_FILE,
  jobNamePrefix,
} from '../contract';
import type { ProjectConfig } from '../config';
import { describeJob, isJobNotFound } from '../aws/jobs';
import { listVersions } from './manifest';

/**
 * The release gate's ground truth (issue 8, point 3): what SageMaker and S3 say about a run, never
 * what its record says. The record only names the evaluation job; everything else is asked:
 *
 * - the artifact is the one the run's training job produced: DescribeTrainingJob's model location,
 *   and the one version of it written while that job ran;
 * - the evaluation is a processing job that ran to completion as the project's training role, in
 *   network isolation, on the project's pinned `evaluation.image`, whose model input is exactly that
 *   artifact and whose output is the run's evaluation prefix for that job;
 * - no other version of the artifact became current before the evaluation ended, so the version it
 *   read is the one released;
 * - the results object has exactly one version, written while the evaluation job ran: a results file
 *   written afterwards (a second version, or one replacing a deleted original) is refused.
 *
 * Each problem is a fixed sentence built from names, times and AWS's answers.
 */
export interface GroundTruthOutputs {
  readonly ArtifactsBucket: string;
  readonly TrainingRoleArn: string;
}

export interface ObjectVersionRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

export interface GroundTruth {
  readonly trainingJobArn: string;
  readonly model: ObjectVersionRef;
  readonly evaluationJob: { readonly name: string; readonly arn: string; readonly image: string };
  readonly results: ObjectVersionRef;
}

/** A job's time window as AWS reports it; S3 gives LastModified to the second, hence the floor. */
interface Window {
  readonly from: number;
  readonly to: number;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const iso = (s: number) => new Date(s * 1000).toISOString();
const inWindow = (v: ObjectVersion, w: Window) =>
  !!v.LastModified && seconds(v.LastModified) >= w.from && seconds(v.LastModified) <= w.to;

/**
 * From creation to the job's last change. SageMaker sets LastModifiedTime when the job reaches its
 * final status, after the container's outputs were uploaded; the end time is the fallback.
 */
function jobWindow(job: {
  CreationTime?: Date;
  LastModifiedTime?: Date;
  endTime?: Date;
}): Window | undefined {
  const end = job.LastModifiedTime ?? job.endTime;
  if (!job.CreationTime || !end) return undefined;
  // Floors on both sides: a write at t <= end has floor(t) <= floor(end).
  return { from: seconds(job.CreationTime), to: seconds(end) };
}

export function expectedModelKey(runId: string): string {
  return `${MODEL_PREFIX}${runId}/${MODEL_ARTIFACT_SUFFIX}`;
}

export function expectedResultsPrefix(runId: string, evaluationJob: string): string {
  return `${EVALUATIONS_PREFIX}${runId}/${evaluationJob}`;
}

const trimSlash = (uri: string | undefined) => (uri ?? '').replace(/\/+$/, '');

async function describeOrProblem<K extends 'training' | 'processing'>(
  sagemaker: SageMakerClient,
  kind: K,
  name: string,
  problems: string[],
) {
  try {
    return await describeJob(sagemaker, kind, name);
  } catch (e) {
    if (!isJobNotFound(e)) throw e;
    problems.push(
      `${kind === 'training' ? 'training' : 'evaluation'} job ${name}: SageMaker has no such job (Describe${kind === 'training' ? 'Training' : 'Processing'}Job)`,
    );
    return undefined;
  }
}

/** The training job's model: the one version of its artifact written while it ran. */
async function producedModel(
  s3: S3Client,
  runId: string,
  job: DescribeTrainingJobResponse,
  outputs: GroundTruthOutputs,
  problems: string[],
): Promise<{ ref: ObjectVersionRef; newerFirst: ObjectVersion[] } | undefined> {
  const key = expectedModelKey(runId);
  const expected = `s3://${outputs.ArtifactsBucket}/${key}`;
  if (job.TrainingJobStatus !== 'Completed')
    problems.push(`training job ${runId} is ${job.TrainingJobStatus ?? 'Unknown'}, not Completed`);
  if (job.ModelArtifacts?.S3ModelArtifacts !== expected)
    problems.push(
      `training job ${runId} wrote its model to ${job.ModelArtifacts?.S3ModelArtifacts ?? '(nothing)'}, expected ${expected}`,
    );
  const window = jobWindow({ ...job, endTime: job.TrainingEndTime });
  if (!window) {
    problems.push(`training job ${runId}: SageMaker reports no creation or end time`);
    return undefined;
  }
  const { versions } = await listVersions(s3, outputs.ArtifactsBucket, key, true);
  const produced = versions.filter((v) => inWindow(v, window));
  if (produced.length !== 1) {
    problems.push(
      `${expected}: ${produced.length} version(s) written while training job ${runId} ran (${iso(window.from)} to ${iso(window.to)}), expected exactly 1`,
    );
    return undefined;
  }
  return {
    ref: { bucket: outputs.ArtifactsBucket, key, versionId: produced[0].VersionId! },
    newerFirst: versions,
  };
}

/** The processing job is the project's evaluation of exactly this run's artifact. */
export function checkEvaluationJob(
  job: DescribeProcessingJobResponse,
  name: string,
  project: ProjectConfig,
  outputs: GroundTruthOutputs,
  runId: string,
  problems: string[],
): void {
  const at = `evaluation job ${name}`;
  if (job.ProcessingJobStatus !== 'Completed')
    problems.push(`${at} is ${job.ProcessingJobStatus ?? 'Unknown'}, not Completed`);
  const image = job.AppSpecification?.ImageUri;
  if (image !== project.evaluation.image)
    problems.push(
      `${at} ran image ${image ?? '(none)'}, not the project's pinned evaluation.image ${project.evaluation.image}`,
    );
  if (job.RoleArn !== outputs.TrainingRoleArn)
    problems.push(
      `${at} ran as ${job.RoleArn ?? '(no role)'}, not the project's training role ${outputs.TrainingRoleArn}`,
    );
  if (job.NetworkConfig?.EnableNetworkIsolation !== true)
    problems.push(`${at} ran without network isolation`);
  const modelUri = `s3://${outputs.ArtifactsBucket}/${expectedModelKey(runId)}`;
  const model = (job.ProcessingInputs ?? []).find((i) => i.InputName === 'model');
  if (model?.S3Input?.S3Uri !== modelUri)
    problems.push(
      `${at} read the model from ${model?.S3Input?.S3Uri ?? '(no model input)'}, not the artifact of training job ${runId} (${modelUri})`,
    );
  const expectedOut = `s3://${outputs.ArtifactsBucket}/${expectedResultsPrefix(runId, name)}`;
  const out = (job.ProcessingOutputConfig?.Outputs ?? []).find((o) => o.OutputName === 'results');
  if (trimSlash(out?.S3Output?.S3Uri) !== expectedOut)
    problems.push(
      `${at} wrote its results to ${out?.S3Output?.S3Uri ?? '(no results output)'}, expected ${expectedOut}`,
    );
}

/**
 * Asks SageMaker and S3 what a release of `runId` would rest on. `evaluationJob` is the only thing
 * taken from the record. Returns the evidence, or every problem found.
 */
export async function releaseGroundTruth(
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  project: ProjectConfig,
  outputs: GroundTruthOutputs,
  runId: string,
  evaluationJob: string,
): Promise<{ evidence?: GroundTruth; problems: string[] }> {
  const problems: string[] = [];
  if (!evaluationJob.startsWith(jobNamePrefix(project.name)))
    problems.push(`evaluation job ${evaluationJob} is not named ${jobNamePrefix(project.name)}...`);
  const training = await describeOrProblem(clients.sagemaker, 'training', runId, problems);
  const processing = problems.length
    ? undefined
    : await describeOrProblem(clients.sagemaker, 'processing', evaluationJob, problems);
  if (!training || !processing) return { problems };

  const model = await producedModel(clients.s3, runId, training, outputs, problems);
  checkEvaluationJob(processing, evaluationJob, project, outputs, runId, problems);
  const window = jobWindow({ ...processing, endTime: processing.ProcessingEndTime });
  if (!window) {
    problems.push(`evaluation job ${evaluationJob}: SageMaker reports no creation or end time`);
    return { problems };
  }

  if (model) {
    // S3 lists a key's versions newest first: those above the released one replaced it.
    const chosen = model.newerFirst.findIndex((v) => v.VersionId === model.ref.versionId);
    const replacedBeforeEnd = model.newerFirst
      .slice(0, chosen)
      .filter((v) => v.LastModified && seconds(v.LastModified) <= window.to);
    for (const v of replacedBeforeEnd)
      problems.push(
        `s3://${model.ref.bucket}/${model.ref.key}: version ${v.VersionId} was written before evaluation job ${evaluationJob} ended; the evaluation may not have read version ${model.ref.versionId}`,
      );
    const written = model.newerFirst[chosen].LastModified;
    if (written && seconds(written) > window.from)
      problems.push(
        `s3://${model.ref.bucket}/${model.ref.key}: version ${model.ref.versionId} was written after evaluation job ${evaluationJob} started`,
      );
  }

  const resultsKey = `${expectedResultsPrefix(runId, evaluationJob)}/${RESULTS_FILE}`;
  const where = `s3://${outputs.ArtifactsBucket}/${resultsKey}`;
  const { versions, deleteMarkers } = await listVersions(
    clients.s3,
    outputs.ArtifactsBucket,
    resultsKey,
    true,
  );
  if (versions.length !== 1 || deleteMarkers.length > 0)
    problems.push(
      `${where}: ${versions.length} version(s) and ${deleteMarkers.length} delete marker(s), expected the 1 version evaluation job ${evaluationJob} writes; another principal wrote or removed results`,
    );
  const results = versions.length === 1 ? versions[0] : undefined;
  if (results && !inWindow(results, window))
    problems.push(
      `${where}: version ${results.VersionId} was written at ${results.LastModified?.toISOString()}, outside evaluation job ${evaluationJob}'s run (${iso(window.from)} to ${iso(window.to)}); the job did not write it`,
    );

  if (problems.length > 0 || !model || !results) return { problems };
  return {
    problems,
    evidence: {
      trainingJobArn: training.TrainingJobArn ?? '',
      model: model.ref,
      evaluationJob: {
        name: evaluationJob,
        arn: processing.ProcessingJobArn ?? '',
        image: processing.AppSpecification?.ImageUri ?? '',
      },
      results: { bucket: outputs.ArtifactsBucket, key: resultsKey, versionId: results.VersionId! },
    },
  };
}
