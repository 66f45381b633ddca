/** Calls an endpoint: a local one by URL (`fetch`), or a SageMaker endpoint by name (`InvokeEndpoint`). */
import { encodeInvocationRequest } from "./encode_invocation_request.ts";
import { type InvocationPrediction, parseInvocationResponse } from "./parse_invocation_response.ts";
import type { InvocationContentType } from "./types.ts";
import { AdeError, UsageError } from "../core/mod.ts";
import { RESOURCE_NAME_PATTERN } from "../cloud/mod.ts";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";

/** Options of {@link invokeEndpoint}. */
export interface InvokeEndpointOptions {
  /** `http(s)://host:port` of a local endpoint (`/invocations` is added), or a SageMaker endpoint name. */
  endpoint: string;
  /** One or more texts. */
  texts: readonly string[];
  /** Request body type (default `application/json`). */
  contentType?: InvocationContentType;
  /** Bearer token for a local endpoint started with `--token`. */
  token?: string;
  /** AWS region for a SageMaker endpoint (default: the SDK's resolution, e.g. `AWS_REGION`). */
  region?: string;
  /** SageMaker runtime client to use (tests pass one wired to a mock). */
  client?: SageMakerRuntimeClient;
}

/** What {@link invokeEndpoint} returns. */
export interface InvokeEndpointResult {
  /** `local` for a URL, `sagemaker` for an endpoint name. */
  backend: "local" | "sagemaker";
  /** One prediction per text, in order. */
  predictions: InvocationPrediction[];
  /** Round-trip time in milliseconds. */
  latencyMs: number;
}

/**
 * Sends texts to an endpoint with the same body encoding the local endpoint parses
 * ({@link encodeInvocationRequest}) and reads the predictions ({@link parseInvocationResponse}).
 * @param options endpoint, texts, body type, token, region
 * @returns predictions and latency
 * @throws {UsageError} when `endpoint` is neither an http(s) URL nor a valid SageMaker endpoint name, or
 *   a SageMaker endpoint is given a body other than JSON (the deployed handler reads JSON only)
 * @throws {AdeError} when the endpoint refuses the request (status and its error message) or answers garbage
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startModelEndpoint } from "./start_model_endpoint.ts";
 * const endpoint = await startModelEndpoint({ modelDir: "tests/fixtures/models/tiny", port: 0, log: () => {} });
 * const { predictions } = await invokeEndpoint({
 *   endpoint: endpoint.url,
 *   texts: ["Hepatitis developed after isoniazid."],
 * });
 * assert.equal(predictions.length, 1);
 * await endpoint.stop();
 * ```
 */
export async function invokeEndpoint(
  options: InvokeEndpointOptions,
): Promise<InvokeEndpointResult> {
  const contentType = options.contentType ?? "application/json";
  const body = encodeInvocationRequest(options.texts, contentType);
  const started = performance.now();
  let predictions: InvocationPrediction[];
  let backend: InvokeEndpointResult["backend"];
  if (/^https?:\/\//i.test(options.endpoint)) {
    backend = "local";
    predictions = await _invokeUrl(options.endpoint, body, contentType, options.token);
  } else if (RESOURCE_NAME_PATTERN.test(options.endpoint)) {
    backend = "sagemaker";
    if (contentType !== "application/json") {
      // training/train.py's inference handler (the deployed model) reads JSON only.
      throw new UsageError(
        "SageMaker endpoints deployed by this toolkit accept application/json only; drop --content-type",
      );
    }
    predictions = await _invokeSageMaker(options, body, contentType);
  } else {
    throw new UsageError(
      `--endpoint must be an http(s) URL or a SageMaker endpoint name (1-63 letters, digits, hyphens)`,
    );
  }
  if (predictions.length !== options.texts.length) {
    throw new AdeError(
      `endpoint answered ${predictions.length} predictions for ${options.texts.length} texts`,
    );
  }
  return { backend, predictions, latencyMs: performance.now() - started };
}

async function _invokeUrl(
  endpoint: string,
  body: Uint8Array<ArrayBuffer>,
  contentType: InvocationContentType,
  token: string | undefined,
): Promise<InvocationPrediction[]> {
  const base = endpoint.replace(/\/+$/, "");
  const url = base.endsWith("/invocations") ? base : `${base}/invocations`;
  const headers: Record<string, string> = {
    "content-type": contentType,
    accept: "application/json",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers, body });
  } catch (error) {
    throw new AdeError(`could not reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 200);
    try {
      message = String(JSON.parse(text).error ?? message);
    } catch { /* not JSON: keep the text */ }
    throw new AdeError(`${url} answered ${response.status}: ${message}`);
  }
  return parseInvocationResponse(text, response.headers.get("content-type"));
}

async function _invokeSageMaker(
  options: InvokeEndpointOptions,
  body: Uint8Array,
  contentType: InvocationContentType,
): Promise<InvocationPrediction[]> {
  const client = options.client ?? new SageMakerRuntimeClient({ region: options.region });
  try {
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: options.endpoint,
        ContentType: contentType,
        Accept: "application/json",
        Body: body,
      }),
    );
    const text = response.Body ? new TextDecoder().decode(response.Body) : "";
    return parseInvocationResponse(text, response.ContentType ?? null);
  } catch (error) {
    if (error instanceof AdeError) throw error;
    const { name, message } = error as Error;
    throw new AdeError(`SageMaker endpoint ${options.endpoint}: ${name}: ${message}`);
  } finally {
    if (!options.client) client.destroy();
  }
}
