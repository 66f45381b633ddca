import assert from "node:assert/strict";
import {
  _buildDeleteObjectsRequests,
  _buildListTagsRequest,
  _SAGEMAKER_CLEANUP_REQUESTS,
} from "../../lib/cloud/_cleanup_requests.ts";
import { assertServiceModelAccepts, validateRequests } from "./_aws_service_model.ts";
import { arnOf, BUCKET } from "./_fixtures.ts";

Deno.test("cleanup request table: one describe and one delete/stop builder per SageMaker type", () => {
  const built = Object.entries(_SAGEMAKER_CLEANUP_REQUESTS).map(([type, requests]) => [
    type,
    requests.action,
    requests.describe("ade-r1"),
    requests.change("ade-r1"),
  ]);
  assert.deepEqual(built, [
    ["endpoint", "delete", { operation: "DescribeEndpoint", input: { EndpointName: "ade-r1" } }, {
      operation: "DeleteEndpoint",
      input: { EndpointName: "ade-r1" },
    }],
    ["endpoint-config", "delete", {
      operation: "DescribeEndpointConfig",
      input: { EndpointConfigName: "ade-r1" },
    }, { operation: "DeleteEndpointConfig", input: { EndpointConfigName: "ade-r1" } }],
    ["transform-job", "stop", {
      operation: "DescribeTransformJob",
      input: { TransformJobName: "ade-r1" },
    }, { operation: "StopTransformJob", input: { TransformJobName: "ade-r1" } }],
    ["model", "delete", { operation: "DescribeModel", input: { ModelName: "ade-r1" } }, {
      operation: "DeleteModel",
      input: { ModelName: "ade-r1" },
    }],
    ["tuning-job", "stop", {
      operation: "DescribeHyperParameterTuningJob",
      input: { HyperParameterTuningJobName: "ade-r1" },
    }, {
      operation: "StopHyperParameterTuningJob",
      input: { HyperParameterTuningJobName: "ade-r1" },
    }],
    ["training-job", "stop", {
      operation: "DescribeTrainingJob",
      input: { TrainingJobName: "ade-r1" },
    }, { operation: "StopTrainingJob", input: { TrainingJobName: "ade-r1" } }],
  ]);
  assert.deepEqual(_buildListTagsRequest(arnOf("model", "m")), {
    operation: "ListTags",
    input: { ResourceArn: arnOf("model", "m") },
  });
});

Deno.test("cleanup request table: what the describe answers say, and when a resource has stopped writing", () => {
  const { endpoint, "tuning-job": tuning, "training-job": training } = _SAGEMAKER_CLEANUP_REQUESTS;
  assert.deepEqual(
    endpoint.read({
      EndpointArn: "arn",
      EndpointStatus: "InService",
      DataCaptureConfig: { EnableCapture: true, DestinationS3Uri: "s3://b/ade/r1/data-capture/" },
    }),
    { arn: "arn", status: "InService", captureS3Uri: "s3://b/ade/r1/data-capture/" },
  );
  assert.equal(
    endpoint.read({ DataCaptureConfig: { EnableCapture: false, DestinationS3Uri: "s3://b/x/" } })
      .captureS3Uri,
    undefined,
    "capture switched off writes nothing",
  );
  assert.equal(endpoint.stoppedWriting({ status: "Deleting" }), false);
  const job = (status: string, inProgress?: number) =>
    tuning.stoppedWriting(
      tuning.read({
        HyperParameterTuningJobStatus: status,
        ...(inProgress === undefined
          ? {}
          : { TrainingJobStatusCounters: { InProgress: inProgress } }),
      }),
    );
  assert.deepEqual(
    [job("Stopping", 2), job("Stopped", 1), job("Stopped", 0), job("Completed"), job("InProgress")],
    [false, false, true, true, false],
  );
  assert.deepEqual(
    ["Stopping", "Stopped", "Failed"].map((s) =>
      training.stoppedWriting(training.read({ TrainingJobStatus: s }))
    ),
    [false, true, true],
  );
  const transform = _SAGEMAKER_CLEANUP_REQUESTS["transform-job"];
  assert.deepEqual(transform.read({ TransformJobArn: "arn", TransformJobStatus: "InProgress" }), {
    arn: "arn",
    status: "InProgress",
  });
  assert.deepEqual(
    ["InProgress", "Stopping", "Stopped", "Completed", "Failed"].map((s) =>
      transform.stoppedWriting(transform.read({ TransformJobStatus: s }))
    ),
    [false, false, true, true, true],
  );
});

Deno.test("_buildDeleteObjectsRequests() batches 1,000 objects per request and keeps version ids", () => {
  const objects = Array.from({ length: 2500 }, (_, i) => ({
    Key: `ade/r1/${i}.json`,
    ...(i % 2 === 0 ? { VersionId: `v${i}` } : {}),
  }));
  const requests = _buildDeleteObjectsRequests(BUCKET, objects);
  assert.deepEqual(requests.map((r) => r.Delete!.Objects!.length), [1000, 1000, 500]);
  assert.deepEqual(requests[2].Delete!.Objects![0], {
    Key: "ade/r1/2000.json",
    VersionId: "v2000",
  });
  assert.deepEqual(requests[2].Delete!.Objects![1], { Key: "ade/r1/2001.json" });
  assert.ok(requests.every((r) => r.Bucket === BUCKET && r.Delete!.Quiet === true));
  assert.deepEqual(_buildDeleteObjectsRequests(BUCKET, []), []);
});

Deno.test("every cleanup request builder passes the SageMaker and S3 service models", async () => {
  const requests = [
    ...Object.values(_SAGEMAKER_CLEANUP_REQUESTS).flatMap((r) => [
      r.describe("ade-r1"),
      r.change("ade-r1"),
    ]),
    _buildListTagsRequest(arnOf("endpoint", "ade-r1")),
    ..._buildDeleteObjectsRequests(BUCKET, [
      { Key: "ade/r1/a.json", VersionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" },
      { Key: "ade/r1/b.json" },
    ]).map((input) => ({ operation: "DeleteObjects", input })),
    { operation: "GetBucketVersioning", input: { Bucket: BUCKET } },
    {
      operation: "ListObjectVersions",
      input: { Bucket: BUCKET, Prefix: "ade/r1/", KeyMarker: "k", VersionIdMarker: "v" },
    },
  ];
  assertServiceModelAccepts(
    await validateRequests(requests, "cleanup builders"),
    "cleanup builders",
  );
});
