/**
 * The pure request builder of a SageMaker Batch Transform job (`CreateTransformJob`) and its preflight:
 * JSON Lines split on lines, several lines per request, the output encrypted with the study's KMS key,
 * the storage volume too unless the instance has local NVMe storage (hardware-encrypted; SageMaker
 * rejects a volume key for it), tagged with the run.
 */
import type { CreateTransformJobCommandInput } from "@aws-sdk/client-sagemaker";
import type { PreflightViolation } from "../core/mod.ts";
import {
  checkKmsKey,
  checkName,
  checkTags,
  MODEL_NAME_PATTERN,
  RESOURCE_NAME_PATTERN,
} from "./preflight.ts";
import { checkInstanceType, hasLocalNvmeStorage } from "./instance_types.ts";
import type { SageMakerTag } from "./_endpoint_requests.ts";

/** The input and output type of the toolkit's transform jobs: one JSON object per line. */
export const JSON_LINES_TYPE = "application/jsonlines";
/** Largest request a transform job sends the container (MB): SageMaker's real-time limit, 6 MB. */
export const TRANSFORM_MAX_PAYLOAD_MB = 6;

/** Options of {@link buildCreateTransformJobRequest}. */
export interface CreateTransformJobOptions {
  /** Job name (1–63, `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`). */
  jobName: string;
  /** The SageMaker model to run (its network isolation applies to the job). */
  modelName: string;
  /** `s3://…` object or prefix of JSON Lines files. */
  inputUri: string;
  /** `s3://…` prefix the `.out` files are written under. */
  outputUri: string;
  /** Instance type. */
  instanceType: string;
  /** Instance count (≥ 1). */
  instanceCount: number;
  /** KMS key for the output objects, and for the volume unless the instance has local NVMe storage. */
  kmsKeyId: string;
  /** Tags (with the run id). */
  tags: SageMakerTag[];
}

/**
 * The exact `CreateTransformJob` input: `SplitType: Line` over `application/jsonlines`, `MultiRecord`
 * batches of at most {@link TRANSFORM_MAX_PAYLOAD_MB} MB, answers assembled one line each
 * (`AssembleWith: Line`), output SSE-KMS with the key, the volume key left out for local NVMe storage.
 * @param options names, data locations, capacity, key, tags
 * @returns the `CreateTransformJobCommand` input
 * @example
 * ```ts
 * buildCreateTransformJobRequest({ jobName: "ade-bt-r1", modelName: "ade-ep-r1-model",
 *   inputUri: "s3://b/ade/in/", outputUri: "s3://b/ade/r1/predict/", instanceType: "ml.m5.xlarge",
 *   instanceCount: 1, kmsKeyId: "alias/ade", tags: [{ Key: "ade:run-id", Value: "r1" }] });
 * ```
 */
export function buildCreateTransformJobRequest(
  options: CreateTransformJobOptions,
): CreateTransformJobCommandInput {
  const resources: CreateTransformJobCommandInput["TransformResources"] = {
    InstanceType: options.instanceType as NonNullable<
      CreateTransformJobCommandInput["TransformResources"]
    >["InstanceType"],
    InstanceCount: options.instanceCount,
  };
  if (!hasLocalNvmeStorage(options.instanceType)) resources.VolumeKmsKeyId = options.kmsKeyId;
  return {
    TransformJobName: options.jobName,
    ModelName: options.modelName,
    BatchStrategy: "MultiRecord",
    MaxPayloadInMB: TRANSFORM_MAX_PAYLOAD_MB,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: options.inputUri } },
      ContentType: JSON_LINES_TYPE,
      SplitType: "Line",
      CompressionType: "None",
    },
    TransformOutput: {
      S3OutputPath: options.outputUri,
      Accept: JSON_LINES_TYPE,
      AssembleWith: "Line",
      KmsKeyId: options.kmsKeyId,
    },
    TransformResources: resources,
    Tags: options.tags.map((tag) => ({ ...tag })),
  };
}

/**
 * Preflight of a `CreateTransformJob` input: names, capacity, the KMS keys (output always; volume unless
 * local NVMe, and never for it), the line split over JSON Lines, S3 URIs, tags.
 * @param input the request
 * @returns violations (empty when fine)
 * @example checkCreateTransformJobRequest(buildCreateTransformJobRequest(options)) // []
 */
export function checkCreateTransformJobRequest(
  input: CreateTransformJobCommandInput,
): PreflightViolation[] {
  const violations: PreflightViolation[] = [
    ...checkName("TransformJobName", input.TransformJobName, 63, RESOURCE_NAME_PATTERN),
    ...checkName("ModelName", input.ModelName, 63, MODEL_NAME_PATTERN),
    ...checkKmsKey("TransformOutput.KmsKeyId", input.TransformOutput?.KmsKeyId),
    ...checkTags("Tags", input.Tags),
  ];
  const resources = input.TransformResources;
  const instanceType = resources?.InstanceType;
  violations.push(
    ...checkInstanceType("TransformResources.InstanceType", instanceType, "transform"),
  );
  const count = resources?.InstanceCount;
  if (count === undefined || !Number.isInteger(count) || count < 1 || count > 100) {
    violations.push({
      field: "TransformResources.InstanceCount",
      rule: "an integer from 1 to 100",
      value: String(count),
    });
  }
  if (instanceType && hasLocalNvmeStorage(instanceType)) {
    if (resources?.VolumeKmsKeyId) {
      violations.push({
        field: "TransformResources.VolumeKmsKeyId",
        rule: `must be left out for ${instanceType} (local NVMe storage is hardware-encrypted)`,
        value: resources.VolumeKmsKeyId,
      });
    }
  } else {
    violations.push(
      ...checkKmsKey("TransformResources.VolumeKmsKeyId", resources?.VolumeKmsKeyId),
    );
  }
  for (
    const [field, uri] of [
      [
        "TransformInput.DataSource.S3DataSource.S3Uri",
        input.TransformInput?.DataSource?.S3DataSource?.S3Uri,
      ],
      ["TransformOutput.S3OutputPath", input.TransformOutput?.S3OutputPath],
    ] as const
  ) {
    if (!uri || !/^s3:\/\/[^/]+\/.+/.test(uri) || uri.length > 1024) {
      violations.push({
        field,
        rule: "an s3://bucket/key URI of at most 1,024 characters",
        value: uri,
      });
    }
  }
  if (input.TransformInput?.SplitType !== "Line") {
    violations.push({
      field: "TransformInput.SplitType",
      rule: "must be Line (one sentence per line of JSON Lines)",
      value: String(input.TransformInput?.SplitType),
    });
  }
  const payload = input.MaxPayloadInMB ?? 6;
  if (payload < 1 || payload > 100) {
    violations.push({ field: "MaxPayloadInMB", rule: "1–100", value: String(payload) });
  }
  return violations;
}
