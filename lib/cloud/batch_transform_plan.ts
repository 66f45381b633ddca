/**
 * The plan of a SageMaker Batch Transform job that scores a JSON Lines file (or every file under a
 * prefix) with the fine-tuned classifier: `CreateTransformJob`, preceded by `CreateModel` when the model
 * is given as the `model.tar.gz` of a training or tuning job. Pure request objects, preflighted before
 * anything is sent; `runBatchTransform` sends them.
 *
 * The job runs the Hugging Face model behind `training/inference.py` (the TypeScript classifier scores
 * large files locally with `deno task ade predict --in FILE`). It reads and writes only under
 * `s3://<bucket>/ade/` (what the execution-role policy of `ade iam-policy` grants), writes the output
 * SSE-KMS with the study's key, encrypts its volume with the key too (unless the instance type has local
 * NVMe storage), and runs with the model's network isolation.
 */
import type { PreflightViolation } from "../core/mod.ts";
import { isGpuInstance } from "./images.ts";
import {
  assertNoViolations,
  checkBucket,
  checkKmsKey,
  checkName,
  checkRegion,
  checkRoleArn,
  MODEL_NAME_PATTERN,
} from "./preflight.ts";
import { hasLocalNvmeStorage } from "./instance_types.ts";
import { type PlannedRequest, plannedRequest, runResourceName, runTags } from "./requests.ts";
import { parseS3Uri } from "./s3.ts";
import { awsRegion } from "./_aws_region.ts";
import type { EndpointVpcConfig } from "./endpoint_plan_types.ts";
import { buildCreateModelRequest, checkCreateModelRequest } from "./_endpoint_requests.ts";
import { _classifierModel } from "./_classifier_model.ts";
import {
  buildCreateTransformJobRequest,
  checkCreateTransformJobRequest,
} from "./_transform_requests.ts";
import { hourlyCostUsd } from "./prices.ts";

/** Default instance type of a transform job (CPU, EBS storage: a volume KMS key is allowed). */
export const DEFAULT_TRANSFORM_INSTANCE_TYPE = "ml.m5.xlarge";

/** Options of {@link buildBatchTransformPlan}. */
export interface BatchTransformPlanOptions {
  /**
   * The model: the name of a SageMaker model (e.g. `<endpoint>-model` made by `deploy`), or the
   * `s3://…/model.tar.gz` of a training or tuning job (a model is then created for the job).
   */
  model: string;
  /** `s3://<bucket>/ade/…`: one JSON Lines file, or a prefix (every object under it is scored). */
  inputUri: string;
  /** `s3://<bucket>/ade/…/`: where the `<input file>.out` files go (not under the input). */
  outputUri: string;
  /** Execution role of a created model. */
  roleArn: string;
  /** The study's bucket: input and output must be under its `ade/` prefix. */
  bucket: string;
  /** KMS key of the output objects and the job's volume. */
  kmsKeyId: string;
  /** Study run id (tags, names). */
  runId: string;
  /** AWS region (default `AWS_REGION`, else us-east-1). */
  region?: string;
  /** Instance type (default {@link DEFAULT_TRANSFORM_INSTANCE_TYPE}). */
  instanceType?: string;
  /** Instance count (default 1): input files are shared out between instances. */
  instanceCount?: number;
  /** VPC placement of a created model (a named model keeps its own). */
  vpcConfig?: EndpointVpcConfig;
}

/** A Batch Transform plan. */
export interface BatchTransformPlan {
  /** `CreateModel` (for a model.tar.gz) and `CreateTransformJob`, in order, preflighted. */
  requests: PlannedRequest[];
  /** Region of every request. */
  region: string;
  /** The transform job's name. */
  jobName: string;
  /** The model the job runs. */
  modelName: string;
  /** Whether the plan creates that model (true for a model.tar.gz). */
  createsModel: boolean;
  /** Input object or prefix. */
  inputUri: string;
  /** Output prefix. */
  outputUri: string;
  /** Instance type. */
  instanceType: string;
  /** Instance count. */
  instanceCount: number;
  /** Estimated USD per hour while the job runs (undefined for types not in the table). */
  hourlyCostUsd?: number;
  /** Things the user should know (KMS left out for NVMe, isolation, what is written). */
  notes: string[];
}

/**
 * Builds and preflights the Batch Transform plan.
 * @param options model, data locations, role, bucket, key, run id, capacity
 * @returns the requests in order, the names, the cost estimate and notes
 * @throws {PreflightError} listing every broken rule (nothing is sent by this function anyway)
 * @example
 * ```ts
 * const plan = buildBatchTransformPlan({ model: "ade-ep-r1-model",
 *   inputUri: "s3://my-ade-bucket/ade/inbox/sentences.jsonl", outputUri: "s3://my-ade-bucket/ade/r1/scored/",
 *   roleArn: "arn:aws:iam::123456789012:role/ade", bucket: "my-ade-bucket", kmsKeyId: "alias/ade", runId: "r1" });
 * console.log(plan.requests.map((r) => r.operation)); // ["CreateTransformJob"]
 * ```
 */
