/**
 * Every request `lib/cloud` builds or sends, checked against AWS's own SageMaker, S3 and SageMaker Runtime
 * service models: deployment variants, Batch Transform plans, generator plans, generator up/down, cleanup, S3 uploads and the
 * runtime calls. The tuning requests are in tests/tune, the pipeline's dry-run plan in tests/pipeline.
 */
import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  buildBatchTransformPlan,
  buildDeploymentPlan,
  buildGeneratorPlan,
  buildPutObjectRequest,
  cleanupRun,
  generatorDown,
  generatorUp,
  runTags,
} from "../../lib/cloud/mod.ts";
import { buildInvokeEndpointInput, DEFAULT_DECODING } from "../../lib/augment/mod.ts";
import { invokeEndpoint } from "../../lib/serve/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { mockedCalls } from "./_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "./_aws_service_model.ts";
import {
  arnOf,
  BUCKET,
  KMS_KEY,
  REGION,
  ROLE_ARN,
  stagedMarker,
  TRANSFORM_PLAN_OPTIONS,
} from "./_fixtures.ts";

const VPC = { SecurityGroupIds: ["sg-0123456789abcdef0"], Subnets: ["subnet-0123456789abcdef0"] };

Deno.test("buildDeploymentPlan() requests pass the SageMaker and S3 models: instance, GPU, serverless, capture + VPC, local folder", async () => {
  const modelDir = await Deno.makeTempDir({ prefix: "ade-sm-model-" });
  try {
    await Deno.writeTextFile(`${modelDir}/config.json`, "{}");
    await Deno.writeFile(`${modelDir}/model.safetensors`, new Uint8Array(16));
    const base = {
      modelSource: `s3://${BUCKET}/ade/r1/tune/out/ade-r1-001/output/model.tar.gz`,
      endpointName: "ade-ep-r1",
      roleArn: ROLE_ARN,
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      runId: "r1",
      region: REGION,
    };
    const variants: Array<[string, Record<string, unknown>]> = [
      ["instance (default CPU)", {}],
      ["GPU with local NVMe", { instanceType: "ml.g5.2xlarge", instanceCount: 2 }],
      ["serverless", { serverless: true }],
      ["data capture + VPC", { dataCapturePercentage: 20, vpcConfig: VPC }],
      ["local folder upload", { modelSource: modelDir, endpointName: "ade-ep-local" }],
      ["alias key", { kmsKeyId: "alias/ade" }],
    ];
    for (const [name, overrides] of variants) {
      const plan = await buildDeploymentPlan({ ...base, ...overrides });
      const requests = plan.requests.map((request) =>
        request.operation === "PutObject" ? { ...request, input: plan.upload! } : request
      );
      assert.ok(requests.length >= 3, name);
      assertServiceModelAccepts(
        await validateRequests(requests, `deploy ${name}`),
        `deploy ${name}`,
      );
    }
  } finally {
    await Deno.remove(modelDir, { recursive: true });
  }
});

Deno.test("buildBatchTransformPlan() requests pass the SageMaker model: named model, model.tar.gz + VPC, NVMe GPU, four instances", async () => {
  const base = { ...TRANSFORM_PLAN_OPTIONS, runId: "study-20261201T120000-a1b2c3d4e5f6" };
  const variants: Array<[string, Record<string, unknown>]> = [
    ["named model (default CPU)", {}],
    ["model.tar.gz + VPC", {
      model: `s3://${BUCKET}/ade/r0/tune/out/ade-r0-001/output/model.tar.gz`,
      vpcConfig: VPC,
    }],
    ["GPU with local NVMe", { instanceType: "ml.g4dn.xlarge" }],
    ["four c5 instances, alias key", {
      instanceType: "ml.c5.2xlarge",
      instanceCount: 4,
      kmsKeyId: "alias/ade",
    }],
  ];
  for (const [name, overrides] of variants) {
    const plan = buildBatchTransformPlan({ ...base, ...overrides });
    assertServiceModelAccepts(
      await validateRequests(plan.requests, `batch transform ${name}`),
      `batch transform ${name}`,
    );
  }
});

