/**
 * Runs a Batch Transform plan against SageMaker: checks that the input exists and that a named model runs
 * with network isolation, sends the plan (recording each resource as soon as it exists, so that cleanup
 * finds it even when a later step fails), then waits for the job with progress.
 */
import { DescribeModelCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import type { ResourceSink, RunResource } from "../track/mod.ts";
import type { BatchTransformPlan } from "./batch_transform_plan.ts";
import { executePlannedRequests } from "./_execute_plan.ts";
import {
  _countObjects,
  _waitForTransformJob,
  type WaitForTransformJobOptions,
} from "./_wait_for_transform_job.ts";

/** Options of {@link runBatchTransform}. */
export interface RunBatchTransformOptions {
  /** SageMaker client (default: one for the plan's region). */
  sagemaker?: SageMakerClient;
  /** S3 client (default: one for the plan's region): counts the input and output files. */
  s3?: S3Client;
  /** Where each created resource is reported as it is created (e.g. `recordRun`'s `resources`). */
  resources?: ResourceSink;
  /** Waiter settings; `false` returns right after CreateTransformJob. */
  wait?: WaitForTransformJobOptions | false;
}

/** What {@link runBatchTransform} did. */
export interface BatchTransformResult {
  /** The resources created (the model, when the plan creates one, and the transform job). */
  resources: RunResource[];
  /** The job's last status (`Completed`, or `InProgress` without waiting). */
  status: string;
  /** Input files found under the input URI. */
  inputFiles: number;
  /** `.out` files under the output prefix when the wait ended (undefined without waiting). */
  outputFiles?: number;
}

/**
 * Sends the plan and waits for the job.
 * @param plan from {@link buildBatchTransformPlan}
 * @param options clients, resource sink, waiter
 * @returns the created resources, the final status and the file counts
 * @throws {AdeError} no input files, a named model without network isolation, a failed or stopped job, a
 *   timeout; SDK errors pass through (resources created before the failure stay recorded for cleanup)
 * @example With stand-in clients: one input file, a job that completes (pass none to use real ones)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
 * import type { S3Client } from "@aws-sdk/client-s3";
 * import { buildBatchTransformPlan } from "./batch_transform_plan.ts";
 * const plan = buildBatchTransformPlan({
 *   model: "s3://my-ade-bucket/ade/r1/train/output/model.tar.gz",
 *   inputUri: "s3://my-ade-bucket/ade/inbox/", outputUri: "s3://my-ade-bucket/ade/r1/scored/",
 *   roleArn: "arn:aws:iam::123456789012:role/ade", bucket: "my-ade-bucket", kmsKeyId: "alias/ade", runId: "r1",
 * });
 * const s3 = { // ListObjectsV2: the input file, and its scored `.out` under the output prefix
 *   send: ({ input }: { input: { Prefix: string } }) =>
 *     Promise.resolve({ Contents: [{ Key: `${input.Prefix}sentences.jsonl${input.Prefix.includes("scored") ? ".out" : ""}` }] }),
 * } as unknown as S3Client;
 * const sagemaker = { send: () => Promise.resolve({ TransformJobStatus: "Completed" }) } as unknown as SageMakerClient;
 * const result = await runBatchTransform(plan, { sagemaker, s3, wait: { onProgress: () => {} } });
 * assert.deepEqual([result.status, result.inputFiles, result.outputFiles], ["Completed", 1, 1]);
 * assert.deepEqual(result.resources.map((r) => r.type), ["model", "transform-job"]);
 * ```
 */
export async function runBatchTransform(
  plan: BatchTransformPlan,
  options: RunBatchTransformOptions = {},
): Promise<BatchTransformResult> {
  const sagemaker = options.sagemaker ?? new SageMakerClient({ region: plan.region });
  const s3 = options.s3 ?? new S3Client({ region: plan.region });
  const inputFiles = await _countObjects(s3, plan.inputUri);
  if (inputFiles === 0) {
    throw new AdeError(`no input files under ${plan.inputUri}: nothing to score`);
  }
  if (!plan.createsModel) await _requireNetworkIsolation(sagemaker, plan.modelName);
  const resources = await executePlannedRequests(plan.requests, {
    sagemaker,
    region: plan.region,
    resources: options.resources,
  });
  if (options.wait === false) return { resources, status: "InProgress", inputFiles };
  const waited = await _waitForTransformJob(
    sagemaker,
    plan.jobName,
    { s3, outputUri: plan.outputUri, inputFiles },
    options.wait ?? {},
  );
  return { resources, status: waited.status, inputFiles, outputFiles: waited.outputFiles };
}

/** HIPAA: the job runs with the model's network isolation, so a model without it is refused. */
async function _requireNetworkIsolation(client: SageMakerClient, modelName: string): Promise<void> {
  const model = await client.send(new DescribeModelCommand({ ModelName: modelName }));
  if (model.EnableNetworkIsolation !== true) {
    throw new AdeError(
      `model ${modelName} runs without network isolation, and a transform job runs with its model's ` +
        "setting: give the s3://…/model.tar.gz instead (an isolated model is created for the job), or " +
        "deploy an instance-backed endpoint (not --serverless) and use its model",
    );
  }
}
