/**
 * SageMaker building blocks shared by tuning, deployment, batch scoring, the generator endpoint and
 * cleanup: preflight rules, planned requests for dry runs, run tags and names, container images, a
 * labelled price table, S3 uploads with SSE-KMS, `model.tar.gz` packing, the deployment, Batch Transform
 * and generator plans with their life cycle, the endpoint waiter, and tag-scoped cleanup (with the listing
 * of what a store recorded).
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
 * console.log(plan.instanceType, plan.hourlyCostUsd); // ml.g5.2xlarge 1.515
 * const out = await Deno.makeTempDir();
 * await writePlannedRequests(`${out}/requests`, plan.requests); // 01-CreateModel.json …
 * await Deno.remove(out, { recursive: true });
 * ```
 * @module
 */
export {
  assertNoViolations,
  checkKmsKey,
  checkName,
  checkRoleArn,
  checkTags,
  checkVpcConfig,
  RESOURCE_NAME_PATTERN,
  TUNING_JOB_NAME_PATTERN,
} from "./preflight.ts";
export {
  checkInstanceType,
  GPUS_PER_INSTANCE,
  gpusPerInstance,
  hasLocalNvmeStorage,
  type InstanceTypePurpose,
} from "./instance_types.ts";
export {
  type PlannedRequest,
  RUN_TAG_KEY,
  runResourceName,
  runTags,
  writePlannedRequests,
} from "./requests.ts";
export { type ImageKind, imageUri } from "./images.ts";
export { formatHourlyCost, hourlyCostUsd, PRICE_TABLE_LABEL } from "./prices.ts";
export {
  buildPutObjectRequest,
  parseS3Uri,
  type PutObjectOptions,
  runS3Prefix,
  type S3Location,
  s3Uri,
  uploadObject,
  type UploadResult,
} from "./s3.ts";
export { type ArchiveFile, createTarGz, readFolderFiles } from "./tar.ts";
export type {
  EndpointPlan,
  EndpointPlanOptions,
  EndpointVpcConfig,
} from "./endpoint_plan_types.ts";
export {
  buildDeploymentPlan,
  type DeploymentPlan,
  type DeploymentPlanOptions,
} from "./deployment_plan.ts";
export { deployEndpoint, type DeployEndpointOptions } from "./deploy_endpoint.ts";
export {
  type BatchTransformPlan,
  type BatchTransformPlanOptions,
  buildBatchTransformPlan,
  DEFAULT_TRANSFORM_INSTANCE_TYPE,
} from "./batch_transform_plan.ts";
export {
  type BatchTransformResult,
  runBatchTransform,
  type RunBatchTransformOptions,
} from "./run_batch_transform.ts";
export type {
  TransformJobProgress,
  WaitForTransformJobOptions,
} from "./_wait_for_transform_job.ts";
export {
  type BestModelArtifact,
  deferredBestModelArtifact,
  type DeferredModelArtifact,
  resolveBestModelArtifact,
} from "./resolve_best_model_artifact.ts";
export { type WaitForEndpointOptions } from "./wait_for_endpoint.ts";
export {
  buildGeneratorPlan,
  type GeneratorPlan,
  type GeneratorUpOptions,
} from "./generator_plan.ts";
export {
  generatorDown,
  type GeneratorDownReport,
  type GeneratorRuntimeOptions,
  generatorUp,
  withGeneratorEndpoint,
} from "./generator_endpoint.ts";
export {
  type CleanupBackend,
  type CleanupOptions,
  cleanupRun,
  type CleanupWaitOptions,
} from "./cleanup_run.ts";
export {
  type CleanupEntry,
  type CleanupOutcome,
  type CleanupReport,
  formatCleanupReport,
} from "./cleanup_report.ts";
export { parseDuration } from "./parse_duration.ts";
export {
  listRecordedResources,
  recheckRecordedResources,
  type RecordedResourceListing,
  type RecordedResourceRow,
} from "./list_recorded_resources.ts";
export {
  DEFAULT_MODELS_PREFIX,
  GENERATOR_WEIGHTS_PREFIX,
  type HubFileEntry,
  type ModelFileSelection,
  type ModelStagingPlan,
  planModelStaging,
  readStagedModel,
  type StagedModelFile,
  type StagedModelManifest,
  stagedModelUri,
  stageModel,
  type StageModelOptions,
  type StageModelResult,
} from "./stage_model.ts";
export {
  buildIamPolicies,
  type IamPolicies,
  type IamPolicyDocument,
  type IamPolicyOptions,
  type IamStatement,
  writeIamPolicies,
} from "./iam_policy.ts";
