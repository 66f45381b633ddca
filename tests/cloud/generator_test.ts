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
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  buildGeneratorPlan,
  generatorDown,
  generatorUp,
  imageUri,
  runTags,
  withGeneratorEndpoint,
} from "../../lib/cloud/mod.ts";
import { PreflightError } from "../../lib/core/mod.ts";
import { recordGeneratorUp } from "../../lib/pipeline/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import {
  arnOf,
  BUCKET,
  commandNames,
  KMS_KEY,
  noSleep,
  notFound,
  REGION,
  ROLE_ARN,
  stagedMarker,
} from "./_fixtures.ts";
import { watchChild } from "./_child_output.ts";

const base = {
  model: "tiiuae/falcon-7b-instruct",
  endpointName: "ade-falcon",
  roleArn: ROLE_ARN,
  bucket: BUCKET,
  kmsKeyId: KMS_KEY,
  runId: "r1",
  region: REGION,
};
const quiet = { log: () => {}, wait: { sleep: noSleep, onProgress: () => {} } };

// deno-lint-ignore no-explicit-any
function inputOf(plan: { requests: Array<{ operation: string; input: any }> }, op: string): any {
  return plan.requests.find((request) => request.operation === op)!.input;
}

function mockHappySageMaker() {
  const sagemaker = mockClient(SageMakerClient);
  sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-falcon-model") });
  sagemaker.on(CreateEndpointConfigCommand).resolves({
    EndpointConfigArn: arnOf("endpoint-config", "ade-falcon-config"),
  });
  sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: arnOf("endpoint", "ade-falcon") });
  sagemaker.on(DescribeEndpointCommand).resolves({
    EndpointStatus: "InService",
    EndpointArn: arnOf("endpoint", "ade-falcon"),
    EndpointConfigName: "ade-falcon-config",
  });
  sagemaker.on(DescribeEndpointConfigCommand).resolves({
    ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "ade-falcon-model" }],
  });
  sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
  return sagemaker;
}

Deno.test("buildGeneratorPlan() Falcon-7B: TGI image, env, weights from S3, g5.2xlarge without KmsKeyId, tags", () => {
  const plan = buildGeneratorPlan(base);
  assert.equal(plan.instanceType, "ml.g5.2xlarge");
  assert.deepEqual(plan.requests.map((r) => r.operation), [
    "CreateModel",
    "CreateEndpointConfig",
    "CreateEndpoint",
  ]);
  const model = inputOf(plan, "CreateModel");
  assert.equal(model.PrimaryContainer.Image, imageUri("llmTgi", REGION));
  assert.deepEqual(model.PrimaryContainer.Environment, {
    HF_MODEL_ID: "/opt/ml/model",
    SM_NUM_GPUS: "1",
    MAX_INPUT_LENGTH: "1024",
    MAX_TOTAL_TOKENS: "2048",
  });
  assert.deepEqual(model.PrimaryContainer.ModelDataSource.S3DataSource, {
    S3Uri: "s3://ade-test-bucket/ade/generator-weights/tiiuae/falcon-7b-instruct/",
    S3DataType: "S3Prefix",
    CompressionType: "None",
  });
  assert.equal(model.EnableNetworkIsolation, true);
  const config = inputOf(plan, "CreateEndpointConfig");
  assert.equal("KmsKeyId" in config, false, "g5 has local NVMe: no volume KMS key");
  assert.equal(config.ProductionVariants[0].ModelDataDownloadTimeoutInSeconds, 1800);
  assert.equal(config.ProductionVariants[0].ContainerStartupHealthCheckTimeoutInSeconds, 1800);
  assert.ok(plan.notes.some((note) => /NVMe/.test(note)));
  assert.ok(plan.notes.some((note) => /stage the weights/.test(note)));
  for (const request of plan.requests) {
    assert.ok(
      (request.input.Tags as Array<{ Key: string; Value: string }>).some((t) =>
        t.Key === "ade:run-id" && t.Value === "r1"
      ),
    );
  }
  assert.equal(plan.hourlyCostUsd, 1.515);
});

