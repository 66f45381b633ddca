/**
 * Uploads of staged model files (used by `stageModel`): pure request builders and thin adapters for a
 * single `PutObject` or a multipart upload (files larger than one part), always SSE-KMS with the caller's
 * key, with the hub's content id in the object metadata so that a later run can tell an object is already
 * the right one without downloading anything.
 *
 * Why metadata and not the ETag: the ETag of an SSE-KMS object is not the MD5 of its bytes, and a multipart
 * ETag depends on the part size, so it cannot be compared with a local file. `x-amz-meta-hub-oid` (the
 * hub's sha256 for LFS files, its git blob id otherwise) plus the size identify the content.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompleteMultipartUploadCommandInput,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  HeadObjectCommand,
  type HeadObjectCommandInput,
  type PutObjectCommandInput,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandInput,
} from "@aws-sdk/client-s3";
import { AdeError, createProgress } from "../core/mod.ts";
import { isNotFoundError } from "./_aws_errors.ts";
import { buildPutObjectRequest, uploadObject } from "./s3.ts";

/** An object to write: where, with which key, type and metadata. */
export interface _StagedObject {
  /** Bucket name. */
  bucket: string;
  /** Object key. */
  key: string;
  /** KMS key for SSE-KMS. */
  kmsKeyId: string;
  /** Content type. */
  contentType: string;
  /** User metadata (`x-amz-meta-*`; keys lower case). */
  metadata: Record<string, string>;
}

/** Smallest part S3 accepts (all parts but the last). */
export const _MIN_PART_BYTES = 5 * 1024 * 1024;
const MIB = 1024 * 1024;

/** The content type of a model file, by its extension. */
export function _contentTypeOf(path: string): string {
  if (path.endsWith(".json")) return "application/json";
  if (path.endsWith(".txt") || path.endsWith(".py") || path.endsWith(".jinja")) {
    return "text/plain";
  }
  return "application/octet-stream";
}

/** The `HeadObject` input for `key`. */
export function _buildHeadObjectRequest(bucket: string, key: string): HeadObjectCommandInput {
  return { Bucket: bucket, Key: key };
}

/** The single `PutObject` input (SSE-KMS, content type, metadata). */
export function _buildStagedPutObjectRequest(
  object: _StagedObject,
  body: Uint8Array,
): PutObjectCommandInput {
  return {
    ...buildPutObjectRequest({
      bucket: object.bucket,
      key: object.key,
      body,
      kmsKeyId: object.kmsKeyId,
      contentType: object.contentType,
    }),
    Metadata: { ...object.metadata },
  };
}

/** The `CreateMultipartUpload` input (the encryption and metadata of the final object are set here). */
export function _buildCreateMultipartUploadRequest(
  object: _StagedObject,
): CreateMultipartUploadCommandInput {
  return {
    Bucket: object.bucket,
    Key: object.key,
    ContentType: object.contentType,
    ServerSideEncryption: "aws:kms",
    SSEKMSKeyId: object.kmsKeyId,
    Metadata: { ...object.metadata },
  };
}

/** One `UploadPart` input. */
export function _buildUploadPartRequest(
  object: _StagedObject,
  uploadId: string,
  partNumber: number,
  body: Uint8Array,
): UploadPartCommandInput {
  return {
    Bucket: object.bucket,
    Key: object.key,
    UploadId: uploadId,
    PartNumber: partNumber,
    Body: body,
  };
}

