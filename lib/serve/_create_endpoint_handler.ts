/** The request handler behind the local endpoint: SageMaker's container contract on a `fetch`-style handler. */
import { stderrAccessLog } from "./access_log.ts";
import { formatInvocationResponse, negotiateResponseType } from "./_format_invocation_response.ts";
import { parseInvocationRequest, requestContentType } from "./_parse_invocation_request.ts";
import {
  type EndpointHandlerOptions,
  InvocationError,
  MAX_INVOCATION_BODY_BYTES,
  type Prediction,
  type Predictor,
} from "./types.ts";
import { createBatchingPredictor } from "./_batching_predictor.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import { RollingShiftWindow } from "../shift/mod.ts";

/** The endpoint's handler and its part in a graceful shutdown. */
export interface EndpointHandler {
  /** Answers one request (give it to `Deno.serve`). */
  handle(request: Request): Promise<Response>;
  /**
   * Starts refusing new requests (503, `Connection: close`) and resolves once no request body is still
   * being received (or after `timeoutMs`). Call it before `server.shutdown()`: Deno's shutdown cuts off
   * bodies that are still arriving, but lets handlers that have their body finish.
   * @param timeoutMs longest wait (default 20 s, inside SageMaker's 30 s between SIGTERM and SIGKILL)
   */
  drain(timeoutMs?: number): Promise<void>;
}

const JSON_TYPE = "application/json";

/**
 * Creates the endpoint's handler:
 * - `GET /ping`: 200 once the model is loaded, 503 before;
 * - `GET /stats`: counts over the last `statsWindow` texts (rows, predicted positives and their rate, the
 *   training positive rate, the shift verdict; never text), behind the bearer token when one is set;
 * - `POST /invocations`: texts as JSON, CSV or plain text (see {@link parseInvocationRequest}); answers
 *   predictions in input order as JSON, or CSV when `Accept: text/csv`;
 * - errors as JSON `{"error": message}`: 400 malformed or empty, 401 missing or wrong bearer token,
 *   404 unknown path, 405 wrong method (with `Allow`), 406 unsupported `Accept`, 413 body over the limit
 *   (refused from `Content-Length` unread, or cut off while streaming), 415 unsupported `Content-Type`,
 *   503 model not loaded, 500 prediction failure.
 *
 * Requests that arrive together are predicted in one model call (dynamic batching: the model's fixed
 * cost per call is shared; each request still gets exactly its own predictions, in order).
 * Every request is logged (method, path, status, sizes, latency) and never its text.
 * @param options model, token, body limit, log sink
 * @returns the handler
 * @example
 * ```ts
 * const handler = createEndpointHandler({ predictor: model });
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0 }, handler.handle);
 * await handler.drain();
 * await server.shutdown();
 * ```
 */
