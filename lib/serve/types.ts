/** Types shared by the local endpoint, the request/response helpers and `invoke`. */
import type { ShiftReference } from "../shift/mod.ts";
import type { Label } from "../data/mod.ts";
import type { AccessLogSink } from "./access_log.ts";

/** One prediction as the endpoint returns it: the label and the probability of `Adverse_Event`. */
export interface Prediction {
  /** Predicted class. */
  label: Label;
  /** Probability of `Adverse_Event` (the model's positive-class score). */
  score: number;
}

/**
 * What the endpoint needs from a model: predictions for a batch of texts, in input order.
 * `TextClassifier` from `lib/models` satisfies it; tests use a small fake.
 *
 * @example
 * ```ts
 * const fake: Predictor = {
 *   predict: (texts) => texts.map(() => ({ label: "Not_AE", score: 0.1 })),
 * };
 * ```
 */
export interface Predictor {
  /**
   * Predicts every text.
   * @param texts sentences, at least one
   * @returns one prediction per text, same order
   */
  predict(texts: readonly string[]): Prediction[];
  /** Reference statistics of the model's training data, for `GET /stats` (absent: cannot judge). */
  readonly shiftReference?: ShiftReference;
}

/** Request body types the endpoint accepts. */
export type InvocationContentType = "application/json" | "text/csv" | "text/plain";

/** Response body types the endpoint can produce. */
export type InvocationResponseType = "application/json" | "text/csv";

/** The request content types, in the order they are listed in messages. */
export const INVOCATION_CONTENT_TYPES: readonly InvocationContentType[] = [
  "application/json",
  "text/csv",
  "text/plain",
];

/** SageMaker's limit on an `InvokeEndpoint` body, in bytes; the local endpoint enforces the same. */
export const MAX_INVOCATION_BODY_BYTES = 6_291_456;

/**
 * A request the endpoint refuses: the HTTP status and a message that never quotes the request's text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new InvocationError(415, "unsupported content type");
 * assert.equal(error.status, 415);
 * assert.throws(() => {
 *   throw error;
 * }, /unsupported content type/);
 * ```
 */
export class InvocationError extends Error {
  /** HTTP status to answer with (400, 401, 404, 405, 406, 413, 415, 503). */
  readonly status: number;
  /** Extra response headers, e.g. `Allow` for 405. */
  readonly headers: Record<string, string>;
  /**
   * @param status HTTP status
   * @param message what is wrong, without any request text
   * @param headers extra response headers
   */
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "InvocationError";
    this.status = status;
    this.headers = headers;
  }
}

/** What the endpoint serves and how: the model, an optional token, the body limit, the access log. */
export interface EndpointHandlerOptions {
  /** The model, or a promise of it while it loads (`/ping` answers 503 until it resolves). */
  predictor: Predictor | Promise<Predictor>;
  /** When set, `/invocations` requires `Authorization: Bearer <token>`. `/ping` stays open for health checks. */
  token?: string;
  /** Largest accepted body in bytes (default {@link MAX_INVOCATION_BODY_BYTES}, SageMaker's limit). */
  maxBodyBytes?: number;
  /** Access log sink (default: one line per request on stderr). */
  log?: AccessLogSink;
  /** How many recent texts `GET /stats` covers (default 1,000). */
  statsWindow?: number;
}
