/**
 * Cleanup of one SageMaker resource through the request table: describe (it exists, its ARN and
 * status), check the run tag, then delete it, or stop it while it runs. Also the thin adapter that
 * sends a planned cleanup request.
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  ListTagsCommand,
  type SageMakerClient,
  StopHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
  StopTransformJobCommand,
} from "@aws-sdk/client-sagemaker";
import { AdeError } from "../core/mod.ts";
import type { _CleanupResult } from "./cleanup_report.ts";
import {
  _buildListTagsRequest,
  type _DescribedResource,
  _SAGEMAKER_CLEANUP_REQUESTS,
  type _SageMakerCleanupType,
} from "./_cleanup_requests.ts";
import type { PlannedRequest } from "./requests.ts";
import { RUN_TAG_KEY } from "./requests.ts";

/** The SDK command of each operation cleanup sends (the input is the planned request's, as built). */
const COMMANDS: Record<string, (input: unknown) => unknown> = {
  DescribeEndpoint: (input) => new DescribeEndpointCommand(input as never),
  DeleteEndpoint: (input) => new DeleteEndpointCommand(input as never),
  DescribeEndpointConfig: (input) => new DescribeEndpointConfigCommand(input as never),
  DeleteEndpointConfig: (input) => new DeleteEndpointConfigCommand(input as never),
  DescribeModel: (input) => new DescribeModelCommand(input as never),
  DeleteModel: (input) => new DeleteModelCommand(input as never),
  DescribeHyperParameterTuningJob: (input) =>
    new DescribeHyperParameterTuningJobCommand(input as never),
  StopHyperParameterTuningJob: (input) => new StopHyperParameterTuningJobCommand(input as never),
  DescribeTrainingJob: (input) => new DescribeTrainingJobCommand(input as never),
  StopTrainingJob: (input) => new StopTrainingJobCommand(input as never),
  DescribeTransformJob: (input) => new DescribeTransformJobCommand(input as never),
  StopTransformJob: (input) => new StopTransformJobCommand(input as never),
  ListTags: (input) => new ListTagsCommand(input as never),
};

/**
 * Sends a planned cleanup request with its SDK command.
 * @param client SageMaker client
 * @param request from the request table
 * @returns the answer (an empty object when the client returns nothing)
 * @throws {AdeError} for an operation cleanup does not send; SDK errors pass through
 */
export async function _sendCleanupRequest(
  client: SageMakerClient,
  request: PlannedRequest,
): Promise<Record<string, unknown>> {
  const build = COMMANDS[request.operation];
  if (!build) throw new AdeError(`cleanup does not send ${request.operation}`);
  const command = build(request.input) as Parameters<SageMakerClient["send"]>[0];
  const answer = await client.send(command) as unknown as Record<string, unknown> | undefined;
  return answer ?? {};
}

/** What cleanup did with a SageMaker resource, and what it found. */
export interface _SageMakerCleanupResult extends _CleanupResult {
  /** What the describe answer said (undefined when it was not read). */
  described?: _DescribedResource;
}

/**
 * Describes the resource, checks its run tag, then deletes it (or stops it while it runs).
 * @param client SageMaker client of the resource's region
 * @param type its type
 * @param name its name
 * @param runId the run whose tag it must carry
 * @param dryRun say what would be done, change nothing
 * @returns the outcome and the description
 */
export async function _cleanSageMakerResource(
  client: SageMakerClient,
  type: _SageMakerCleanupType,
  name: string,
  runId: string,
  dryRun: boolean,
): Promise<_SageMakerCleanupResult> {
  const requests = _SAGEMAKER_CLEANUP_REQUESTS[type];
  const described = requests.read(await _sendCleanupRequest(client, requests.describe(name)));
  const tagProblem = await _tagProblem(client, described.arn, runId);
  if (tagProblem) return { outcome: "left-alone", detail: tagProblem, described };
  if (requests.action === "stop" && described.status !== "InProgress") {
    return { outcome: "not-running", detail: `status ${described.status ?? "unknown"}`, described };
  }
  if (dryRun) {
    const detail = requests.action === "stop"
      ? "running: would be stopped, and S3 deleted only once it has"
      : described.status
      ? `status ${described.status}`
      : undefined;
    return { outcome: "would-remove", ...(detail ? { detail } : {}), described };
  }
  await _sendCleanupRequest(client, requests.change(name));
  return { outcome: requests.action === "stop" ? "stopped" : "removed", described };
}

async function _tagProblem(
  client: SageMakerClient,
  arn: string | undefined,
  runId: string,
): Promise<string | undefined> {
  if (!arn) return "no ARN to read its tags: left alone";
  const answer = await _sendCleanupRequest(client, _buildListTagsRequest(arn));
  const tags = (answer.Tags ?? []) as Array<{ Key?: string; Value?: string }>;
  const value = tags.find((tag) => tag.Key === RUN_TAG_KEY)?.Value;
  if (value === runId) return undefined;
  return value === undefined
    ? `no ${RUN_TAG_KEY} tag: not ours, left alone`
    : `tagged ${RUN_TAG_KEY}=${value}, not ${runId}: left alone`;
}
