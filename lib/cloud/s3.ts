/**
 * S3 helpers: URIs, the PutObject request (always SSE-KMS with an explicit key) and a thin upload adapter.
 * HIPAA: every object we write is encrypted at rest with the caller's KMS key (`ServerSideEncryption:
 * "aws:kms"` + `SSEKMSKeyId`), which also satisfies a bucket policy that denies PutObject without
 * `s3:x-amz-server-side-encryption = aws:kms` (reference §3c).
 */
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import { assertNoViolations, checkBucket, checkKmsKey } from "./preflight.ts";

/** A bucket and key. */
export interface S3Location {
  /** Bucket name. */
  bucket: string;
  /** Object key or prefix (no leading `/`). */
  key: string;
}

/**
 * `s3://bucket/key`.
 * @param bucket bucket name
 * @param key object key or prefix (a leading `/` is dropped)
 * @returns the URI
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(s3Uri("my-bucket", "runs/r1/model.tar.gz"), "s3://my-bucket/runs/r1/model.tar.gz");
 * ```
 */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key.replace(/^\/+/, "")}`;
}

/**
 * Splits `s3://bucket/key` into bucket and key (the key may be empty or a prefix ending in `/`).
 * @param uri an `s3://` URI
 * @returns bucket and key
 * @throws {AdeError} when `uri` is not an `s3://bucket/...` URI
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseS3Uri("s3://b/p/model.tar.gz"), { bucket: "b", key: "p/model.tar.gz" });
 * ```
 */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!match || match[1] === "") {
    throw new AdeError(`"${uri}" is not an S3 URI (expected s3://bucket/key)`);
  }
  return { bucket: match[1], key: match[2] ?? "" };
}

/** Options of {@link buildPutObjectRequest}. */
export interface PutObjectOptions {
  /** Bucket name. */
  bucket: string;
  /** Object key. */
  key: string;
  /** Object bytes. */
  body: Uint8Array;
  /** KMS key id, ARN or alias used for SSE-KMS (required). */
  kmsKeyId: string;
  /** Content type (default `application/octet-stream`). */
  contentType?: string;
  /** Object tags, e.g. {@link runTags}`(runId)`; sent as the URL-encoded `Tagging` header. */
  tags?: Array<{ Key: string; Value: string }> | Record<string, string>;
}

/**
 * The exact `PutObject` input: SSE-KMS with the given key, content type and tags.
 * @param options bucket, key, body, KMS key, content type, tags
 * @returns the `PutObjectCommand` input
 * @throws {PreflightError} when the bucket name or KMS key is missing or malformed
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const input = buildPutObjectRequest({
 *   bucket: "my-ade-bucket",
 *   key: "ade/r1/data/train.jsonl",
 *   body: new Uint8Array(),
 *   kmsKeyId: "alias/ade",
 * });
 * assert.equal(input.ServerSideEncryption, "aws:kms");
 * ```
 */
export function buildPutObjectRequest(options: PutObjectOptions): PutObjectCommandInput {
  assertNoViolations([
    ...checkBucket("Bucket", options.bucket),
    ...checkKmsKey("SSEKMSKeyId", options.kmsKeyId),
    ...(options.key === "" ? [{ field: "Key", rule: "is required" }] : []),
  ]);
  const input: PutObjectCommandInput = {
    Bucket: options.bucket,
    Key: options.key,
    Body: options.body,
    ContentType: options.contentType ?? "application/octet-stream",
    ServerSideEncryption: "aws:kms",
    SSEKMSKeyId: options.kmsKeyId,
  };
  const tagging = _encodeTagging(options.tags);
  if (tagging) input.Tagging = tagging;
  return input;
}

/** What {@link uploadObject} returns. */
export interface UploadResult {
  /** `s3://bucket/key` of the object. */
  uri: string;
  /** ETag reported by S3, when any. */
  eTag?: string;
  /** Encryption S3 reports having applied, when any. */
  serverSideEncryption?: string;
}

/**
 * Sends a PutObject built by {@link buildPutObjectRequest}. Refuses requests without SSE-KMS.
 * @param client an S3 client
 * @param request the PutObject input
 * @returns the object URI and what S3 reported
 * @throws {AdeError} when the request does not ask for SSE-KMS; SDK errors pass through
 * @example With a stand-in client that stores nothing (pass a real `S3Client` to upload)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { S3Client } from "@aws-sdk/client-s3";
 * const client = {
 *   send: () => Promise.resolve({ ETag: '"abc"', ServerSideEncryption: "aws:kms" }),
 * } as unknown as S3Client;
 * const request = buildPutObjectRequest({
 *   bucket: "my-ade-bucket", key: "ade/r1/data/train.jsonl", body: new Uint8Array([1]), kmsKeyId: "alias/ade",
 * });
 * const uploaded = await uploadObject(client, request);
 * assert.equal(uploaded.uri, "s3://my-ade-bucket/ade/r1/data/train.jsonl");
 * await assert.rejects(uploadObject(client, { ...request, ServerSideEncryption: "AES256" }), /SSE-KMS/);
 * ```
 */
export async function uploadObject(
  client: S3Client,
  request: PutObjectCommandInput,
): Promise<UploadResult> {
  if (request.ServerSideEncryption !== "aws:kms" || !request.SSEKMSKeyId) {
    throw new AdeError(
      "refusing to upload without SSE-KMS (ServerSideEncryption aws:kms and SSEKMSKeyId)",
    );
  }
  const response = await client.send(new PutObjectCommand(request));
  return {
    uri: s3Uri(request.Bucket!, request.Key!),
    ...(response.ETag ? { eTag: response.ETag } : {}),
    ...(response.ServerSideEncryption
      ? { serverSideEncryption: response.ServerSideEncryption }
      : {}),
  };
}

function _encodeTagging(
  tags: PutObjectOptions["tags"],
): string | undefined {
  if (!tags) return undefined;
  const pairs = Array.isArray(tags)
    ? tags.map((tag) => [tag.Key, tag.Value] as const)
    : Object.entries(tags);
  if (pairs.length === 0) return undefined;
  return pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
}

/**
 * The S3 key prefix of everything a study run writes: `ade/<runId>/`. Cleanup deletes only prefixes that
 * contain the run id as a path segment (the naming convention that stands in for object tags, which
 * SageMaker-written artifacts do not carry).
 * @param runId the study run id
 * @returns the key prefix, ending in `/`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(runS3Prefix("r1"), "ade/r1/");
 * ```
 */
export function runS3Prefix(runId: string): string {
  return `ade/${runId}/`;
}
