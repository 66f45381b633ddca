/**
 * Cleanup of a run's S3 prefix: every object under it, and in a versioned bucket every version and
 * delete marker too (a plain delete there only hides the objects behind a marker: the payloads stay).
 */
import {
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import type { _CleanupResult } from "./cleanup_report.ts";
import { _buildDeleteObjectsRequests } from "./_cleanup_requests.ts";
import { parseS3Uri } from "./s3.ts";

/** What was (or would be) deleted under a prefix. */
interface _PrefixCounts {
  /** Current objects. */
  objects: number;
  /** Non-current versions (versioned buckets). */
  olderVersions: number;
  /** Delete markers (versioned buckets). */
  deleteMarkers: number;
}

/**
 * Whether `prefix` names the run: it must contain the run id as a whole path segment, so that no
 * recorded prefix can reach another run's objects (the naming convention stands in for object tags,
 * which SageMaker-written artifacts do not carry).
 * @param uri `s3://bucket/prefix/`
 * @param runId the run
 * @returns true when the prefix is the run's
 */
function _s3PrefixNamesRun(uri: string, runId: string): boolean {
  return parseS3Uri(uri).key.split("/").includes(runId);
}

/**
 * Deletes (or, in a dry run, counts) everything under a run's prefix: objects, and in a bucket whose
 * versioning is or was on, every version and delete marker.
 * @param client S3 client of the bucket's region
 * @param runId the run (the prefix must name it, see {@link _s3PrefixNamesRun})
 * @param uri `s3://bucket/prefix/`
 * @param dryRun count only
 * @returns the outcome, with the counts
 * @throws {AdeError} when S3 refuses to delete some objects; SDK errors pass through
 */
export async function _deleteS3Prefix(
  client: S3Client,
  runId: string,
  uri: string,
  dryRun: boolean,
): Promise<_CleanupResult> {
  if (!_s3PrefixNamesRun(uri, runId)) {
    return {
      outcome: "left-alone",
      detail: `prefix does not contain the run id "${runId}" as a path segment`,
    };
  }
  const { bucket, key } = parseS3Uri(uri);
  const prefix = key.endsWith("/") ? key : `${key}/`;
  const remove = async (objects: ObjectIdentifier[]) => {
    if (dryRun) return;
    for (const input of _buildDeleteObjectsRequests(bucket, objects)) {
      const result = await client.send(new DeleteObjectsCommand(input));
      if (result?.Errors && result.Errors.length > 0) {
        const first = result.Errors[0];
        throw new AdeError(
          `S3 refused to delete ${result.Errors.length} objects (first: ${first.Key}${
            first.VersionId ? ` version ${first.VersionId}` : ""
          }: ${first.Code})`,
        );
      }
    }
  };
  const counts = await _isVersioned(client, bucket)
    ? await _deleteVersions(client, bucket, prefix, remove)
    : await _deleteObjects(client, bucket, prefix, remove);
  const total = counts.objects + counts.olderVersions + counts.deleteMarkers;
  if (total === 0) return { outcome: "already-gone", detail: "no objects" };
  const detail = [
    _count(counts.objects, "object"),
    ...(counts.olderVersions > 0 ? [_count(counts.olderVersions, "older version")] : []),
    ...(counts.deleteMarkers > 0 ? [_count(counts.deleteMarkers, "delete marker")] : []),
  ].join(", ");
  return { outcome: dryRun ? "would-remove" : "removed", detail };
}

function _count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Whether the bucket's versioning is on or suspended (then it may hold versions). */
async function _isVersioned(client: S3Client, bucket: string): Promise<boolean> {
  try {
    const answer = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    return answer?.Status === "Enabled" || answer?.Status === "Suspended";
  } catch (error) {
    // S3-compatible stores without versioning (e.g. s3rver) do not implement the call: no versions.
    if (error instanceof Error && error.name === "NotImplemented") return false;
    throw error;
  }
}

async function _deleteObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  remove: (objects: ObjectIdentifier[]) => Promise<void>,
): Promise<_PrefixCounts> {
  let objects = 0;
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    const keys = (page.Contents ?? []).map((object) => object.Key).filter((k) => k !== undefined);
    objects += keys.length;
    await remove(keys.map((Key) => ({ Key })));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, olderVersions: 0, deleteMarkers: 0 };
}

async function _deleteVersions(
  client: S3Client,
  bucket: string,
  prefix: string,
  remove: (objects: ObjectIdentifier[]) => Promise<void>,
): Promise<_PrefixCounts> {
  const counts: _PrefixCounts = { objects: 0, olderVersions: 0, deleteMarkers: 0 };
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    const batch: ObjectIdentifier[] = [];
    for (const version of page.Versions ?? []) {
      if (version.Key === undefined) continue;
      if (version.IsLatest) counts.objects++;
      else counts.olderVersions++;
      batch.push({ Key: version.Key, VersionId: version.VersionId ?? "null" });
    }
    for (const marker of page.DeleteMarkers ?? []) {
      if (marker.Key === undefined) continue;
      counts.deleteMarkers++;
      batch.push({ Key: marker.Key, VersionId: marker.VersionId ?? "null" });
    }
    await remove(batch);
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return counts;
}
