import assert from "node:assert/strict";
import type {
  CreateModelCommandInput,
  CreateTransformJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { type BatchTransformPlanOptions, buildBatchTransformPlan } from "../../lib/cloud/mod.ts";
import { PreflightError } from "../../lib/core/mod.ts";
import { BUCKET, KMS_KEY, TRANSFORM_PLAN_OPTIONS } from "./_fixtures.ts";

const BASE: BatchTransformPlanOptions = TRANSFORM_PLAN_OPTIONS;

function violationsOf(work: () => unknown): Array<{ field: string; rule: string }> {
  try {
    work();
  } catch (error) {
    if (error instanceof PreflightError) return error.violations;
    throw error;
  }
  assert.fail("no PreflightError");
}

Deno.test("buildBatchTransformPlan() for a named model: one CreateTransformJob over JSON Lines, KMS on output and volume, run tags", () => {
  const plan = buildBatchTransformPlan(BASE);
  assert.deepEqual(plan.requests.map((r) => r.operation), ["CreateTransformJob"]);
  assert.equal(plan.createsModel, false);
  assert.equal(plan.jobName, "ade-bt-r1");
  assert.deepEqual(plan.requests[0].input, {
    TransformJobName: "ade-bt-r1",
    ModelName: "ade-ep-r1-model",
    BatchStrategy: "MultiRecord",
    MaxPayloadInMB: 6,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: BASE.inputUri } },
      ContentType: "application/jsonlines",
      SplitType: "Line",
      CompressionType: "None",
    },
    TransformOutput: {
      S3OutputPath: BASE.outputUri,
      Accept: "application/jsonlines",
      AssembleWith: "Line",
      KmsKeyId: KMS_KEY,
    },
    TransformResources: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeKmsKeyId: KMS_KEY },
    Tags: [
      { Key: "ade:run-id", Value: "r1" },
      { Key: "ade:created-by", Value: "ade-pharmacovigilance-toolkit" },
    ],
  });
  assert.equal(plan.hourlyCostUsd, 0.23);
  assert.ok(plan.notes.some((note) => /network isolation/.test(note)));
});

Deno.test("buildBatchTransformPlan() for a model.tar.gz creates an isolated model named after the job, then the job", () => {
  const plan = buildBatchTransformPlan({
    ...BASE,
    model: `s3://${BUCKET}/ade/r0/tune/out/ade-r0-001/output/model.tar.gz`,
    runId: "study-20261201T120000-a1b2c3d4e5f6",
    vpcConfig: { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] },
  });
  assert.deepEqual(plan.requests.map((r) => r.operation), ["CreateModel", "CreateTransformJob"]);
  const model = plan.requests[0].input as unknown as CreateModelCommandInput;
  const job = plan.requests[1].input as unknown as CreateTransformJobCommandInput;
  assert.equal(plan.modelName, `${plan.jobName}-model`);
  assert.ok(plan.modelName.length <= 63);
  assert.equal(model.ModelName, plan.modelName);
  assert.equal(model.EnableNetworkIsolation, true);
  assert.deepEqual(model.VpcConfig, { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] });
  assert.match(model.PrimaryContainer!.Image!, /huggingface-pytorch-inference:.*-cpu-/);
  assert.equal(
    model.PrimaryContainer!.ModelDataUrl,
    `s3://${BUCKET}/ade/r0/tune/out/ade-r0-001/output/model.tar.gz`,
  );
  assert.equal(job.ModelName, plan.modelName);
  assert.ok(JSON.stringify(model.Tags).includes("study-20261201T120000-a1b2c3d4e5f6"));
});

Deno.test("buildBatchTransformPlan() leaves the volume key out for local NVMe storage (and runs the GPU image)", () => {
  const plan = buildBatchTransformPlan({
    ...BASE,
    model: `s3://${BUCKET}/ade/r0/model.tar.gz`,
    instanceType: "ml.g4dn.xlarge",
    instanceCount: 2,
  });
  const model = plan.requests[0].input as unknown as CreateModelCommandInput;
  const job = plan.requests[1].input as unknown as CreateTransformJobCommandInput;
  assert.match(model.PrimaryContainer!.Image!, /-gpu-/);
  assert.deepEqual(job.TransformResources, { InstanceType: "ml.g4dn.xlarge", InstanceCount: 2 });
  assert.equal(job.TransformOutput!.KmsKeyId, KMS_KEY, "the output stays encrypted with the key");
  assert.ok(plan.notes.some((note) => /VolumeKmsKeyId left out.*ml\.g4dn\.xlarge/.test(note)));
  assert.equal(plan.hourlyCostUsd, 0.736 * 2);
});

Deno.test("buildBatchTransformPlan() lists every broken rule: data outside ade/, overlap, names, VPC, counts, keys", () => {
  const fields = (overrides: Partial<BatchTransformPlanOptions>) =>
    violationsOf(() => buildBatchTransformPlan({ ...BASE, ...overrides })).map((v) => v.field);
  assert.deepEqual(
    fields({ inputUri: "s3://other-bucket/ade/in.jsonl", outputUri: `s3://${BUCKET}/out/` }),
    ["inputUri", "outputUri"],
  );
  assert.deepEqual(
    fields({ inputUri: "https://example.org/x", outputUri: `s3://${BUCKET}/ade/` }),
    [
      "inputUri",
      "outputUri",
    ],
  );
  assert.deepEqual(
    fields({ inputUri: `s3://${BUCKET}/ade/in/`, outputUri: `s3://${BUCKET}/ade/in/scored/` }),
    ["outputUri"],
    "outputs under the input would be read by the next run",
  );
  assert.deepEqual(
    fields({ inputUri: `s3://${BUCKET}/ade/data/x.jsonl`, outputUri: `s3://${BUCKET}/ade/data` }),
    ["outputUri"],
  );
  assert.deepEqual(fields({ model: "my_model!" }), ["model"]);
  assert.deepEqual(fields({ model: `s3://${BUCKET}/ade/r0/model.bin` }), ["model"]);
  assert.deepEqual(
    fields({ vpcConfig: { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] } }),
    ["VpcConfig"],
  );
  assert.deepEqual(fields({ instanceCount: 0 }), ["TransformResources.InstanceCount"]);
  assert.deepEqual(fields({ instanceType: "m5.xlarge" }), ["TransformResources.InstanceType"]);
  assert.deepEqual(fields({ kmsKeyId: "" }), ["kmsKeyId"]);
  assert.deepEqual(fields({ roleArn: "role", region: "moon-1" }), ["roleArn", "region"]);
});