/** The `CompleteMultipartUpload` input from the parts' ETags, in order. */
export function _buildCompleteMultipartUploadRequest(
  object: _StagedObject,
  uploadId: string,
  eTags: readonly string[],
): CompleteMultipartUploadCommandInput {
  return {
    Bucket: object.bucket,
    Key: object.key,
    UploadId: uploadId,
    MultipartUpload: { Parts: eTags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
  };
}

/**
 * Whether `key` already holds the file: same size, same hub content id, and (when S3 says) SSE-KMS.
 * @returns the match and the object's ETag when it exists
 */
export async function _remoteObjectMatches(
  s3: S3Client,
  object: _StagedObject,
  size: number,
): Promise<{ matches: boolean; eTag?: string }> {
  try {
    const head = await s3.send(
      new HeadObjectCommand(_buildHeadObjectRequest(object.bucket, object.key)),
    );
    const encryptedRight = head.ServerSideEncryption === undefined ||
      head.ServerSideEncryption === "aws:kms";
    const matches = head.ContentLength === size && encryptedRight &&
      head.Metadata?.["hub-oid"] === object.metadata["hub-oid"];
    return { matches, ...(head.ETag ? { eTag: head.ETag } : {}) };
  } catch (error) {
    if (isNotFoundError(error)) return { matches: false };
    throw error;
  }
}

/**
 * Uploads a local file: one `PutObject` up to `partBytes`, else a multipart upload of `partBytes` parts
 * (aborted on failure, so no orphaned parts are billed).
 * @param s3 S3 client
 * @param object destination, key, type, metadata
 * @param path local file
 * @param partBytes part size (≥ 5 MiB)
 * @param progress progress options
 * @returns the ETag S3 reported
 * @throws {AdeError} when S3 refuses (the message names the key)
 */
export async function _uploadStagedFile(
  s3: S3Client,
  object: _StagedObject,
  path: string,
  partBytes: number,
  progress: { quiet?: boolean; write?: (line: string) => void; label: string },
): Promise<string | undefined> {
  const { size } = await Deno.stat(path);
  try {
    if (size <= partBytes) {
      const result = await uploadObject(
        s3,
        _buildStagedPutObjectRequest(object, await Deno.readFile(path)),
      );
      return result.eTag;
    }
    return await _multipartUpload(s3, object, path, size, partBytes, progress);
  } catch (error) {
    if (error instanceof AdeError) throw error;
    throw new AdeError(
      `upload of s3://${object.bucket}/${object.key} failed: ${(error as Error).message}`,
    );
  }
}

async function _multipartUpload(
  s3: S3Client,
  object: _StagedObject,
  path: string,
  size: number,
  partBytes: number,
  options: { quiet?: boolean; write?: (line: string) => void; label: string },
): Promise<string | undefined> {
  const created = await s3.send(
    new CreateMultipartUploadCommand(_buildCreateMultipartUploadRequest(object)),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new AdeError(`S3 gave no upload id for ${object.key}`);
  const progress = createProgress(options.label, Number((size / MIB).toFixed(1)), {
    silent: options.quiet,
    write: options.write,
  });
  const eTags: string[] = [];
  const file = await Deno.open(path, { read: true });
  try {
    for (let offset = 0, part = 1; offset < size; offset += partBytes, part++) {
      const chunk = new Uint8Array(Math.min(partBytes, size - offset));
      let filled = 0;
      while (filled < chunk.length) {
        const read = await file.read(chunk.subarray(filled));
        if (read === null) throw new AdeError(`${path} ended early (it changed while uploading)`);
        filled += read;
      }
      const sent = await s3.send(
        new UploadPartCommand(_buildUploadPartRequest(object, uploadId, part, chunk)),
      );
      if (!sent.ETag) throw new AdeError(`S3 gave no ETag for part ${part} of ${object.key}`);
      eTags.push(sent.ETag);
      progress.update(Number(((offset + chunk.length) / MIB).toFixed(1)));
    }
    const completed = await s3.send(
      new CompleteMultipartUploadCommand(
        _buildCompleteMultipartUploadRequest(object, uploadId, eTags),
      ),
    );
    progress.finish(`${eTags.length} parts`);
    return completed.ETag;
  } catch (error) {
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: object.bucket,
        Key: object.key,
        UploadId: uploadId,
      }),
    ).catch(() => {}); // best effort: the original error is what matters
    throw error;
  } finally {
    file.close();
  }
}
