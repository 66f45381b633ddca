/**
 * Serving: a local endpoint that speaks SageMaker's container contract (`GET /ping`,
 * `POST /invocations` with JSON, CSV or plain text; JSON or CSV answers; 400/401/404/405/406/413/415
 * errors as JSON) for any {@link Predictor}, the request/response helpers shared with SageMaker
 * deployments, and `invoke` for both backends. The access log records sizes and latency, never the text.
 *
 * @example
 * ```ts
 * import { invokeEndpoint, type Predictor, startEndpointServer } from "./mod.ts";
 * // Any model with predict(texts) can be served; a saved classifier is served by startModelEndpoint.
 * const keywords: Predictor = {
 *   predict: (texts) =>
 *     texts.map((text) =>
 *       /rash|nausea/i.test(text)
 *         ? { label: "Adverse_Event", score: 0.9 }
 *         : { label: "Not_AE", score: 0.1 }
 *     ),
 * };
 * const server = startEndpointServer({ predictor: keywords, port: 0, log: () => {} });
 * const { predictions } = await invokeEndpoint({
 *   endpoint: server.url,
 *   texts: ["Severe rash after amoxicillin.", "The patient recovered."],
 *   contentType: "text/csv",
 * });
 * console.log(predictions.map((p) => p.label)); // ["Adverse_Event", "Not_AE"]
 * await server.shutdown();
 * ```
 * @module
 */
export {
  type EndpointHandlerOptions,
  INVOCATION_CONTENT_TYPES,
  type InvocationContentType,
  type InvocationResponseType,
  type Prediction,
  type Predictor,
} from "./types.ts";
export { type AccessLogEntry, type AccessLogSink, formatAccessLogEntry } from "./access_log.ts";
export { encodeInvocationRequest } from "./encode_invocation_request.ts";
export { type InvocationPrediction, parseInvocationResponse } from "./parse_invocation_response.ts";
export {
  type EndpointServer,
  type EndpointServerOptions,
  type EndpointStats,
  startEndpointServer,
} from "./start_endpoint_server.ts";
export {
  type ModelEndpoint,
  type ModelEndpointOptions,
  startModelEndpoint,
} from "./start_model_endpoint.ts";
export { serveModel, type ServeModelOptions } from "./serve_model.ts";
export {
  invokeEndpoint,
  type InvokeEndpointOptions,
  type InvokeEndpointResult,
} from "./invoke_endpoint.ts";
export {
  type LatencyMeasurement,
  type LatencyMeasurementOptions,
  measureEndpointLatency,
} from "./measure_endpoint_latency.ts";
