import assert from "node:assert/strict";
import {
  buildCreateHyperParameterTuningJobRequest,
  describeTrainingBatch,
  seedSpace,
  type TuningJobRequestOptions,
} from "../../lib/tune/mod.ts";

function request(overrides: Partial<TuningJobRequestOptions> = {}) {
  return buildCreateHyperParameterTuningJobRequest({
    jobName: "ade-seed-tune",
    space: seedSpace(),
    strategy: "bayesian",
    maxTrials: 8,
    parallel: 2,
    roleArn: "arn:aws:iam::123456789012:role/ade",
    kmsKeyId: "alias/ade",
    region: "us-east-1",
    runId: "run-1",
    trainS3Uri: "s3://b/t/",
    validationS3Uri: "s3://b/v/",
    sourceS3Uri: "s3://b/s/sourcedir.tar.gz",
    outputS3Uri: "s3://b/o/",
    modelsS3Uri: "s3://b/ade/models/",
    seed: 1,
    ...overrides,
  }).input;
}

Deno.test("describeTrainingBatch() on the one-GPU default: train_batch_size is the batch of a step", () => {
  const batch = describeTrainingBatch(request());
  assert.equal(batch.instanceType, "ml.g5.2xlarge");
  assert.equal(batch.launcher, "python");
  assert.equal(batch.devices, 1);
  assert.equal(batch.gradientAccumulationSteps, 1);
  assert.deepEqual(batch.perDeviceBatchSizes, [16, 32, 64, 128, 256]);
  assert.deepEqual(batch.effectiveBatchSizes, [16, 32, 64, 128, 256]);
  assert.equal(batch.largestStepTokensPerDevice, 256 * 256);
  assert.match(
    batch.statement,
    /per GPU × 1 GPU \(1 × ml\.g5\.2xlarge, one process\) × 1 accumulation/,
  );
});

Deno.test("describeTrainingBatch() under torchrun multiplies by the GPUs; a static batch and a CPU type are described too", () => {
  const multi = describeTrainingBatch(request({ instanceType: "ml.g5.12xlarge" }));
  assert.equal(multi.launcher, "torchrun");
  assert.equal(multi.devices, 4);
  assert.deepEqual(multi.effectiveBatchSizes, [64, 128, 256, 512, 1024]);
  assert.match(multi.statement, /× 4 GPUs \(1 × ml\.g5\.12xlarge, torchrun, one process per GPU\)/);
  const space = seedSpace();
  const fixed = describeTrainingBatch(request({
    instanceType: "ml.m5.xlarge",
    space: {
      ...space,
      parameters: space.parameters.filter((p) => p.name !== "train_batch_size"),
      static: { ...space.static, train_batch_size: 24 },
    },
  }));
  assert.equal(fixed.gpusPerInstance, 0);
  assert.deepEqual(fixed.effectiveBatchSizes, [24]);
  assert.match(fixed.statement, /train_batch_size 24 per device × 1 device/);
});
