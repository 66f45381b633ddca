/** Pieces shared by the classifier's deployment plan and the generator's plan (model → config → endpoint). */
import type {
  CreateEndpointCommandInput,
  CreateEndpointConfigCommandInput,
  CreateModelCommandInput,
} from "@aws-sdk/client-sagemaker";
import type { PreflightViolation } from "../core/errors.ts";
import {
  assertNoViolations,
  checkBucket,
  checkKmsKey,
  checkName,
  checkRegion,
  checkRoleArn,
  hasLocalNvmeStorage,
  RESOURCE_NAME_PATTERN,
} from "./preflight.ts";
import { type PlannedRequest, plannedRequest } from "./requests.ts";
import {
  checkCreateEndpointConfigRequest,
  checkCreateEndpointRequest,
  checkCreateModelRequest,
} from "./endpoint_requests.ts";

/** What every endpoint plan is given. */
export interface _EndpointPlanBasics {
  endpointName: string;
  roleArn: string;
  bucket: string;
  kmsKeyId: string;
}

/** The names of an endpoint's model and endpoint config, derived from the endpoint's name. */
export function _endpointResourceNames(
  endpointName: string,
): { modelName: string; endpointConfigName: string } {
  return { modelName: `${endpointName}-model`, endpointConfigName: `${endpointName}-config` };
}

/** Preflight of the options every endpoint plan takes: endpoint name, role, bucket, KMS key, region. */
export function _checkEndpointBasics(
  options: _EndpointPlanBasics,
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

/** Preflight of the three built requests, then the three planned requests in dependency order. */
export function _plannedEndpointRequests(
  createModel: CreateModelCommandInput,
  createEndpointConfig: CreateEndpointConfigCommandInput,
  createEndpoint: CreateEndpointCommandInput,
): PlannedRequest[] {
  assertNoViolations([
    ...checkCreateModelRequest(createModel),
    ...checkCreateEndpointConfigRequest(createEndpointConfig),
    ...checkCreateEndpointRequest(createEndpoint),
  ]);
  return [
    plannedRequest("CreateModel", createModel),
    plannedRequest("CreateEndpointConfig", createEndpointConfig),
    plannedRequest("CreateEndpoint", createEndpoint),
  ];
}