Deno.test("buildGeneratorPlan() Falcon-40B: g5.12xlarge, 4 GPUs, one-hour timeouts", () => {
  const plan = buildGeneratorPlan({ ...base, model: "tiiuae/falcon-40b-instruct" });
  assert.equal(plan.instanceType, "ml.g5.12xlarge");
  assert.equal(inputOf(plan, "CreateModel").PrimaryContainer.Environment.SM_NUM_GPUS, "4");
  assert.equal(
    inputOf(plan, "CreateEndpointConfig").ProductionVariants[0].ModelDataDownloadTimeoutInSeconds,
    3600,
  );
  assert.equal(plan.hourlyCostUsd, 7.09);
});

Deno.test("buildGeneratorPlan() keeps KmsKeyId on a GPU instance without local storage; takes S3 weights", () => {
  const plan = buildGeneratorPlan({
    ...base,
    instanceType: "ml.p3.8xlarge",
    model: "s3://ade-test-bucket/weights/falcon-7b.tar.gz",
  });
  assert.equal(inputOf(plan, "CreateEndpointConfig").KmsKeyId, KMS_KEY);
  assert.equal(
    inputOf(plan, "CreateModel").PrimaryContainer.ModelDataUrl,
    "s3://ade-test-bucket/weights/falcon-7b.tar.gz",
  );
  assert.equal(inputOf(plan, "CreateModel").PrimaryContainer.Environment.SM_NUM_GPUS, "4");
});

Deno.test("buildGeneratorPlan() preflight: CPU instance, too small for 40B, bad names", () => {
  const fieldsOf = (options: Partial<typeof base> & { instanceType?: string }) => {
    try {
      buildGeneratorPlan({ ...base, ...options });
    } catch (error) {
      assert.ok(error instanceof PreflightError);
      return error.violations.map((v) => v.field);
    }
    return [];
  };
  assert.deepEqual(fieldsOf({ instanceType: "ml.m5.xlarge" }), ["instanceType"]);
  assert.deepEqual(
    fieldsOf({ model: "tiiuae/falcon-40b-instruct", instanceType: "ml.g5.2xlarge" }),
    ["instanceType"],
  );
  assert.deepEqual(fieldsOf({ endpointName: "bad_name", roleArn: "nope", kmsKeyId: "" }), [
    "EndpointName",
    "roleArn",
    "kmsKeyId",
  ]);
});

Deno.test("generatorUp() refuses to create anything when the weights are not staged", async () => {
  const sagemaker = mockHappySageMaker();
  const s3 = mockClient(S3Client);
  try {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, Contents: [] });
    await assert.rejects(
      generatorUp({
        ...base,
        ...quiet,
        client: new SageMakerClient({}),
        s3Client: new S3Client({}),
      }),
      /no model weights at s3:\/\/ade-test-bucket\/ade\/generator-weights\/tiiuae\/falcon-7b-instruct\//,
    );
    assert.equal(sagemaker.commandCalls(CreateModelCommand).length, 0);
  } finally {
    sagemaker.restore();
    s3.restore();
  }
});

