import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  DeleteModelCommand,
  DescribeModelCommand,
  DescribeTransformJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopTransformJobCommand,
} from "@aws-sdk/client-sagemaker";
import { cleanupRun, runTags } from "../../lib/cloud/mod.ts";
import { arnOf, BUCKET, REGION } from "./_fixtures.ts";
import { startLocalS3 } from "./_s3rver.ts";
import { fakeTime, listKeys, putObjects, seedStore } from "./_cleanup_fixtures.ts";

Deno.test("cleanupRun() stops the run's transform job before deleting its model, and deletes S3 once it has stopped", async () => {
  const dir = await Deno.makeTempDir();
  const storePath = `${dir}/ade.sqlite`;
  await seedStore(storePath, [
    { type: "s3-prefix", name: `s3://${BUCKET}/ade/r1/` },
    { type: "model", name: "ade-bt-r1-model" },
    { type: "transform-job", name: "ade-bt-r1", instanceType: "ml.m5.xlarge", instanceCount: 2 },
  ]);
  const order: string[] = [];
  const sagemaker = mockClient(SageMakerClient);
  const s3 = await startLocalS3([BUCKET]);
  try {
    // Running until stopped, then one poll Stopping, then Stopped.
    let pollsAfterStop = 0;
    sagemaker.on(DescribeTransformJobCommand).callsFake(() => ({
      TransformJobArn: arnOf("transform-job", "ade-bt-r1"),
      TransformJobStatus: !order.includes("StopTransformJob")
        ? "InProgress"
        : pollsAfterStop++ === 0
        ? "Stopping"
        : "Stopped",
    }));
    sagemaker.on(DescribeModelCommand).resolves({ ModelArn: arnOf("model", "ade-bt-r1-model") });
    sagemaker.on(ListTagsCommand).resolves({ Tags: runTags("r1") });
    sagemaker.on(StopTransformJobCommand).callsFake(() => {
      order.push("StopTransformJob");
      return {};
    });
    sagemaker.on(DeleteModelCommand).callsFake(() => {
      order.push("DeleteModel");
      return {};
    });
    await putObjects(s3, ["ade/r1/scored/in.jsonl.out", "ade/r2/keep.json"]);
    s3.client.middlewareStack.add((next, context) => (args) => {
      if (context.commandName === "DeleteObjectsCommand") order.push("DeleteObjects");
      return next(args);
    }, { step: "initialize", name: "order" });
    const time = fakeTime(60_000, 15_000);
    const report = await cleanupRun({
      storePath,
      runId: "r1",
      sagemakerFor: () => new SageMakerClient({ region: REGION }),
      s3For: () => s3.client,
      wait: time,
    });
    assert.deepEqual(order, ["StopTransformJob", "DeleteModel", "DeleteObjects"]);
    assert.deepEqual(time.sleeps, [15_000], "one wait while the job was Stopping");
    assert.deepEqual(await listKeys(s3, "ade/"), ["ade/r2/keep.json"]);
    assert.deepEqual(
      report.entries.map((e) => [e.resource.type, e.outcome]),
      [["transform-job", "stopped"], ["model", "removed"], ["s3-prefix", "removed"]],
    );
    assert.ok(Math.abs(report.removedHourlyCostUsd - 0.46) < 1e-9, "2 × ml.m5.xlarge");
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});
