/** Runs a deployment plan against SageMaker and waits until the endpoint is in service. */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import type { ResourceSink, RunResource } from "../track/mod.ts";
import type { DeploymentPlan } from "./deployment_plan.ts";
import { executePlannedRequests } from "./_execute_plan.ts";
import { isDeferredArtifact } from "./resolve_best_model_artifact.ts";
import { waitForEndpointInService, type WaitForEndpointOptions } from "./wait_for_endpoint.ts";

/** Options of {@link deployEndpoint}. */
export interface DeployEndpointOptions {
  /** SageMaker client (default: one for the plan's region). */
  sagemaker?: SageMakerClient;
  /** S3 client (default: one for the plan's region). */
  s3?: S3Client;
  /** Where each created resource is reported as it is created (e.g. `recordRun`'s `resources`). */
  resources?: ResourceSink;
  /** Waiter settings; `false` returns right after CreateEndpoint. */
  wait?: WaitForEndpointOptions | false;
}

/**
 * Sends the plan (upload, CreateModel, CreateEndpointConfig, CreateEndpoint), records each resource, then
 * waits for `InService`.
 * @param plan from {@link buildDeploymentPlan}
 * @param options clients, resource sink, waiter
 * @returns the created resources and the final status
 * @throws {AdeError} when the plan still holds a dry run's deferred model artifact, when the endpoint fails
 *   or the wait times out; SDK errors pass through
 * @example With a stand-in client that accepts every request (pass none to use a real one for the plan's region)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * import { buildDeploymentPlan } from "./deployment_plan.ts";
 * const plan = await buildDeploymentPlan({
 *   modelSource: "s3://my-ade-bucket/ade/r1/train/output/model.tar.gz", endpointName: "ade-r1",
 *   roleArn: "arn:aws:iam::123456789012:role/ade", bucket: "my-ade-bucket", kmsKeyId: "alias/ade",
 *   runId: "r1", region: "us-east-1",
 * });
 * const sagemaker = {
 *   send: (command: object) =>
 *     Promise.resolve(command.constructor.name === "DescribeEndpointCommand" ? { EndpointStatus: "InService" } : {}),
 * } as unknown as SageMakerClient;
 * const { resources, status } = await deployEndpoint(plan, { sagemaker, wait: { onProgress: () => {} } });
 * assert.equal(status, "InService");
 * assert.deepEqual(resources.map((r) => r.type), ["model", "endpoint-config", "endpoint"]);
 * ```
 */
export async function deployEndpoint(
  plan: DeploymentPlan,
  options: DeployEndpointOptions = {},
): Promise<{ resources: RunResource[]; status: string }> {
  const deferred = plan.requests.find((request) =>
    request.operation === "CreateModel" &&
    isDeferredArtifact(JSON.stringify(request.input.PrimaryContainer ?? {}))
  );
  if (deferred) {
    throw new AdeError(
      "the plan's model artifact is a dry run's DEFERRED stand-in: resolve the tuning job's best " +
        "model first (resolveBestModelArtifact)",
    );
  }
  const sagemaker = options.sagemaker ?? new SageMakerClient({ region: plan.region });
  const s3 = options.s3 ?? (plan.upload ? new S3Client({ region: plan.region }) : undefined);
  const resources = await executePlannedRequests(plan.requests, {
    sagemaker,
    s3,
    region: plan.region,
    uploads: plan.upload ? [plan.upload] : [],
    resources: options.resources,
  });
  const status = options.wait === false
    ? "Creating"
    : await waitForEndpointInService(sagemaker, plan.endpointName, options.wait ?? {});
  return { resources, status };
}