Deno.test("recordGeneratorUp() creates, records and waits; generatorDown() deletes endpoint, config and model and forgets them", async () => {
  const dir = await Deno.makeTempDir();
  const sagemaker = mockHappySageMaker();
  const s3 = mockClient(S3Client);
  try {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 1, Contents: [{ Key: "x/config.json" }] });
    s3.on(GetObjectCommand).resolves(stagedMarker("tiiuae/falcon-7b-instruct"));
    const storePath = `${dir}/ade.sqlite`;
    await recordGeneratorUp({
      ...base,
      ...quiet,
      client: new SageMakerClient({}),
      s3Client: new S3Client({}),
    }, { storePath });
    const store = await ExperimentStore.open(storePath);
    const [run] = store.listRuns({ runId: "r1", kind: "generator" });
    assert.equal(run.status, "completed");
    assert.deepEqual(run.resources.map((r) => r.type).sort(), [
      "endpoint",
      "endpoint-config",
      "model",
    ]);
    assert.equal(run.resources.find((r) => r.type === "endpoint")!.instanceType, "ml.g5.2xlarge");
    store.close();
    const forgetting = await ExperimentStore.open(storePath);
    const report = await generatorDown({
      endpointName: "ade-falcon",
      client: new SageMakerClient({}),
      resources: {
        created: () => {},
        removed: (type, name) => forgetting.forgetResource(type, name),
      },
    });
    forgetting.close();
    assert.deepEqual(report.deleted, [
      "endpoint:ade-falcon",
      "endpoint-config:ade-falcon-config",
      "model:ade-falcon-model",
    ]);
    const after = await ExperimentStore.open(storePath);
    assert.deepEqual(after.listRuns({ runId: "r1", kind: "generator" })[0].resources, []);
    after.close();
  } finally {
    sagemaker.restore();
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generatorDown() is idempotent: everything already gone is not an error", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand).rejects(notFound('endpoint "ade-falcon"'));
    sagemaker.on(DescribeEndpointConfigCommand).rejects(notFound("endpoint configuration"));
    sagemaker.on(DeleteEndpointCommand).rejects(notFound('endpoint "ade-falcon"'));
    sagemaker.on(DeleteEndpointConfigCommand).rejects(notFound("endpoint configuration"));
    sagemaker.on(DeleteModelCommand).rejects(notFound("model"));
    const report = await generatorDown({
      endpointName: "ade-falcon",
      client: new SageMakerClient({}),
    });
    assert.deepEqual(report.deleted, []);
    assert.equal(report.alreadyGone.length, 3);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("generatorDown() leaves an endpoint alone that this toolkit did not create", async () => {
  const sagemaker = mockHappySageMaker();
  try {
    sagemaker.on(ListTagsCommand).resolves({ Tags: [{ Key: "team", Value: "other" }] });
    await assert.rejects(
      generatorDown({ endpointName: "ade-falcon", client: new SageMakerClient({}) }),
      /not created by this toolkit/,
    );
    assert.equal(sagemaker.commandCalls(DeleteEndpointCommand).length, 0);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("withGeneratorEndpoint() deletes the endpoint when the work fails, and rethrows the failure", async () => {
  const sagemaker = mockHappySageMaker();
  try {
    let seen = "";
    await assert.rejects(
      withGeneratorEndpoint({
        ...base,
        ...quiet,
        client: new SageMakerClient({}),
        checkWeights: false,
      }, (name) => {
        seen = name;
        return Promise.reject(new Error("augmentation failed"));
      }),
      /augmentation failed/,
    );
    assert.equal(seen, "ade-falcon");
    const names = commandNames(sagemaker.calls());
    assert.ok(names.indexOf("DeleteEndpointCommand") > names.indexOf("CreateEndpointCommand"));
    assert.equal(sagemaker.commandCalls(DeleteEndpointCommand).length, 1);
    assert.equal(sagemaker.commandCalls(DeleteEndpointConfigCommand).length, 1);
    assert.equal(sagemaker.commandCalls(DeleteModelCommand).length, 1);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("withGeneratorEndpoint() tears down when the endpoint fails to start", async () => {
  const sagemaker = mockHappySageMaker();
  try {
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointStatus: "Failed",
      FailureReason: "CUDA out of memory",
      EndpointArn: arnOf("endpoint", "ade-falcon"),
      EndpointConfigName: "ade-falcon-config",
    });
    let ran = false;
    await assert.rejects(
      withGeneratorEndpoint({
        ...base,
        ...quiet,
        client: new SageMakerClient({}),
        checkWeights: false,
      }, () => {
        ran = true;
        return Promise.resolve();
      }),
      /Failed: CUDA out of memory/,
    );
    assert.equal(ran, false);
    assert.equal(sagemaker.commandCalls(DeleteEndpointCommand).length, 1);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("withGeneratorEndpoint() returns the work's value and takes the endpoint down", async () => {
  const sagemaker = mockHappySageMaker();
  try {
    const value = await withGeneratorEndpoint(
      { ...base, ...quiet, client: new SageMakerClient({}), checkWeights: false },
      (name) => Promise.resolve(`used ${name}`),
    );
    assert.equal(value, "used ade-falcon");
    assert.equal(sagemaker.commandCalls(DeleteEndpointCommand).length, 1);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("withGeneratorEndpoint() takes the endpoint down on Ctrl-C (SIGINT) and exits 130", async () => {
  const watched = watchChild(new URL("./_sigint_child.ts", import.meta.url));
  assert.ok((await watched.readUntil(/ready/)).includes("ready"), "child reached the work");
  watched.child.kill("SIGINT");
  const { output, code } = await watched.finish();
  assert.equal(code, 130);
  assert.deepEqual(
    output.split("\n").filter((line) => line.startsWith("Delete")),
    ["DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel"],
  );
});
