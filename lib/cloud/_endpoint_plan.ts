/** Pieces shared by the classifier's deployment plan and the generator's plan (model → config → endpoint). */
import type { PreflightViolation } from "../core/mod.ts";
import {
  assertNoViolations,
  checkBucket,
  checkKmsKey,
  checkName,
  checkRegion,
  checkRoleArn,
  RESOURCE_NAME_PATTERN,
} from "./preflight.ts";
import { hasLocalNvmeStorage } from "./instance_types.ts";
import { plannedRequest } from "./requests.ts";
import type { EndpointPlan, EndpointPlanOptions } from "./endpoint_plan_types.ts";
import {
  buildCreateEndpointConfigRequest,
  buildCreateEndpointRequest,
  buildCreateModelRequest,
  checkCreateEndpointConfigRequest,
  checkCreateEndpointRequest,
  checkCreateModelRequest,
  type CreateEndpointConfigOptions,
  type CreateModelOptions,
  type SageMakerTag,
} from "./_endpoint_requests.ts";
import { hourlyCostUsd } from "./prices.ts";

/** The names of an endpoint's model and endpoint config, derived from the endpoint's name. */
function _endpointResourceNames(
  endpointName: string,
): { modelName: string; endpointConfigName: string } {
  return { modelName: `${endpointName}-model`, endpointConfigName: `${endpointName}-config` };
}

/** Preflight of the options every endpoint plan takes: endpoint name, role, bucket, KMS key, region. */
export function _checkEndpointBasics(
  options: EndpointPlanOptions,
  region: string,
): PreflightViolation[] {
  return [
    ...checkName("EndpointName", options.endpointName, 63, RESOURCE_NAME_PATTERN),
    ...checkRoleArn("roleArn", options.roleArn),
    ...checkBucket("bucket", options.bucket),
    ...checkKmsKey("kmsKeyId", options.kmsKeyId),
    ...checkRegion(region),
  ];
}

/**
 * The endpoint config's volume KMS key: the given key, or none (with a note) for an instance type with local
 * NVMe storage, for which SageMaker rejects a key (the storage is hardware-encrypted).
 */
export function _volumeKmsKey(
  instanceType: string | undefined,
  kmsKeyId: string,
  notes: string[],
): string | undefined {
  if (instanceType === undefined || !hasLocalNvmeStorage(instanceType)) return kmsKeyId;
  notes.push(
    `KmsKeyId left out of CreateEndpointConfig: ${instanceType} has local NVMe storage, which is ` +
      "hardware-encrypted, and SageMaker rejects a volume KMS key for it.",
  );
  return undefined;
}

/** What an endpoint plan is made of: the model, its serving capacity and the run's tags. */
export interface _EndpointPlanParts {
  /** Endpoint name; the model and config are named after it. */
  endpointName: string;
  /** Region of every request. */
  region: string;
  /** The run's tags (every resource carries them). */
  tags: SageMakerTag[];
  /** The model: image, artifacts, environment, role, isolation, VPC. */
  model: Omit<CreateModelOptions, "modelName" | "tags">;
  /** The capacity, timeouts and data capture; `kmsKeyId` before the NVMe rule of {@link _volumeKmsKey}. */
  config:
    & Omit<CreateEndpointConfigOptions, "endpointConfigName" | "modelName" | "tags" | "kmsKeyId">
    & {
      kmsKeyId: string;
    };
  /** Notes to add to (the NVMe rule's note goes here). */
  notes: string[];
}

/**
 * Builds the three requests of an endpoint (CreateModel, CreateEndpointConfig, CreateEndpoint), named after
 * the endpoint and tagged, preflights them, and estimates the hourly cost.
 * @param parts model, capacity, tags, notes
 * @returns the requests in dependency order, the names, the cost estimate and the notes
 * @throws {PreflightError} listing every broken rule of the three requests
 */
export function _planEndpoint(parts: _EndpointPlanParts): EndpointPlan {
  const { modelName, endpointConfigName } = _endpointResourceNames(parts.endpointName);
  const { instanceType, instanceCount } = parts.config;
  const createModel = buildCreateModelRequest({ ...parts.model, modelName, tags: parts.tags });
  const createEndpointConfig = buildCreateEndpointConfigRequest({
    ...parts.config,
    endpointConfigName,
    modelName,
    kmsKeyId: _volumeKmsKey(instanceType, parts.config.kmsKeyId, parts.notes),
    tags: parts.tags,
  });
  const createEndpoint = buildCreateEndpointRequest({
    endpointName: parts.endpointName,
    endpointConfigName,
    tags: parts.tags,
  });
  assertNoViolations([
    ...checkCreateModelRequest(createModel),
    ...checkCreateEndpointConfigRequest(createEndpointConfig),
    ...checkCreateEndpointRequest(createEndpoint),
  ]);
  const cost = instanceType ? hourlyCostUsd(instanceType, instanceCount ?? 1) : undefined;
  return {
    requests: [
      plannedRequest("CreateModel", createModel),
      plannedRequest("CreateEndpointConfig", createEndpointConfig),
      plannedRequest("CreateEndpoint", createEndpoint),
    ],
    ...(cost !== undefined ? { hourlyCostUsd: cost } : {}),
    notes: parts.notes,
    region: parts.region,
    endpointName: parts.endpointName,
    endpointConfigName,
    modelName,
  };
}