Deno.test("buildGeneratorPlan() requests pass the SageMaker model: Falcon-7B, Falcon-40B, staged S3 weights", async () => {
  const base = {
    endpointName: "ade-gen-r1",
    roleArn: ROLE_ARN,
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    runId: "r1",
    region: REGION,
  };
  for (
    const options of [
      { model: "tiiuae/falcon-7b-instruct" },
      { model: "tiiuae/falcon-40b-instruct" },
      { model: `s3://${BUCKET}/ade/generator-weights/tiiuae/falcon-7b-instruct/` },
      { model: "tiiuae/falcon-7b-instruct", instanceType: "ml.p3.2xlarge" },
    ]
  ) {
    const plan = buildGeneratorPlan({ ...base, ...options });
    assertServiceModelAccepts(await validateRequests(plan.requests, options.model), options.model);
  }
});

Deno.test("buildPutObjectRequest() passes the S3 model with tags, content type and every key form", async () => {
  for (const kmsKeyId of [KMS_KEY, "alias/ade", "1234abcd-12ab-34cd-56ef-1234567890ab"]) {
    const input = buildPutObjectRequest({
      bucket: BUCKET,
      key: "ade/r1/tune/j/data/train/train.jsonl",
      body: new TextEncoder().encode('{"text":"x"}\n'),
      kmsKeyId,
      contentType: "application/jsonlines",
      tags: runTags("r1"),
    });
    assertServiceModelAccepts(
      await validateRequests([{ operation: "PutObject", input }], "put"),
      `PutObject with ${kmsKeyId}`,
    );
  }
});

