/**
 * SageMaker building blocks shared by tuning, deployment, the generator endpoint and cleanup: preflight
 * rules, pure request builders, planned-request files for dry runs, run tags, container images, a labelled
 * price table, S3 uploads with SSE-KMS, `model.tar.gz` packing, the endpoint waiter, the generator's life
 * cycle and tag-scoped cleanup.
 *
 * @example
 * ```ts
 * import { buildGeneratorPlan, writePlannedRequests } from "./mod.ts";
 * const plan = buildGeneratorPlan({
 *   model: "tiiuae/falcon-7b-instruct",
 *   endpointName: "ade-falcon-7b",
 *   roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker",
 *   bucket: "my-ade-bucket",
 *   kmsKeyId: "alias/ade",
 *   runId: "study-1",
 * });
 * await writePlannedRequests("runs/study-1/generator/requests", plan.requests);
 * ```
 * @module
 */
export * from "./preflight.ts";
export * from "./requests.ts";
export * from "./images.ts";
export * from "./prices.ts";
export * from "./s3.ts";
export * from "./tar.ts";
export * from "./endpoint_requests.ts";
export * from "./deployment_plan.ts";
export * from "./execute_plan.ts";
export * from "./wait_for_endpoint.ts";
export * from "./deploy_endpoint.ts";
export * from "./generator_plan.ts";
export * from "./generator_endpoint.ts";
export * from "./cleanup_run.ts";
export * from "./cleanup_report.ts";
export * from "./parse_duration.ts";
export * from "./list_recorded_resources.ts";
export * from "./stage_model.ts";
export * from "./iam_policy.ts";
