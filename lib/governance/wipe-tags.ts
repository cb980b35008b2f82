import { GetObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { InputError, WIPE_TAG } from '../contract';
import { ManifestEntry } from './record';

/** The inputs whose recorded version carries the wipe tag: a finished run's wipe marked them. */
export async function inputsTaggedForWipe(
  s3: S3Client,
  manifest: readonly ManifestEntry[],
): Promise<ManifestEntry[]> {
  const tagged: ManifestEntry[] = [];
  for (const m of manifest) {
    const res = await s3.send(
      new GetObjectTaggingCommand({ Bucket: m.bucket, Key: m.key, VersionId: m.versionId }),
    );
    if ((res.TagSet ?? []).some((t) => t.Key === WIPE_TAG.key && t.Value === WIPE_TAG.value)) tagged.push(m);
  }
  return tagged;
}

/**
 * Refuses a run that would read inputs the lifecycle rule deletes within a day: before the run
 * record is written and before CreateTrainingJob, naming every such object at once.
 */
export async function refuseInputsTaggedForWipe(
  s3: S3Client,
  manifest: readonly ManifestEntry[],
): Promise<void> {
  const tagged = await inputsTaggedForWipe(s3, manifest);
  if (tagged.length === 0) return;
  throw new InputError(
    [
      `${tagged.length} input object(s) are tagged ${WIPE_TAG.key}=${WIPE_TAG.value} (a finished run's wipe) and expire within a day; nothing was launched:`,
      ...tagged.map((m) => `  channels.${m.channel}: s3://${m.bucket}/${m.key} version ${m.versionId}`),
      'Upload them again (a new version carries no tag) or remove the tag before training on them.',
    ].join('\n'),
  );
}
