import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  buildCreateEndpointConfigRequest,
  checkCreateEndpointConfigRequest,
  checkCreateModelRequest,
} from "../../lib/cloud/_endpoint_requests.ts";
import {
  buildDeploymentPlan,
  deployEndpoint,
  RUN_TAG_KEY,
  runTags,
  writePlannedRequests,
} from "../../lib/cloud/mod.ts";
import { PreflightError } from "../../lib/core/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { BUCKET, KMS_KEY, noSleep, REGION, ROLE_ARN } from "./_fixtures.ts";

const base = {
  modelSource: "s3://ade-test-bucket/ade/r1/train/output/model.tar.gz",
  endpointName: "ade-r1",
  roleArn: ROLE_ARN,
  bucket: BUCKET,
  kmsKeyId: KMS_KEY,
  runId: "r1",
  region: REGION,
};

function input(
  plan: { requests: Array<{ operation: string; input: Record<string, unknown> }> },
  op: string,
) {
  const found = plan.requests.find((request) => request.operation === op);
  assert.ok(found, `${op} planned`);
  // deno-lint-ignore no-explicit-any
  return found.input as Record<string, any>;
}

async function violationsOfAsync(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PreflightError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
}

Deno.test("buildDeploymentPlan() from S3: CreateModel, config and endpoint carry KMS, isolation and run tags", async () => {
  const plan = await buildDeploymentPlan(base);
  assert.deepEqual(plan.requests.map((r) => r.operation), [
    "CreateModel",
    "CreateEndpointConfig",
    "CreateEndpoint",
  ]);
  const model = input(plan, "CreateModel");
  assert.equal(model.PrimaryContainer.ModelDataUrl, base.modelSource);
  assert.match(
    model.PrimaryContainer.Image,
    /^763104351884\.dkr\.ecr\.us-east-1\.amazonaws\.com\/huggingface-pytorch-inference:.*-cpu-/,
  );
  assert.equal(model.PrimaryContainer.Environment.HF_TASK, "text-classification");
  assert.equal(model.EnableNetworkIsolation, true);
  assert.equal(model.ExecutionRoleArn, ROLE_ARN);
  const config = input(plan, "CreateEndpointConfig");
  assert.equal(config.KmsKeyId, KMS_KEY);
  assert.equal(config.ProductionVariants[0].InstanceType, "ml.m5.xlarge");
  assert.equal(config.ProductionVariants[0].InitialInstanceCount, 1);
  for (const request of plan.requests) {
    assert.deepEqual(request.input.Tags, runTags("r1"), `${request.operation} tags`);
  }
  assert.equal(plan.hourlyCostUsd, 0.23);
});

Deno.test("buildDeploymentPlan() leaves KmsKeyId out for local-NVMe instance types and says so", async () => {
  const plan = await buildDeploymentPlan({ ...base, instanceType: "ml.g5.xlarge" });
  const config = input(plan, "CreateEndpointConfig");
  assert.equal("KmsKeyId" in config, false);
  assert.ok(plan.notes.some((note) => /KmsKeyId left out.*NVMe/.test(note)));
  assert.match(input(plan, "CreateModel").PrimaryContainer.Image, /-gpu-/);
});

