/**
 * Cleanup's requests as pure builders, a table per resource type (name in, exact SDK input out), and
 * the readers of what SageMaker answers. The adapters that send them live with the handlers.
 */
import type {
  DescribeEndpointCommandOutput,
  DescribeHyperParameterTuningJobCommandOutput,
  DescribeTrainingJobCommandOutput,
  DescribeTransformJobCommandOutput,
} from "@aws-sdk/client-sagemaker";
import type { DeleteObjectsCommandInput, ObjectIdentifier } from "@aws-sdk/client-s3";
import { type PlannedRequest, plannedRequest } from "./requests.ts";

/** The SageMaker resource types cleanup handles. */
export type _SageMakerCleanupType =
  | "endpoint"
  | "endpoint-config"
  | "transform-job"
  | "model"
  | "tuning-job"
  | "training-job";

/** What a describe answer says about a resource. */
export interface _DescribedResource {
  /** Its ARN (to read its tags). */
  arn?: string;
  /** Its status, for resources that have one. */
  status?: string;
  /** Endpoints: where data capture writes, when capture is on. */
  captureS3Uri?: string;
  /** Tuning jobs: training jobs not yet finished (still running or stopping). */
  trainingJobsInProgress?: number;
}

/** How cleanup treats one SageMaker resource type. */
export interface _SageMakerCleanupRequests {
  /**
   * `delete`: removed in any state. `stop`: a job, stopped only while it runs (a finished job costs
   * nothing and stays as history).
   */
  action: "delete" | "stop";
  /** The Describe request: does it exist, its ARN and status. */
  describe(name: string): PlannedRequest;
  /** The Delete or Stop request. */
  change(name: string): PlannedRequest;
  /** Reads the Describe answer. */
  read(response: Record<string, unknown>): _DescribedResource;
  /**
   * Whether the resource has stopped writing to S3: a job finished, stopped or failed (a tuning job
   * with no training job still running), an endpoint that no longer serves. A resource that is gone
   * has stopped too.
   */
  stoppedWriting(described: _DescribedResource): boolean;
}

const FINISHED_JOB = new Set(["Completed", "Failed", "Stopped"]);

/** The requests per SageMaker resource type, in the order cleanup handles the types. */
export const _SAGEMAKER_CLEANUP_REQUESTS: Readonly<
  Record<_SageMakerCleanupType, _SageMakerCleanupRequests>
> = {
  endpoint: {
    action: "delete",
    describe: (name) => plannedRequest("DescribeEndpoint", { EndpointName: name }),
    change: (name) => plannedRequest("DeleteEndpoint", { EndpointName: name }),
    read: (response) => {
      const found = response as Partial<DescribeEndpointCommandOutput>;
      const capture = found.DataCaptureConfig;
      return {
        arn: found.EndpointArn,
        status: found.EndpointStatus,
        ...(capture?.EnableCapture && capture.DestinationS3Uri
          ? { captureS3Uri: capture.DestinationS3Uri }
          : {}),
      };
    },
    stoppedWriting: (described) =>
      described.status === "Failed" || described.status === "OutOfService",
  },
  "endpoint-config": {
    action: "delete",
    describe: (name) => plannedRequest("DescribeEndpointConfig", { EndpointConfigName: name }),
    change: (name) => plannedRequest("DeleteEndpointConfig", { EndpointConfigName: name }),
    read: (response) => ({ arn: response.EndpointConfigArn as string | undefined }),
    stoppedWriting: () => true,
  },
  "transform-job": {
    action: "stop",
    describe: (name) => plannedRequest("DescribeTransformJob", { TransformJobName: name }),
    change: (name) => plannedRequest("StopTransformJob", { TransformJobName: name }),
    read: (response) => {
      const found = response as Partial<DescribeTransformJobCommandOutput>;
      return { arn: found.TransformJobArn, status: found.TransformJobStatus };
    },
    stoppedWriting: (described) => FINISHED_JOB.has(described.status ?? ""),
  },
  model: {
    action: "delete",
    describe: (name) => plannedRequest("DescribeModel", { ModelName: name }),
    change: (name) => plannedRequest("DeleteModel", { ModelName: name }),
    read: (response) => ({ arn: response.ModelArn as string | undefined }),
    stoppedWriting: () => true,
  },
  "tuning-job": {
    action: "stop",
    describe: (name) =>
      plannedRequest("DescribeHyperParameterTuningJob", { HyperParameterTuningJobName: name }),
    change: (name) =>
      plannedRequest("StopHyperParameterTuningJob", { HyperParameterTuningJobName: name }),
    read: (response) => {
      const found = response as Partial<DescribeHyperParameterTuningJobCommandOutput>;
      return {
        arn: found.HyperParameterTuningJobArn,
        status: found.HyperParameterTuningJobStatus,
        trainingJobsInProgress: found.TrainingJobStatusCounters?.InProgress ?? 0,
      };
    },
    stoppedWriting: (described) =>
      FINISHED_JOB.has(described.status ?? "") && (described.trainingJobsInProgress ?? 0) === 0,
  },
  "training-job": {
    action: "stop",
    describe: (name) => plannedRequest("DescribeTrainingJob", { TrainingJobName: name }),
    change: (name) => plannedRequest("StopTrainingJob", { TrainingJobName: name }),
    read: (response) => {
      const found = response as Partial<DescribeTrainingJobCommandOutput>;
      return { arn: found.TrainingJobArn, status: found.TrainingJobStatus };
    },
    stoppedWriting: (described) => FINISHED_JOB.has(described.status ?? ""),
  },
};

/**
 * The `ListTags` request that tells whether a resource carries the run's tag.
 * @param arn the resource's ARN
 * @returns the planned request
 */
export function _buildListTagsRequest(arn: string): PlannedRequest {
  return plannedRequest("ListTags", { ResourceArn: arn });
}

/**
 * `DeleteObjects` inputs for `objects` (keys, with a version id to delete one version or delete marker
 * of a versioned bucket), at most 1,000 objects each (the API's limit), quiet (only errors come back).
 * @param bucket the bucket
 * @param objects what to delete
 * @returns one input per batch, in order (none for no objects)
 */
export function _buildDeleteObjectsRequests(
  bucket: string,
  objects: readonly ObjectIdentifier[],
): DeleteObjectsCommandInput[] {
  const requests: DeleteObjectsCommandInput[] = [];
  for (let start = 0; start < objects.length; start += 1000) {
    requests.push({
      Bucket: bucket,
      Delete: {
        Objects: objects.slice(start, start + 1000).map((object) => ({
          Key: object.Key,
          ...(object.VersionId !== undefined ? { VersionId: object.VersionId } : {}),
        })),
        Quiet: true,
      },
    });
  }
  return requests;
}
