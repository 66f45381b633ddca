/**
 * Serving: a local endpoint that speaks SageMaker's container contract (`GET /ping`,
 * `POST /invocations` with JSON, CSV or plain text; JSON or CSV answers; 400/401/404/405/406/413/415
 * errors as JSON), the request/response helpers shared with SageMaker deployments, and `invoke` for
 * both backends. The access log records sizes and latency, never the text.
 *
 * @example
 * ```ts
 * import { invokeEndpoint, startModelEndpoint } from "./mod.ts";
 * const endpoint = await startModelEndpoint({ modelDir: "runs/models/baseline/model", port: 0 });
 * const { predictions } = await invokeEndpoint({
 *   endpoint: endpoint.url,
 *   texts: ["Severe rash after amoxicillin.", "The patient recovered."],
 *   contentType: "text/csv",
 * });
 * await endpoint.stop();
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./access_log.ts";
export * from "./parse_invocation_request.ts";
export * from "./encode_invocation_request.ts";
export * from "./format_invocation_response.ts";
export * from "./parse_invocation_response.ts";
export * from "./create_endpoint_handler.ts";
export * from "./start_endpoint_server.ts";
export * from "./start_model_endpoint.ts";
export * from "./serve_model.ts";
export * from "./invoke_endpoint.ts";
export * from "./measure_endpoint_latency.ts";
export * from "./ensure_baseline_model.ts";
