/**
 * Sends a plan's requests in order through thin SDK adapters and records every created resource in the
 * experiment store as soon as it exists, so that cleanup can find it even when a later step fails.
 */
import {
  CreateEndpointCommand,
  type CreateEndpointCommandInput,
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  CreateModelCommand,
  type CreateModelCommandInput,
  CreateTransformJobCommand,
  type CreateTransformJobCommandInput,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import type { PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { AdeError } from "../core/mod.ts";
import type { ResourceSink, RunResource } from "../track/mod.ts";
import type { PlannedRequest } from "./requests.ts";
import { s3Uri, uploadObject } from "./s3.ts";

/** Where a plan is sent and recorded. */
export interface ExecutePlanOptions {
  /** SageMaker client (for Create* operations). */
  sagemaker: SageMakerClient;
  /** S3 client (for PutObject). */
  s3?: S3Client;
  /** Region, stored with each resource. */
  region: string;
  /** Real PutObject inputs (with bytes), keyed by object key, for planned uploads whose Body is described. */
  uploads?: PutObjectCommandInput[];
  /** Where each created resource is reported the moment it exists (the run's record, for cleanup). */
  resources?: ResourceSink;
  /** Called after each request succeeded. */
  onSent?: (request: PlannedRequest, index: number) => void;
}

/**
 * Sends `requests` in order (PutObject, CreateModel, CreateEndpointConfig, CreateEndpoint, CreateTransformJob)
 * and records each created resource (`s3-prefix`, `model`, `endpoint-config`, `endpoint`, `transform-job`) with
 * region, instance type and count;
 * an endpoint config with data capture also records the capture prefix (`s3-prefix`), so that cleanup
 * deletes the captured payloads.
 * @param requests the plan, in order
 * @param options clients, region, uploads, resource sink
 * @returns the created resources
 * @throws {AdeError} for an operation this executor does not send; SDK errors pass through (resources created
 *   before the failure stay recorded for cleanup)
 * @example await executePlannedRequests(plan.requests, { sagemaker, s3, region: plan.region, uploads: [plan.upload!] });
 */
export async function executePlannedRequests(
  requests: readonly PlannedRequest[],
  options: ExecutePlanOptions,
): Promise<RunResource[]> {
  const created: RunResource[] = [];
  const capacity = new Map<string, { instanceType?: string; instanceCount?: number }>();
  const record = (resource: RunResource) => {
    created.push(resource);
    options.resources?.created(resource);
  };
  // Recorded before the call returns an ARN: a timeout after the service accepted it still leaves a trace.
  const recordThenCreate = async (
    resource: RunResource,
    create: () => Promise<string | undefined>,
  ) => {
    record(resource);
    const arn = await create();
    if (arn) {
      resource.arn = arn;
      options.resources?.created(resource);
    }
  };
  for (const [index, request] of requests.entries()) {
    switch (request.operation) {
      case "PutObject": {
        const planned = request.input as unknown as PutObjectCommandInput;
        const upload = options.uploads?.find((u) =>
          u.Bucket === planned.Bucket && u.Key === planned.Key
        );
        if (!upload) throw new AdeError(`no bytes given for the upload of ${planned.Key}`);
        if (!options.s3) throw new AdeError("an S3 client is needed for PutObject");
        const key = upload.Key!;
        // Record the folder before sending, so a half-finished upload is cleaned up too.
        record({
          type: "s3-prefix",
          name: s3Uri(upload.Bucket!, key.slice(0, key.lastIndexOf("/") + 1)),
          region: options.region,
        });
        await uploadObject(options.s3, upload);
        break;
      }
      case "CreateModel": {
        const input = request.input as unknown as CreateModelCommandInput;
        const response = await options.sagemaker.send(new CreateModelCommand(input));
        record({
          type: "model",
          name: input.ModelName!,
          ...(response.ModelArn ? { arn: response.ModelArn } : {}),
          region: options.region,
        });
        break;
      }
      case "CreateEndpointConfig": {
        const input = request.input as unknown as CreateEndpointConfigCommandInput;
        const response = await options.sagemaker.send(new CreateEndpointConfigCommand(input));
        const variant = input.ProductionVariants?.[0];
        const size = {
          ...(variant?.InstanceType ? { instanceType: variant.InstanceType } : {}),
          ...(variant?.InitialInstanceCount ? { instanceCount: variant.InitialInstanceCount } : {}),
        };
        capacity.set(input.EndpointConfigName!, size);
        record({
          type: "endpoint-config",
          name: input.EndpointConfigName!,
          ...(response.EndpointConfigArn ? { arn: response.EndpointConfigArn } : {}),
          region: options.region,
          ...size,
        });
        // Captured payloads are the submitted text: their prefix is the run's to delete in cleanup.
        const capture = input.DataCaptureConfig?.DestinationS3Uri;
        if (capture) {
          record({
            type: "s3-prefix",
            name: capture.endsWith("/") ? capture : `${capture}/`,
            region: options.region,
          });
        }
        break;
      }
      case "CreateEndpoint": {
        const input = request.input as unknown as CreateEndpointCommandInput;
        const size = capacity.get(input.EndpointConfigName!) ?? {};
        await recordThenCreate(
          { type: "endpoint", name: input.EndpointName!, region: options.region, ...size },
          async () => (await options.sagemaker.send(new CreateEndpointCommand(input))).EndpointArn,
        );
        break;
      }
      case "CreateTransformJob": {
        const input = request.input as unknown as CreateTransformJobCommandInput;
        await recordThenCreate(
          {
            type: "transform-job",
            name: input.TransformJobName!,
            region: options.region,
            ...(input.TransformResources?.InstanceType
              ? { instanceType: input.TransformResources.InstanceType }
              : {}),
            ...(input.TransformResources?.InstanceCount
              ? { instanceCount: input.TransformResources.InstanceCount }
              : {}),
          },
          async () =>
            (await options.sagemaker.send(new CreateTransformJobCommand(input))).TransformJobArn,
        );
        break;
      }
      default:
        throw new AdeError(`executePlannedRequests: unsupported operation ${request.operation}`);
    }
    options.onSent?.(request, index);
  }
  return created;
}