export function buildBatchTransformPlan(options: BatchTransformPlanOptions): BatchTransformPlan {
  const region = awsRegion(options.region);
  const instanceType = options.instanceType ?? DEFAULT_TRANSFORM_INSTANCE_TYPE;
  const instanceCount = options.instanceCount ?? 1;
  const createsModel = options.model.startsWith("s3://");
  // Room for "-model" after the job's name: the created model is named after the job.
  const jobName = runResourceName("ade-bt", options.runId, 57);
  const modelName = createsModel ? `${jobName}-model` : options.model;
  const tags = runTags(options.runId);
  const notes: string[] = [];
  const violations: PreflightViolation[] = [
    ...checkRoleArn("roleArn", options.roleArn),
    ...checkBucket("bucket", options.bucket),
    ...checkKmsKey("kmsKeyId", options.kmsKeyId),
    ...checkRegion(region),
    ..._checkDataLocations(options),
  ];
  if (createsModel) {
    if (!options.model.endsWith(".tar.gz")) {
      violations.push({
        field: "model",
        rule: "an S3 model must be the model.tar.gz of a training or tuning job",
        value: options.model,
      });
    }
  } else {
    violations.push(...checkName("model", options.model, 63, MODEL_NAME_PATTERN));
    if (options.vpcConfig) {
      violations.push({
        field: "VpcConfig",
        rule:
          "a named model keeps the VPC it was created with; give a model.tar.gz to place a new one",
      });
    }
  }
  assertNoViolations(violations);

  const requests: PlannedRequest[] = [];
  const checks: PreflightViolation[] = [];
  if (createsModel) {
    const createModel = buildCreateModelRequest({
      ..._classifierModel({
        modelDataUrl: options.model,
        region,
        roleArn: options.roleArn,
        gpu: isGpuInstance(instanceType),
        vpcConfig: options.vpcConfig,
      }),
      modelName,
      tags,
    });
    checks.push(...checkCreateModelRequest(createModel));
    requests.push(plannedRequest("CreateModel", createModel));
    notes.push(
      `${options.model} becomes the model ${modelName} (network isolation on), created for this job ` +
        "and removed by cleanup.",
    );
  } else {
    notes.push(
      `The job runs the model ${modelName} with the network isolation and VPC it was created with ` +
        "(deploy creates models with isolation); the run refuses a model without network isolation.",
    );
  }
  const createJob = buildCreateTransformJobRequest({
    jobName,
    modelName,
    inputUri: options.inputUri,
    outputUri: options.outputUri,
    instanceType,
    instanceCount,
    kmsKeyId: options.kmsKeyId,
    tags,
  });
  checks.push(...checkCreateTransformJobRequest(createJob));
  assertNoViolations(checks);
  requests.push(plannedRequest("CreateTransformJob", createJob));
  if (hasLocalNvmeStorage(instanceType)) {
    notes.push(
      `VolumeKmsKeyId left out of CreateTransformJob: ${instanceType} has local NVMe storage, which ` +
        "is hardware-encrypted, and SageMaker rejects a volume KMS key for it.",
    );
  }
  notes.push(
    `Each input file gets ${options.outputUri.replace(/\/?$/, "/")}<its name>.out (SSE-KMS): one ` +
      '{"id", "label", "score"} line per input line ("id" where the input line has one); the text is not ' +
      "copied to the output. A file is written only once all its lines are scored.",
  );
  const cost = hourlyCostUsd(instanceType, instanceCount);
  return {
    requests,
    region,
    jobName,
    modelName,
    createsModel,
    inputUri: options.inputUri,
    outputUri: options.outputUri,
    instanceType,
    instanceCount,
    ...(cost !== undefined ? { hourlyCostUsd: cost } : {}),
    notes,
  };
}

/** Input and output under `s3://<bucket>/ade/`, the output not under the input (nor the reverse). */
function _checkDataLocations(options: BatchTransformPlanOptions): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const keys: Record<string, string | undefined> = {};
  for (const [field, uri] of [["inputUri", options.inputUri], ["outputUri", options.outputUri]]) {
    let key: string | undefined;
    try {
      const location = parseS3Uri(uri);
      if (location.bucket === options.bucket) key = location.key;
    } catch {
      key = undefined;
    }
    if (key === undefined || !key.startsWith("ade/") || key.length <= "ade/".length) {
      violations.push({
        field,
        rule: `must be under s3://${options.bucket}/ade/ (the execution role may read and write ` +
          "only there: see `ade iam-policy`)",
        value: uri,
      });
    }
    keys[field] = key;
  }
  const input = keys.inputUri, output = keys.outputUri;
  if (input !== undefined && output !== undefined) {
    const inputPrefix = input.replace(/\/?$/, "/"), outputPrefix = output.replace(/\/?$/, "/");
    if (output.startsWith(input) || inputPrefix.startsWith(outputPrefix)) {
      violations.push({
        field: "outputUri",
        rule: "must not overlap the input (the .out files would be read as input by the next run)",
        value: options.outputUri,
      });
    }
  }
  return violations;
}
