import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { _waitUntilStopped } from "../../lib/cloud/_wait_until_stopped.ts";
import { notFound, REGION } from "./_fixtures.ts";
import { fakeTime } from "./_cleanup_fixtures.ts";

Deno.test("_waitUntilStopped() returns at once for what is gone or finished, without sleeping", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand).rejects(notFound('endpoint "e"'));
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobStatus: "Stopped" });
    const client = new SageMakerClient({ region: REGION });
    const blocked = await _waitUntilStopped([
      { runId: "r1", type: "endpoint", name: "e", client },
      { runId: "r1", type: "training-job", name: "t", client },
    ], { sleep: () => assert.fail("no sleep needed"), onProgress: () => assert.fail("no wait") });
    assert.deepEqual([...blocked], []);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("_waitUntilStopped() does not wait on a job it cannot read, and blocks that run's S3", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: "denied" }).rejects(
      Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }),
    );
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: "slow" }).resolves({
      TrainingJobStatus: "Stopping",
    });
    const client = new SageMakerClient({ region: REGION });
    const time = fakeTime(30_000, 10_000);
    const blocked = await _waitUntilStopped([
      { runId: "r1", type: "training-job", name: "denied", client },
      { runId: "r2", type: "training-job", name: "slow", client },
    ], time);
    assert.match(blocked.get("r1")!, /could not tell whether training-job denied stopped/);
    assert.match(blocked.get("r2")!, /training-job slow still Stopping after 30 s/);
    assert.deepEqual(time.sleeps, [10_000, 10_000, 10_000]);
    const denied = sagemaker.commandCalls(DescribeTrainingJobCommand, {
      TrainingJobName: "denied",
    });
    assert.equal(denied.length, 1, "asked once, not polled");
  } finally {
    sagemaker.restore();
  }
});
