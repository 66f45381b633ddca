import assert from "node:assert/strict";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  buildPutObjectRequest,
  parseS3Uri,
  runTags,
  s3Uri,
  uploadObject,
} from "../../lib/cloud/mod.ts";
import { PreflightError } from "../../lib/core/mod.ts";
import { startLocalS3 } from "./_s3rver.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

Deno.test("s3Uri() and parseS3Uri() round-trip", () => {
  assert.equal(s3Uri("bucket-a", "/runs/r1/model.tar.gz"), "s3://bucket-a/runs/r1/model.tar.gz");
  assert.deepEqual(parseS3Uri("s3://bucket-a/runs/r1/"), { bucket: "bucket-a", key: "runs/r1/" });
  assert.deepEqual(parseS3Uri("s3://bucket-a"), { bucket: "bucket-a", key: "" });
  assert.throws(() => parseS3Uri("https://bucket-a/x"), /not an S3 URI/);
});

Deno.test("buildPutObjectRequest() always asks for SSE-KMS with the key and encodes tags", () => {
  const input = buildPutObjectRequest({
    bucket: "ade-bucket",
    key: "runs/r1/model.tar.gz",
    body: new Uint8Array([1, 2]),
    kmsKeyId: KMS,
    tags: runTags("r1"),
  });
  assert.equal(input.ServerSideEncryption, "aws:kms");
  assert.equal(input.SSEKMSKeyId, KMS);
  assert.equal(input.ContentType, "application/octet-stream");
  assert.equal(
    input.Tagging,
    "ade%3Arun-id=r1&ade%3Acreated-by=ade-pharmacovigilance-toolkit",
  );
});

Deno.test("buildPutObjectRequest() refuses a missing KMS key or a bad bucket", () => {
  assert.throws(
    () =>
      buildPutObjectRequest({
        bucket: "ade-bucket",
        key: "k",
        body: new Uint8Array(),
        kmsKeyId: "",
      }),
    PreflightError,
  );
  assert.throws(
    () =>
      buildPutObjectRequest({
        bucket: "Bad_Bucket",
        key: "k",
        body: new Uint8Array(),
        kmsKeyId: KMS,
      }),
    /Bucket/,
  );
});

Deno.test("uploadObject() sends SSE-KMS headers to S3 (s3rver on loopback)", async () => {
  const s3 = await startLocalS3(["ade-bucket"]);
  try {
    const body = new TextEncoder().encode("model bytes");
    const result = await uploadObject(
      s3.client,
      buildPutObjectRequest({
        bucket: "ade-bucket",
        key: "runs/r1/model.tar.gz",
        body,
        kmsKeyId: KMS,
      }),
    );
    assert.equal(result.uri, "s3://ade-bucket/runs/r1/model.tar.gz");
    const put = s3.sent.find((request) => request.method === "PUT");
    assert.ok(put, "a PUT was sent");
    assert.equal(put.headers["x-amz-server-side-encryption"], "aws:kms");
    assert.equal(put.headers["x-amz-server-side-encryption-aws-kms-key-id"], KMS);
    const stored = await s3.client.send(
      new GetObjectCommand({ Bucket: "ade-bucket", Key: "runs/r1/model.tar.gz" }),
    );
    assert.deepEqual(await stored.Body!.transformToByteArray(), body);
  } finally {
    await s3.close();
  }
});

Deno.test("uploadObject() refuses a request without SSE-KMS", async () => {
  await assert.rejects(
    uploadObject({} as never, { Bucket: "b", Key: "k", Body: new Uint8Array() }),
    /SSE-KMS/,
  );
});
