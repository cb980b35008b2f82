import { GetObjectTaggingCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { DescribeTrainingJobResponse, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { MODEL_PREFIX, RELEASE_TAG, UNRELEASED_TAG } from '../contract';
import { describeJob } from '../aws/jobs';
import { listVersions, parseS3Uri } from './manifest';
import { ArtifactsData, RunRecord, lastStep } from './record';
import { RecordStore, appendStep, readRecord } from './store';

/**
 * Retention of what a run produced (issue 8, point 11): every version its training job wrote under
 * `models/<job>/` is tagged `isotrain:artifact=unreleased`, which the artifact bucket's lifecycle rule
 * expires after `retention.unreleasedModelDays`; `release` replaces the tag on the one version it
 * releases. Versions already released keep their tag. Where the job wrote is asked of SageMaker
 * (DescribeTrainingJob), not read from the record.
 */
export async function tagUnreleased(
  s3: S3Client,
  job: DescribeTrainingJobResponse,
): Promise<ArtifactsData['unreleased']> {
  const uri = job.ModelArtifacts?.S3ModelArtifacts;
  if (job.TrainingJobStatus !== 'Completed' || !uri || !job.TrainingJobName) return [];
  const { bucket } = parseS3Uri(uri);
  const prefix = `${MODEL_PREFIX}${job.TrainingJobName}/`;
  const tagged: ArtifactsData['unreleased'][number][] = [];
  for (const v of (await listVersions(s3, bucket, prefix)).versions) {
    if (!v.Key || !v.VersionId) continue;
    const ref = { Bucket: bucket, Key: v.Key, VersionId: v.VersionId };
    const tags = (await s3.send(new GetObjectTaggingCommand(ref))).TagSet ?? [];
    if (tags.some((t) => t.Key === RELEASE_TAG.key)) continue;
    if (!tags.some((t) => t.Key === UNRELEASED_TAG.key && t.Value === UNRELEASED_TAG.value))
      await s3.send(
        new PutObjectTaggingCommand({
          ...ref,
          Tagging: {
            TagSet: [
              ...tags.filter((t) => t.Key !== UNRELEASED_TAG.key),
              { Key: UNRELEASED_TAG.key, Value: UNRELEASED_TAG.value },
            ],
          },
        }),
      );
    tagged.push({ bucket, key: v.Key, versionId: v.VersionId });
  }
  return tagged;
}

/**
 * Tags the run's model versions unreleased and records them, once per run: part of finalizing, after
 * the wipe (a failure here must not keep private data from being wiped). Nothing to do for a job
 * that produced no model.
 */
export async function markUnreleased(
  store: RecordStore,
  clients: { s3: S3Client; sagemaker: SageMakerClient },
  runId: string,
  by: string,
  job?: DescribeTrainingJobResponse,
): Promise<RunRecord> {
  const { record } = await readRecord(store, runId);
  if (lastStep(record, 'artifacts')) return record;
  const description = job ?? (await describeJob(clients.sagemaker, 'training', runId));
  if (description.TrainingJobStatus !== 'Completed') return record;
  const unreleased = await tagUnreleased(clients.s3, description);
  return (await appendStep(store, runId, { type: 'artifacts', by, data: { unreleased } })).record;
}
