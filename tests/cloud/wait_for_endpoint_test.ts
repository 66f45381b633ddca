import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { waitForEndpointInService } from "../../lib/cloud/wait_for_endpoint.ts";

Deno.test("waitForEndpointInService() polls with doubling delays up to the cap until InService", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand)
      .resolvesOnce({ EndpointStatus: "Creating" })
      .resolvesOnce({ EndpointStatus: "Creating" })
      .resolvesOnce({ EndpointStatus: "Creating" })
      .resolves({ EndpointStatus: "InService" });
    const delays: number[] = [];
    const statuses: string[] = [];
    let clock = 0;
    const status = await waitForEndpointInService(new SageMakerClient({}), "ade-e", {
      initialDelayMs: 10,
      maxDelayMs: 25,
      sleep: (ms) => {
        delays.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
      onProgress: (s) => statuses.push(s),
    });
    assert.equal(status, "InService");
    assert.deepEqual(delays, [10, 20, 25]);
    assert.deepEqual(statuses, ["Creating", "Creating", "Creating", "InService"]);
  } finally {
    sagemaker.restore();
  }
});

Deno.test("waitForEndpointInService() fails with SageMaker's FailureReason", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointStatus: "Failed",
      FailureReason: "The primary container did not pass the ping health check.",
    });
    await assert.rejects(
      waitForEndpointInService(new SageMakerClient({}), "ade-e", { onProgress: () => {} }),
      /ade-e is Failed: The primary container did not pass the ping health check/,
    );
  } finally {
    sagemaker.restore();
  }
});

Deno.test("waitForEndpointInService() gives up after the timeout and says the endpoint still costs", async () => {
  const sagemaker = mockClient(SageMakerClient);
  try {
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: "Creating" });
    let clock = 0;
    await assert.rejects(
      waitForEndpointInService(new SageMakerClient({}), "ade-e", {
        timeoutMs: 100,
        initialDelayMs: 30,
        maxDelayMs: 30,
        sleep: (ms) => {
          clock += ms;
          return Promise.resolve();
        },
        now: () => clock,
        onProgress: () => {},
      }),
      /still Creating after .* costing until deleted/,
    );
    assert.ok(sagemaker.commandCalls(DescribeEndpointCommand).length <= 5);
  } finally {
    sagemaker.restore();
  }
});