export function createEndpointHandler(options: EndpointHandlerOptions): EndpointHandler {
  const log = options.log ?? stderrAccessLog;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_INVOCATION_BODY_BYTES;
  const tokenDigest = options.token === undefined ? undefined : _digest(options.token);
  let predictor: Predictor | undefined;
  let predictBatched: ((texts: readonly string[]) => Promise<Prediction[]>) | undefined;
  let window: RollingShiftWindow | undefined;
  let loadFailed = false;
  const ready = (loaded: Predictor) => {
    predictor = loaded;
    predictBatched = createBatchingPredictor(loaded);
    window = new RollingShiftWindow(loaded.shiftReference, options.statsWindow ?? 1000);
  };
  if (options.predictor instanceof Promise) {
    options.predictor.then(ready, () => loadFailed = true);
  } else {
    ready(options.predictor);
  }

  let draining = false;
  let receivingBodies = 0;

  const handle = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const arrived = new Date();
    const url = new URL(request.url);
    const body = { bytes: 0 };
    let response: Response;
    let responseBytes = 0;
    try {
      let result: { status: number; text: string; type: string };
      if (draining) {
        throw new InvocationError(503, "shutting down", { connection: "close" });
      } else if (url.pathname === "/ping") {
        _allowMethod(request, "GET");
        if (!predictor) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        result = { status: 200, text: JSON.stringify({ status: "ok" }), type: JSON_TYPE };
      } else if (url.pathname === "/stats") {
        _allowMethod(request, "GET");
        if (tokenDigest) _checkToken(request.headers.get("authorization"), tokenDigest);
        if (!window) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        result = { status: 200, text: JSON.stringify(window.stats()), type: JSON_TYPE };
      } else if (url.pathname === "/invocations") {
        _allowMethod(request, "POST");
        if (tokenDigest) _checkToken(request.headers.get("authorization"), tokenDigest);
        if (!predictor) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        const responseType = negotiateResponseType(request.headers.get("accept"));
        const contentType = requestContentType(request.headers.get("content-type"));
        let bytes: Uint8Array;
        receivingBodies++;
        try {
          bytes = await _readBodyWithin(request, maxBodyBytes, body);
        } finally {
          receivingBodies--;
        }
        const texts = parseInvocationRequest(bytes, contentType);
        let predictions: Prediction[];
        try {
          predictions = await predictBatched!(texts);
        } catch {
          throw new InvocationError(500, "prediction failed");
        }
        window!.add(texts, predictions.map((prediction) => prediction.label === "Adverse_Event"));
        result = {
          status: 200,
          text: formatInvocationResponse(predictions, responseType),
          type: responseType === "text/csv" ? "text/csv; charset=utf-8" : JSON_TYPE,
        };
      } else {
        throw new InvocationError(404, "not found; use GET /ping, GET /stats or POST /invocations");
      }
      const encoded = new TextEncoder().encode(result.text);
      responseBytes = encoded.byteLength;
      response = new Response(encoded, {
        status: result.status,
        headers: { "content-type": result.type },
      });
    } catch (error) {
      const refusal = error instanceof InvocationError
        ? error
        : new InvocationError(500, "internal error");
      const encoded = new TextEncoder().encode(JSON.stringify({ error: refusal.message }));
      responseBytes = encoded.byteLength;
      const headers: Record<string, string> = { "content-type": JSON_TYPE, ...refusal.headers };
      if (refusal.status === 401) headers["www-authenticate"] = "Bearer";
      if (refusal.status === 413) headers["connection"] = "close";
      response = new Response(encoded, { status: refusal.status, headers });
    }
    log({
      time: arrived.toISOString(),
      method: request.method,
      path: url.pathname.slice(0, 100),
      status: response.status,
      requestBytes: body.bytes,
      responseBytes,
      latencyMs: performance.now() - started,
    });
    return response;
  };

  const drain = async (timeoutMs = 20_000): Promise<void> => {
    draining = true;
    const deadline = performance.now() + timeoutMs;
    while (receivingBodies > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return { handle, drain };
}

function _allowMethod(request: Request, method: string): void {
  if (request.method !== method) {
    throw new InvocationError(405, `method not allowed; use ${method}`, { allow: method });
  }
}

function _digest(text: string): Uint8Array {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares SHA-256 digests in constant time, so timing reveals neither the token nor its length. */
function _checkToken(header: string | null, expected: Uint8Array): void {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "");
  const given = _digest(match ? match[1] : "");
  if (!timingSafeEqual(given, expected) || !match) {
    throw new InvocationError(401, "missing or wrong bearer token");
  }
}

/**
 * Reads the body, refusing more than `limit` bytes: from `Content-Length` before reading anything, and
 * while streaming (chunked bodies) by cancelling the stream as soon as the count passes the limit.
 */
async function _readBodyWithin(
  request: Request,
  limit: number,
  counter: { bytes: number },
): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    counter.bytes = Number(declared);
    await request.body?.cancel().catch(() => {});
    throw new InvocationError(413, `body over ${limit} bytes`);
  }
  if (!request.body) throw new InvocationError(400, "empty body");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new InvocationError(400, "body could not be read");
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    counter.bytes = total;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new InvocationError(413, `body over ${limit} bytes`);
    }
    chunks.push(chunk.value);
  }
  if (total === 0) throw new InvocationError(400, "empty body");
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
