import { ListObjectVersionsCommand, ObjectVersion, S3Client } from '@aws-sdk/client-s3';
import { ManifestEntry } from './record';

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`expected an s3://bucket/key URI, got ${JSON.stringify(uri)}`);
  return { bucket: m[1], key: m[2] };
}

/** Every version of every key under a prefix (or of one exact key), delete markers included. */
export async function listVersions(
  s3: S3Client,
  bucket: string,
  prefix: string,
  exactKey = false,
): Promise<{ versions: ObjectVersion[]; deleteMarkers: { Key: string; VersionId: string }[] }> {
  const versions: ObjectVersion[] = [];
  const deleteMarkers: { Key: string; VersionId: string }[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    for (const v of page.Versions ?? []) if (!exactKey || v.Key === prefix) versions.push(v);
    for (const m of page.DeleteMarkers ?? []) {
      if (m.Key && m.VersionId && (!exactKey || m.Key === prefix))
        deleteMarkers.push({ Key: m.Key, VersionId: m.VersionId });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return { versions, deleteMarkers };
}

/**
 * The dataset manifest of a run: the current version of every object under each input channel, as
 * S3 lists it. Listing needs no read of the data itself, which the perimeter refuses from outside the
 * project endpoint. A key whose current version is a delete marker is not an input.
 */
export async function buildManifest(
  s3: S3Client,
  channels: readonly { name: string; s3Uri: string }[],
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const channel of channels) {
    const { bucket, key } = parseS3Uri(channel.s3Uri);
    const { versions } = await listVersions(s3, bucket, key);
    for (const v of versions) {
      if (!v.IsLatest || !v.Key || !v.VersionId || v.Key.endsWith('/')) continue;
      entries.push({
        channel: channel.name,
        bucket,
        key: v.Key,
        versionId: v.VersionId,
        size: v.Size ?? 0,
        etag: (v.ETag ?? '').replace(/"/g, ''),
        checksumAlgorithms: (v.ChecksumAlgorithm ?? []).map(String),
        lastModified: v.LastModified?.toISOString() ?? '',
      });
    }
  }
  return entries.sort((a, b) =>
    a.channel === b.channel ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.channel < b.channel ? -1 : 1,
  );
}
