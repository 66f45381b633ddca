import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  CreateModelCommand,
  CreateTransformJobCommand,
  DescribeModelCommand,
  DescribeTransformJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  buildBatchTransformPlan,
  runBatchTransform,
  type TransformJobProgress,
} from "../../lib/cloud/mod.ts";
import { AdeError } from "../../lib/core/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { mockedCalls } from "./_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "./_aws_service_model.ts";
import { arnOf, BUCKET, REGION, TRANSFORM_PLAN_OPTIONS } from "./_fixtures.ts";

const OPTIONS = { ...TRANSFORM_PLAN_OPTIONS, inputUri: `s3://${BUCKET}/ade/inbox/` };

/** A fake clock whose sleeps advance it. */
function fakeTime() {
  let time = 5_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: (ms: number) => {
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

function objects(keys: string[]) {
  return { Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
}

Deno.test("runBatchTransform() records the job, then polls it with progress until Completed", async () => {
  const dir = await Deno.makeTempDir();
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    sagemaker.on(DescribeModelCommand).resolves({ EnableNetworkIsolation: true });
    sagemaker.on(CreateTransformJobCommand).resolves({
      TransformJobArn: arnOf("transform-job", "ade-bt-r1"),
    });
    sagemaker.on(DescribeTransformJobCommand)
      .resolvesOnce({ TransformJobStatus: "InProgress" })
      .resolvesOnce({ TransformJobStatus: "InProgress" })
      .resolves({ TransformJobStatus: "Completed" });
    // Input: two pages (a folder marker does not count); output: one file, then both.
    s3.on(ListObjectsV2Command, { Prefix: "ade/inbox/" })
      .resolvesOnce({
        Contents: [{ Key: "ade/inbox/" }, { Key: "ade/inbox/a.jsonl" }],
        IsTruncated: true,
        NextContinuationToken: "t1",
      })
      .resolves(objects(["ade/inbox/b.jsonl"]));
    s3.on(ListObjectsV2Command, { Prefix: "ade/r1/scored/" })
      .resolvesOnce(objects([]))
      .resolvesOnce(objects(["ade/r1/scored/a.jsonl.out"]))
      .resolves(objects(["ade/r1/scored/a.jsonl.out", "ade/r1/scored/b.jsonl.out"]));
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    const recordId = store.startRun({ kind: "predict", runId: "r1" });
    const plan = buildBatchTransformPlan(OPTIONS);
    const progress: TransformJobProgress[] = [];
    const time = fakeTime();
    const result = await runBatchTransform(plan, {
      sagemaker: new SageMakerClient({ region: REGION }),
      s3: new S3Client({ region: REGION }),
      resources: store.resourceSink(recordId),
      wait: {
        ...time,
        initialDelayMs: 30_000,
        maxDelayMs: 45_000,
        onProgress: (p) => progress.push(p),
      },
    });
    assert.equal(result.status, "Completed");
    assert.equal(result.inputFiles, 2);
    assert.equal(result.outputFiles, 2);
    assert.deepEqual(
      progress.map((p) => [p.status, p.elapsedMs, p.outputFiles, p.inputFiles]),
      [["InProgress", 0, 0, 2], ["InProgress", 30_000, 1, 2], ["Completed", 75_000, 2, 2]],
    );
    assert.deepEqual(time.sleeps, [30_000, 45_000]);
    const [run] = store.listRuns({ runId: "r1" });
    assert.deepEqual(run.resources.map((r) => [r.type, r.name, r.instanceType, r.instanceCount]), [
      ["transform-job", "ade-bt-r1", "ml.m5.xlarge", 1],
    ]);
    assert.equal(run.resources[0].arn, arnOf("transform-job", "ade-bt-r1"));
    store.close();
    const sent = [...mockedCalls(sagemaker), ...mockedCalls(s3)];
    assertServiceModelAccepts(
      await validateRequests(sent, "batch transform run"),
      "batch transform run",
    );
  } finally {
    sagemaker.restore();
    s3.restore();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runBatchTransform() refuses a model without network isolation and an empty input, sending nothing", async () => {
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    sagemaker.on(DescribeModelCommand).resolves({ EnableNetworkIsolation: false });
    s3.on(ListObjectsV2Command).resolves(objects(["ade/inbox/a.jsonl"]));
    const clients = {
      sagemaker: new SageMakerClient({ region: REGION }),
      s3: new S3Client({ region: REGION }),
    };
    await assert.rejects(
      runBatchTransform(buildBatchTransformPlan(OPTIONS), clients),
      (error: Error) =>
        error instanceof AdeError && /runs without network isolation/.test(error.message),
    );
    s3.on(ListObjectsV2Command).resolves(objects([]));
    await assert.rejects(
      runBatchTransform(buildBatchTransformPlan(OPTIONS), clients),
      /no input files under s3:\/\/ade-test-bucket\/ade\/inbox\//,
    );
    assert.equal(sagemaker.commandCalls(CreateTransformJobCommand).length, 0);
    assert.equal(sagemaker.commandCalls(CreateModelCommand).length, 0);
  } finally {
    sagemaker.restore();
    s3.restore();
  }
});

Deno.test("runBatchTransform() with a model.tar.gz creates the model first; a failed job names SageMaker's reason", async () => {
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  try {
    sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-bt-r1-model") });
    sagemaker.on(CreateTransformJobCommand).resolves({});
    sagemaker.on(DescribeTransformJobCommand).resolves({
      TransformJobStatus: "Failed",
      FailureReason: "ClientError: See job logs for more information",
    });
    s3.on(ListObjectsV2Command).resolves(objects(["ade/inbox/a.jsonl"]));
    const plan = buildBatchTransformPlan({
      ...OPTIONS,
      model: `s3://${BUCKET}/ade/r0/model.tar.gz`,
    });
    await assert.rejects(
      runBatchTransform(plan, {
        sagemaker: new SageMakerClient({ region: REGION }),
        s3: new S3Client({ region: REGION }),
        wait: { ...fakeTime(), onProgress: () => {} },
      }),
      /transform job ade-bt-r1 is Failed: ClientError: See job logs/,
    );
    assert.deepEqual(
      mockedCalls(sagemaker).map((call) => call.operation),
      ["CreateModel", "CreateTransformJob", "DescribeTransformJob"],
      "a created model is isolated by construction: no DescribeModel",
    );
  } finally {
    sagemaker.restore();
    s3.restore();
  }
});
