/** `sagemaker.models_s3_uri`: where `stage-model` put the base models (the tuning job's `models` channel). */
import assert from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { DEFAULT_CONFIG, resolveConfig } from "../../lib/pipeline/config.ts";
import { DEFAULT_MODELS_PREFIX } from "../../lib/cloud/mod.ts";

Deno.test("resolveConfig() defaults sagemaker.models_s3_uri to empty and takes a staged-models prefix", () => {
  assert.equal(DEFAULT_CONFIG.sagemaker.models_s3_uri, "");
  assert.equal(resolveConfig({}, "c.json").sagemaker.models_s3_uri, "");
  const uri = `s3://ade-study-artifacts/${DEFAULT_MODELS_PREFIX}`;
  assert.equal(
    resolveConfig({ sagemaker: { models_s3_uri: uri } }, "c.json").sagemaker.models_s3_uri,
    uri,
  );
});

Deno.test("resolveConfig() refuses a models_s3_uri that is not an s3:// prefix, naming the field", () => {
  for (
    const bad of ["ade/models/", "s3://Bad_Bucket/ade/models/", "s3://bucket/ade/models", 3, null]
  ) {
    assert.throws(
      () => resolveConfig({ sagemaker: { models_s3_uri: bad } }, "c.json"),
      (error: unknown) =>
        error instanceof DataError && error.location.field === "sagemaker.models_s3_uri" &&
        /s3:\/\/bucket\/prefix\//.test(error.message),
      JSON.stringify(bad),
    );
  }
});
