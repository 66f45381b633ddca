/**
 * The SageMaker model of the fine-tuned classifier, shared by the endpoint deployment and Batch Transform:
 * the Hugging Face PyTorch inference image (GPU or CPU), the `model.tar.gz` written by `training/train.py`
 * (with `code/inference.py`), the text-classification task, the execution role, network isolation.
 */
import type { CreateModelOptions } from "./_endpoint_requests.ts";
import type { EndpointVpcConfig } from "./endpoint_plan_types.ts";
import { imageUri } from "./images.ts";

/** What the classifier's model needs. */
export interface _ClassifierModelOptions {
  /** `s3://…/model.tar.gz`. */
  modelDataUrl: string;
  /** Region (image account and `SAGEMAKER_REGION`). */
  region: string;
  /** Execution role. */
  roleArn: string;
  /** The GPU image (for GPU instance types) or the CPU one. */
  gpu: boolean;
  /** No network calls from the container (default true; false only for serverless endpoints). */
  networkIsolation?: boolean;
  /** VPC placement. */
  vpcConfig?: EndpointVpcConfig;
}

/**
 * The classifier's `CreateModel` options, without name and tags.
 * @param options artifacts, region, role, image kind, isolation, VPC
 * @returns the options for `buildCreateModelRequest`
 */
export function _classifierModel(
  options: _ClassifierModelOptions,
): Omit<CreateModelOptions, "modelName" | "tags"> {
  return {
    imageUri: imageUri(options.gpu ? "inferenceGpu" : "inferenceCpu", options.region),
    artifacts: { kind: "tar.gz", s3Uri: options.modelDataUrl },
    environment: {
      HF_TASK: "text-classification",
      SAGEMAKER_CONTAINER_LOG_LEVEL: "20",
      SAGEMAKER_REGION: options.region,
    },
    roleArn: options.roleArn,
    networkIsolation: options.networkIsolation ?? true,
    ...(options.vpcConfig ? { vpcConfig: options.vpcConfig } : {}),
  };
}
