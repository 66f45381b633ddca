/** What every endpoint plan (the classifier's deployment, the generator) takes and gives. */
import type { PlannedRequest } from "./requests.ts";

/** Network placement of the model containers (1–5 security groups, 1–16 subnets). */
export interface EndpointVpcConfig {
  /** Security group ids. */
  SecurityGroupIds: string[];
  /** Subnet ids. */
  Subnets: string[];
}

/** The options every endpoint plan takes. */
export interface EndpointPlanOptions {
  /** Endpoint name (1–63); the model and config are named `<endpoint>-model` / `<endpoint>-config`. */
  endpointName: string;
  /** SageMaker execution role ARN. */
  roleArn: string;
  /** The run's bucket (uploads, staged weights, data capture). */
  bucket: string;
  /** KMS key: S3 objects, the endpoint storage volume (unless local NVMe), data capture. */
  kmsKeyId: string;
  /** Study run id (tags, S3 prefix). */
  runId: string;
  /** AWS region (default `AWS_REGION`, else us-east-1). */
  region?: string;
}

/** What every endpoint plan gives: the requests in order, the names, the cost estimate and notes. */
export interface EndpointPlan {
  /** Requests in order, preflighted (a PutObject `Body` is described, not inlined). */
  requests: PlannedRequest[];
  /** Estimated USD per hour while the endpoint runs (undefined for serverless or unknown types). */
  hourlyCostUsd?: number;
  /** Things the user should know (KMS left out for NVMe, HIPAA warnings, what is served). */
  notes: string[];
  /** Region of every request. */
  region: string;
  /** Endpoint name. */
  endpointName: string;
  /** Endpoint config name. */
  endpointConfigName: string;
  /** Model name. */
  modelName: string;
}