Deno.test("generatorUp() and generatorDown() send only requests the SageMaker and S3 models accept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-sm-gen-" });
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-gen-r1-model") });
    sagemaker.on(CreateEndpointConfigCommand).resolves({
      EndpointConfigArn: arnOf("endpoint-config", "ade-gen-r1-config"),
    });
    sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: arnOf("endpoint", "ade-gen-r1") });
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointArn: arnOf("endpoint", "ade-gen-r1"),
      EndpointStatus: "InService",
      EndpointConfigName: "ade-gen-r1-config",
    });
    sagemaker.on(DescribeEndpointConfigCommand).resolves({
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "ade-gen-r1-model" }],
    });
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
    s3.on(GetObjectCommand).resolves(stagedMarker("tiiuae/falcon-7b-instruct"));
    await generatorUp({
      model: "tiiuae/falcon-7b-instruct",
      endpointName: "ade-gen-r1",
      roleArn: ROLE_ARN,
      bucket: BUCKET,
      kmsKeyId: KMS_KEY,
      runId: "r1",
      region: REGION,
      client: new SageMakerClient({ region: REGION }),
      s3Client: new S3Client({ region: REGION }),
      log: () => {},
      wait: { sleep: () => Promise.resolve(), onProgress: () => {} },
    });
    await generatorDown({
      endpointName: "ade-gen-r1",
      client: new SageMakerClient({ region: REGION }),
    });
    const calls = [...mockedCalls(s3), ...mockedCalls(sagemaker)];
    assert.ok(calls.some((call) => call.operation === "DeleteModel"));
    assertServiceModelAccepts(
      await validateRequests(calls, "generator up/down"),
      "generator up/down",
    );
  } finally {
    sagemaker.restore();
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupRun() sends only requests the SageMaker and S3 models accept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-sm-clean-" });
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    const storePath = `${dir}/ade.sqlite`;
    const store = await ExperimentStore.open(storePath);
    const recordId = store.startRun({ kind: "pipeline", runId: "r1" });
    for (
      const [type, name] of [
        ["endpoint", "ade-ep-r1"],
        ["endpoint-config", "ade-ep-r1-config"],
        ["model", "ade-ep-r1-model"],
        ["tuning-job", "ade-r1"],
        ["training-job", "ade-r1-001-0a1b2c3d"],
        ["s3-prefix", `s3://${BUCKET}/ade/r1/`],
      ]
    ) {
      store.addResource(recordId, { type, name, region: REGION });
    }
    store.finishRun(recordId, { status: "completed" });
    store.close();
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointArn: arnOf("endpoint", "ade-ep-r1"),
      EndpointStatus: "InService",
    });
    sagemaker.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigArn: arnOf("endpoint-config", "ade-ep-r1-config"),
    });
    sagemaker.on(DescribeModelCommand).resolves({ ModelArn: arnOf("model", "ade-ep-r1-model") });
    // A job runs until it is stopped (cleanup waits for Stopped before deleting S3).
    const stopped = (command: unknown) => sagemaker.commandCalls(command as never).length > 0;
    sagemaker.on(DescribeHyperParameterTuningJobCommand).callsFake(() => ({
      HyperParameterTuningJobArn: arnOf("hyper-parameter-tuning-job", "ade-r1"),
      HyperParameterTuningJobStatus: stopped(StopHyperParameterTuningJobCommand)
        ? "Stopped"
        : "InProgress",
    }));
    sagemaker.on(DescribeTrainingJobCommand).callsFake(() => ({
      TrainingJobArn: arnOf("training-job", "ade-r1-001-0a1b2c3d"),
      TrainingJobStatus: stopped(StopTrainingJobCommand) ? "Stopped" : "InProgress",
    }));
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
    sagemaker.on(DeleteEndpointCommand).resolves({});
    sagemaker.on(DeleteEndpointConfigCommand).resolves({});
    sagemaker.on(DeleteModelCommand).resolves({});
    sagemaker.on(StopHyperParameterTuningJobCommand).resolves({});
    sagemaker.on(StopTrainingJobCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: "ade/r1/tune/j/output/model.tar.gz" }, { Key: "ade/r1/data/train.jsonl" }],
      IsTruncated: false,
    });
    s3.on(DeleteObjectsCommand).resolves({});
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      backend: "sagemaker",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => new S3Client({ region: REGION }),
    });
    assert.equal(report.remaining.length, 0, JSON.stringify(report.remaining));
    const calls = [...mockedCalls(sagemaker), ...mockedCalls(s3)];
    for (const operation of ["DeleteEndpoint", "StopTrainingJob", "DeleteObjects", "ListTags"]) {
      assert.ok(calls.some((call) => call.operation === operation), operation);
    }
    assertServiceModelAccepts(await validateRequests(calls, "cleanup"), "cleanup");
  } finally {
    sagemaker.restore();
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("InvokeEndpoint requests (classifier invoke, generator prompt) pass the SageMaker Runtime model", async () => {
  const runtime = mockClient(SageMakerRuntimeClient);
  try {
    runtime.on(InvokeEndpointCommand).resolves({
      Body: new TextEncoder().encode('[{"label":"Adverse_Event","score":0.9}]') as never,
      ContentType: "application/json",
    });
    await invokeEndpoint({
      endpoint: "ade-ep-r1",
      texts: ["an invented sentence"],
      client: new SageMakerRuntimeClient({ region: REGION }),
    });
    const calls = [
      ...mockedCalls(runtime),
      {
        operation: "InvokeEndpoint",
        input: buildInvokeEndpointInput("ade-gen-r1", "Write a sentence.", DEFAULT_DECODING),
      },
    ];
    assertServiceModelAccepts(await validateRequests(calls, "invoke"), "invoke");
  } finally {
    runtime.restore();
  }
});

Deno.test("the service-model check fails for requests a real account would refuse", async () => {
  const plan = buildGeneratorPlan({
    model: "tiiuae/falcon-7b-instruct",
    endpointName: "ade-gen-r1",
    roleArn: ROLE_ARN,
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    runId: "r1",
  });
  const [createModel, createConfig] = plan.requests;
  const broken = [
    { ...createModel, input: { ...createModel.input, ModelName: "ade_gen" } },
    {
      ...createConfig,
      input: {
        ...createConfig.input,
        ProductionVariants: [{
          ...(createConfig.input.ProductionVariants as Record<string, unknown>[])[0],
          InstanceType: "ml.g5.2xlarg",
        }],
      },
    },
  ];
  const found = await validateRequests(broken, "broken");
  assert.deepEqual(found.map((v) => [v.operation, v.field, v.kind]), [
    ["CreateModel", "ModelName", "pattern"],
    ["CreateEndpointConfig", "ProductionVariants[0].InstanceType", "enum"],
  ]);
});