Deno.test("buildDeploymentPlan() packs a local Hugging Face folder and plans an SSE-KMS upload first", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/config.json`, "{}");
  await Deno.writeTextFile(`${dir}/model.safetensors`, "weights");
  const plan = await buildDeploymentPlan({ ...base, modelSource: dir });
  assert.deepEqual(plan.requests.map((r) => r.operation), [
    "PutObject",
    "CreateModel",
    "CreateEndpointConfig",
    "CreateEndpoint",
  ]);
  const put = input(plan, "PutObject");
  assert.equal(put.ServerSideEncryption, "aws:kms");
  assert.equal(put.SSEKMSKeyId, KMS_KEY);
  assert.equal(put.Key, "ade/r1/deploy/ade-r1/model.tar.gz");
  assert.match(put.Body, /bytes, sha256 [0-9a-f]{64}/);
  assert.equal(
    input(plan, "CreateModel").PrimaryContainer.ModelDataUrl,
    "s3://ade-test-bucket/ade/r1/deploy/ade-r1/model.tar.gz",
  );
  assert.ok(plan.upload?.Body instanceof Uint8Array);
  const out = await Deno.makeTempDir();
  const files = await writePlannedRequests(`${out}/requests`, plan.requests);
  assert.deepEqual(files.map((f) => f.split("/").pop()), [
    "01-PutObject.json",
    "02-CreateModel.json",
    "03-CreateEndpointConfig.json",
    "04-CreateEndpoint.json",
  ]);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(out, { recursive: true });
});

Deno.test("buildDeploymentPlan() refuses a local folder that is not a Hugging Face model", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/model.json`, "{}");
  assert.deepEqual(await violationsOfAsync(buildDeploymentPlan({ ...base, modelSource: dir })), [
    "modelSource",
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("buildDeploymentPlan() serverless: no isolation, HIPAA note, no VPC allowed", async () => {
  const plan = await buildDeploymentPlan({ ...base, serverless: true });
  assert.equal(input(plan, "CreateModel").EnableNetworkIsolation, false);
  assert.deepEqual(input(plan, "CreateEndpointConfig").ProductionVariants[0].ServerlessConfig, {
    MemorySizeInMB: 3072,
    MaxConcurrency: 5,
  });
  assert.ok(plan.notes.some((note) => note.startsWith("HIPAA warning")));
  assert.equal(plan.hourlyCostUsd, undefined);
  assert.deepEqual(
    await violationsOfAsync(buildDeploymentPlan({
      ...base,
      serverless: true,
      vpcConfig: { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] },
    })),
    ["VpcConfig"],
  );
});

Deno.test("buildDeploymentPlan() preflight reports every broken rule at once", async () => {
  const fields = await violationsOfAsync(buildDeploymentPlan({
    ...base,
    modelSource: "s3://ade-test-bucket/model.zip",
    endpointName: "x".repeat(64),
    roleArn: "role",
    bucket: "Bad_Bucket",
    kmsKeyId: "",
    region: "mars-1",
  }));
  assert.deepEqual([...new Set(fields)].sort(), [
    "EndpointName",
    "bucket",
    "kmsKeyId",
    "modelSource",
    "region",
    "roleArn",
  ]);
});

Deno.test("checkCreateEndpointConfigRequest() refuses a KmsKeyId for local-NVMe instances", () => {
  const request = buildCreateEndpointConfigRequest({
    endpointConfigName: "c",
    modelName: "m",
    instanceType: "ml.g5.2xlarge",
    kmsKeyId: KMS_KEY,
    tags: runTags("r1"),
  });
  const violations = checkCreateEndpointConfigRequest(request);
  assert.equal(violations.length, 1);
  assert.equal(violations[0].field, "KmsKeyId");
  assert.match(violations[0].rule, /local NVMe/);
  assert.deepEqual(checkCreateEndpointConfigRequest({ ...request, KmsKeyId: undefined }), []);
});

Deno.test("checkCreateEndpointConfigRequest() checks serverless limits, timeouts, data capture and tags", () => {
  const serverless = buildCreateEndpointConfigRequest({
    endpointConfigName: "c",
    modelName: "m",
    serverless: { memorySizeInMb: 1500, maxConcurrency: 201 },
    dataCapture: { destinationS3Uri: "s3://b/capture/", samplingPercentage: 10, kmsKeyId: KMS_KEY },
    tags: [],
  });
  assert.deepEqual(checkCreateEndpointConfigRequest(serverless).map((v) => v.field), [
    "Tags",
    "ProductionVariants[0].ServerlessConfig.MemorySizeInMB",
    "ProductionVariants[0].ServerlessConfig.MaxConcurrency",
    "DataCaptureConfig",
  ]);
  const slow = buildCreateEndpointConfigRequest({
    endpointConfigName: "c",
    modelName: "m",
    instanceType: "ml.m5.xlarge",
    modelDataDownloadTimeoutInSeconds: 4000,
    containerStartupHealthCheckTimeoutInSeconds: 30,
    dataCapture: { destinationS3Uri: "https://x", samplingPercentage: 101, kmsKeyId: "" },
    tags: runTags("r1"),
  });
  assert.deepEqual(checkCreateEndpointConfigRequest(slow).map((v) => v.field), [
    "ProductionVariants[0].ModelDataDownloadTimeoutInSeconds",
    "ProductionVariants[0].ContainerStartupHealthCheckTimeoutInSeconds",
    "DataCaptureConfig.KmsKeyId",
    "DataCaptureConfig.DestinationS3Uri",
    "DataCaptureConfig.InitialSamplingPercentage",
  ]);
});

Deno.test("checkCreateModelRequest() checks names, artifacts, VPC sizes", () => {
  const fields = checkCreateModelRequest({
    ModelName: "-bad-",
    ExecutionRoleArn: ROLE_ARN,
    PrimaryContainer: { Image: "img", ModelDataUrl: "s3://b/model.zip" },
    VpcConfig: { SecurityGroupIds: [], Subnets: Array.from({ length: 17 }, (_, i) => `s-${i}`) },
    Tags: runTags("r1"),
  }).map((v) => v.field);
  assert.deepEqual(fields, [
    "ModelName",
    "PrimaryContainer.ModelDataUrl",
    "VpcConfig.SecurityGroupIds",
    "VpcConfig.Subnets",
  ]);
});

Deno.test("deployEndpoint() uploads, creates in order, records every resource and waits for InService", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/config.json`, "{}");
  const plan = await buildDeploymentPlan({ ...base, modelSource: dir });
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
    sagemaker.on(CreateModelCommand).resolves({ ModelArn: "arn:model" });
    sagemaker.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: "arn:config" });
    sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: "arn:endpoint" });
    sagemaker.on(DescribeEndpointCommand)
      .resolvesOnce({ EndpointStatus: "Creating" })
      .resolves({ EndpointStatus: "InService" });
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    const recordId = store.startRun({ kind: "deploy", runId: "r1" });
    const progress: string[] = [];
    const result = await deployEndpoint(plan, {
      sagemaker: new SageMakerClient({ region: REGION }),
      s3: new S3Client({ region: REGION }),
      resources: store.resourceSink(recordId),
      wait: { sleep: noSleep, onProgress: (status) => progress.push(status) },
    });
    assert.equal(result.status, "InService");
    assert.deepEqual(progress, ["Creating", "InService"]);
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    assert.equal(put.ServerSideEncryption, "aws:kms");
    assert.ok(put.Body instanceof Uint8Array);
    assert.deepEqual(
      sagemaker.calls().map((call) =>
        (call.args[0] as { constructor: { name: string } }).constructor.name
      ),
      [
        "CreateModelCommand",
        "CreateEndpointConfigCommand",
        "CreateEndpointCommand",
        "DescribeEndpointCommand",
        "DescribeEndpointCommand",
      ],
    );
    const resources = store.getRun(recordId)!.resources;
    assert.deepEqual(resources.map((r) => r.type).sort(), [
      "endpoint",
      "endpoint-config",
      "model",
      "s3-prefix",
    ]);
    const endpoint = resources.find((r) => r.type === "endpoint")!;
    assert.equal(endpoint.arn, "arn:endpoint");
    assert.equal(endpoint.instanceType, "ml.m5.xlarge");
    assert.equal(endpoint.instanceCount, 1);
    assert.equal(endpoint.region, REGION);
    assert.equal(
      resources.find((r) => r.type === "s3-prefix")!.name,
      "s3://ade-test-bucket/ade/r1/deploy/ade-r1/",
    );
    for (const call of sagemaker.calls().slice(0, 3)) {
      const tags = (call.args[0].input as { Tags: Array<{ Key: string; Value: string }> }).Tags;
      assert.ok(tags.some((t) => t.Key === RUN_TAG_KEY && t.Value === "r1"));
    }
    store.close();
  } finally {
    sagemaker.restore();
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});
