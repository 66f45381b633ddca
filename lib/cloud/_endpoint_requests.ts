/**
 * Pure request builders for a SageMaker real-time or serverless endpoint (CreateModel, CreateEndpointConfig,
 * CreateEndpoint) and their preflight. Rules: reference §3b (names, timeouts), §3c (KMS, isolation), §3e
 * (serverless limits).
 */
import type {
  CreateEndpointCommandInput,
  CreateEndpointConfigCommandInput,
  CreateModelCommandInput,
  ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import type { PreflightViolation } from "../core/mod.ts";
import type { EndpointVpcConfig } from "./endpoint_plan_types.ts";
import {
  checkKmsKey,
  checkName,
  checkRoleArn,
  checkTags,
  checkVpcConfig,
  MODEL_NAME_PATTERN,
  RESOURCE_NAME_PATTERN,
} from "./preflight.ts";
import { checkInstanceType, hasLocalNvmeStorage } from "./instance_types.ts";

/** SageMaker tag shape. */
export type SageMakerTag = { Key: string; Value: string };

/** Where the model's artifacts are: a `model.tar.gz` (`ModelDataUrl`) or an uncompressed S3 prefix. */
export type ModelArtifacts =
  | { kind: "tar.gz"; s3Uri: string }
  | { kind: "s3-prefix"; s3Uri: string };

/** Options of {@link buildCreateModelRequest}. */
export interface CreateModelOptions {
  /** Model name (1–63, `[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?`). */
  modelName: string;
  /** Container image URI (see `imageUri`). */
  imageUri: string;
  /** Model artifacts in S3. */
  artifacts: ModelArtifacts;
  /** Container environment (≤100 entries). */
  environment: Record<string, string>;
  /** IAM execution role. */
  roleArn: string;
  /** Tags (with the run id). */
  tags: SageMakerTag[];
  /** No network calls from the container (default true; must be false for serverless). */
  networkIsolation?: boolean;
  /** Optional VPC placement. */
  vpcConfig?: EndpointVpcConfig;
}

/**
 * The exact `CreateModel` input.
 * @param options name, image, artifacts, environment, role, tags, isolation, VPC
 * @returns the `CreateModelCommand` input
 * @example
 * ```ts
 * buildCreateModelRequest({ modelName: "m", imageUri: "img", artifacts: { kind: "tar.gz", s3Uri: "s3://b/m.tar.gz" },
 *   environment: {}, roleArn: "arn:aws:iam::123456789012:role/r", tags: runTags("r1") });
 * ```
 */
export function buildCreateModelRequest(options: CreateModelOptions): CreateModelCommandInput {
  const container: NonNullable<CreateModelCommandInput["PrimaryContainer"]> = {
    Image: options.imageUri,
    Mode: "SingleModel",
    Environment: { ...options.environment },
  };
  if (options.artifacts.kind === "tar.gz") container.ModelDataUrl = options.artifacts.s3Uri;
  else {
    container.ModelDataSource = {
      S3DataSource: {
        S3Uri: options.artifacts.s3Uri,
        S3DataType: "S3Prefix",
        CompressionType: "None",
      },
    };
  }
  const input: CreateModelCommandInput = {
    ModelName: options.modelName,
    PrimaryContainer: container,
    ExecutionRoleArn: options.roleArn,
    EnableNetworkIsolation: options.networkIsolation ?? true,
    Tags: options.tags.map((tag) => ({ ...tag })),
  };
  if (options.vpcConfig) {
    input.VpcConfig = {
      SecurityGroupIds: [...options.vpcConfig.SecurityGroupIds],
      Subnets: [...options.vpcConfig.Subnets],
    };
  }
  return input;
}

/** Serverless capacity (1024–6144 MB in 1 GB steps; concurrency 1–200). */
export interface ServerlessCapacity {
  /** Memory in MB. */
  memorySizeInMb: number;
  /** Maximum concurrent invocations. */
  maxConcurrency: number;
}

/** Data capture of requests/responses to S3 (HIPAA: captured payloads contain the submitted text). */
export interface DataCaptureOptions {
  /** `s3://bucket/prefix/` destination. */
  destinationS3Uri: string;
  /** Percentage of requests captured (0–100). */
  samplingPercentage: number;
  /** KMS key for the captured objects. */
  kmsKeyId: string;
}

/** Options of {@link buildCreateEndpointConfigRequest}. */
export interface CreateEndpointConfigOptions {
  /** Endpoint config name (1–63). */
  endpointConfigName: string;
  /** The model to serve. */
  modelName: string;
  /** Instance-backed capacity (omit when `serverless` is given). */
  instanceType?: string;
  /** Instance count (default 1). */
  instanceCount?: number;
  /** Serverless capacity instead of instances. */
  serverless?: ServerlessCapacity;
  /** KMS key for the hosting storage volume; leave out for instance types with local NVMe storage. */
  kmsKeyId?: string;
  /** Optional data capture. */
  dataCapture?: DataCaptureOptions;
  /** Seconds allowed to download the model data (60–3,600). */
  modelDataDownloadTimeoutInSeconds?: number;
  /** Seconds allowed for the first successful `/ping` (60–3,600). */
  containerStartupHealthCheckTimeoutInSeconds?: number;
  /** Tags (with the run id). */
  tags: SageMakerTag[];
}

/**
 * The exact `CreateEndpointConfig` input: one `AllTraffic` variant, instance-backed or serverless.
 * @param options names, capacity, KMS key, data capture, timeouts, tags
 * @returns the `CreateEndpointConfigCommand` input
 * @example
 * ```ts
 * buildCreateEndpointConfigRequest({ endpointConfigName: "c", modelName: "m", instanceType: "ml.m5.xlarge",
 *   kmsKeyId: "alias/ade", tags: runTags("r1") });
 * ```
 */
export function buildCreateEndpointConfigRequest(
  options: CreateEndpointConfigOptions,
): CreateEndpointConfigCommandInput {
  const variant: ProductionVariant = { VariantName: "AllTraffic", ModelName: options.modelName };
  if (options.serverless) {
    variant.ServerlessConfig = {
      MemorySizeInMB: options.serverless.memorySizeInMb,
      MaxConcurrency: options.serverless.maxConcurrency,
    };
  } else {
    variant.InstanceType = options.instanceType as ProductionVariant["InstanceType"];
    variant.InitialInstanceCount = options.instanceCount ?? 1;
    variant.InitialVariantWeight = 1;
  }
  if (options.modelDataDownloadTimeoutInSeconds !== undefined) {
    variant.ModelDataDownloadTimeoutInSeconds = options.modelDataDownloadTimeoutInSeconds;
  }
  if (options.containerStartupHealthCheckTimeoutInSeconds !== undefined) {
    variant.ContainerStartupHealthCheckTimeoutInSeconds =
      options.containerStartupHealthCheckTimeoutInSeconds;
  }
  const input: CreateEndpointConfigCommandInput = {
    EndpointConfigName: options.endpointConfigName,
    ProductionVariants: [variant],
    Tags: options.tags.map((tag) => ({ ...tag })),
  };
  if (options.kmsKeyId) input.KmsKeyId = options.kmsKeyId;
  if (options.dataCapture) {
    input.DataCaptureConfig = {
      EnableCapture: true,
      InitialSamplingPercentage: options.dataCapture.samplingPercentage,
      DestinationS3Uri: options.dataCapture.destinationS3Uri,
      KmsKeyId: options.dataCapture.kmsKeyId,
      CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
    };
  }
  return input;
}

/**
 * The exact `CreateEndpoint` input.
 * @param options endpoint name, config name, tags
 * @returns the `CreateEndpointCommand` input
 * @example buildCreateEndpointRequest({ endpointName: "e", endpointConfigName: "c", tags: runTags("r1") })
 */
export function buildCreateEndpointRequest(
  options: { endpointName: string; endpointConfigName: string; tags: SageMakerTag[] },
): CreateEndpointCommandInput {
  return {
    EndpointName: options.endpointName,
    EndpointConfigName: options.endpointConfigName,
    Tags: options.tags.map((tag) => ({ ...tag })),
  };
}

/**
 * Preflight of a `CreateModel` input: name, role, image, artifact URI, environment size, VPC sizes, tags.
 * @param input the request
 * @returns violations (empty when it may be sent)
 * @example assertNoViolations(checkCreateModelRequest(input));
 */
export function checkCreateModelRequest(input: CreateModelCommandInput): PreflightViolation[] {
  const violations: PreflightViolation[] = [
    ...checkName("ModelName", input.ModelName, 63, MODEL_NAME_PATTERN),
    ...checkRoleArn("ExecutionRoleArn", input.ExecutionRoleArn),
    ...checkTags("Tags", input.Tags as SageMakerTag[] | undefined),
  ];
  const container = input.PrimaryContainer;
  if (!container?.Image) violations.push({ field: "PrimaryContainer.Image", rule: "is required" });
  const url = container?.ModelDataUrl;
  const source = container?.ModelDataSource?.S3DataSource?.S3Uri;
  if (!url && !source) {
    violations.push({
      field: "PrimaryContainer.ModelDataUrl",
      rule: "model artifacts in S3 are required (network isolation: nothing can be downloaded)",
    });
  }
  if (url !== undefined) {
    if (!/^(https|s3):\/\//.test(url) || url.length > 1024) {
      violations.push({
        field: "PrimaryContainer.ModelDataUrl",
        rule: "must be an s3:// or https:// URI of at most 1,024 characters",
        value: url,
      });
    } else if (!/\.tar\.gz$/.test(url)) {
      violations.push({
        field: "PrimaryContainer.ModelDataUrl",
        rule: "must point to a model.tar.gz archive",
        value: url,
      });
    }
  }
  if (source !== undefined && (!source.startsWith("s3://") || !source.endsWith("/"))) {
    violations.push({
      field: "PrimaryContainer.ModelDataSource.S3DataSource.S3Uri",
      rule: "an uncompressed S3 prefix must be an s3:// URI ending in /",
      value: source,
    });
  }
  const envCount = Object.keys(container?.Environment ?? {}).length;
  if (envCount > 100) {
    violations.push({
      field: "PrimaryContainer.Environment",
      rule: `at most 100 variables (has ${envCount})`,
    });
  }
  if (input.VpcConfig) violations.push(...checkVpcConfig("VpcConfig", input.VpcConfig));
  return violations;
}

/**
 * Preflight of a `CreateEndpointConfig` input: names, instance type, KMS key vs local NVMe storage,
 * serverless limits, timeouts, data capture, tags.
 * @param input the request
 * @returns violations (empty when it may be sent)
 * @example assertNoViolations(checkCreateEndpointConfigRequest(input));
 */
export function checkCreateEndpointConfigRequest(
  input: CreateEndpointConfigCommandInput,
): PreflightViolation[] {
  const violations: PreflightViolation[] = [
    ...checkName("EndpointConfigName", input.EndpointConfigName, 63, RESOURCE_NAME_PATTERN),
    ...checkTags("Tags", input.Tags as SageMakerTag[] | undefined),
  ];
  const variants = input.ProductionVariants ?? [];
  if (variants.length < 1 || variants.length > 10) {
    violations.push({ field: "ProductionVariants", rule: "1–10 variants" });
  }
  if (input.KmsKeyId !== undefined) violations.push(...checkKmsKey("KmsKeyId", input.KmsKeyId));
  variants.forEach((variant, index) => {
    const field = `ProductionVariants[${index}]`;
    violations.push(...checkName(`${field}.ModelName`, variant.ModelName, 63, MODEL_NAME_PATTERN));
    if (variant.ServerlessConfig) {
      const { MemorySizeInMB: memory, MaxConcurrency: concurrency } = variant.ServerlessConfig;
      if (
        memory === undefined || memory < 1024 || memory > 6144 || memory % 1024 !== 0
      ) {
        violations.push({
          field: `${field}.ServerlessConfig.MemorySizeInMB`,
          rule: "1024–6144 in steps of 1024",
          value: String(memory),
        });
      }
      if (concurrency === undefined || concurrency < 1 || concurrency > 200) {
        violations.push({
          field: `${field}.ServerlessConfig.MaxConcurrency`,
          rule: "1–200",
          value: String(concurrency),
        });
      }
      if (variant.InstanceType) {
        violations.push({
          field: `${field}.InstanceType`,
          rule: "not allowed with ServerlessConfig",
        });
      }
      if (variants.length > 1) {
        violations.push({ field: "ProductionVariants", rule: "serverless allows one variant" });
      }
      if (input.DataCaptureConfig) {
        violations.push({
          field: "DataCaptureConfig",
          rule: "not supported by serverless endpoints",
        });
      }
    } else {
      violations.push(
        ...checkInstanceType(`${field}.InstanceType`, variant.InstanceType, "hosting"),
      );
      const count = variant.InitialInstanceCount;
      if (count === undefined || !Number.isInteger(count) || count < 1) {
        violations.push({
          field: `${field}.InitialInstanceCount`,
          rule: "an integer ≥ 1",
          value: String(count),
        });
      }
      // §3c: "If any variant uses a Nitro instance with local storage, specifying KmsKeyId makes
      // CreateEndpointConfig fail" — their NVMe storage is hardware-encrypted.
      if (input.KmsKeyId && variant.InstanceType && hasLocalNvmeStorage(variant.InstanceType)) {
        violations.push({
          field: "KmsKeyId",
          rule: `must be left out: ${variant.InstanceType} has local NVMe storage ` +
            "(hardware-encrypted), and SageMaker rejects a KmsKeyId for it",
          value: input.KmsKeyId,
        });
      }
    }
    for (
      const key of [
        "ModelDataDownloadTimeoutInSeconds",
        "ContainerStartupHealthCheckTimeoutInSeconds",
      ] as const
    ) {
      const value = variant[key];
      if (value !== undefined && (value < 60 || value > 3600)) {
        violations.push({
          field: `${field}.${key}`,
          rule: "60–3,600 seconds",
          value: String(value),
        });
      }
    }
  });
  const capture = input.DataCaptureConfig;
  if (capture) {
    violations.push(...checkKmsKey("DataCaptureConfig.KmsKeyId", capture.KmsKeyId));
    if (!capture.DestinationS3Uri?.startsWith("s3://")) {
      violations.push({
        field: "DataCaptureConfig.DestinationS3Uri",
        rule: "must be an s3:// URI",
        value: capture.DestinationS3Uri,
      });
    }
    const sampling = capture.InitialSamplingPercentage;
    if (sampling === undefined || sampling < 0 || sampling > 100) {
      violations.push({
        field: "DataCaptureConfig.InitialSamplingPercentage",
        rule: "0–100",
        value: String(sampling),
      });
    }
  }
  return violations;
}

/**
 * Preflight of a `CreateEndpoint` input.
 * @param input the request
 * @returns violations (empty when it may be sent)
 * @example assertNoViolations(checkCreateEndpointRequest(input));
 */
export function checkCreateEndpointRequest(
  input: CreateEndpointCommandInput,
): PreflightViolation[] {
  return [
    ...checkName("EndpointName", input.EndpointName, 63, RESOURCE_NAME_PATTERN),
    ...checkName("EndpointConfigName", input.EndpointConfigName, 63, RESOURCE_NAME_PATTERN),
    ...checkTags("Tags", input.Tags as SageMakerTag[] | undefined),
  ];
}
