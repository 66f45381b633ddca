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
const CSV_TYPE = "text/csv; charset=utf-8";
const PING_BODY = JSON.stringify({ status: "ok" });

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
 * Each request is predicted as soon as its body is in (no waiting to batch with others: the model's cost
 * is per sentence, so a shared call would save nothing and a timer would add a millisecond of latency).
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
  let window: RollingShiftWindow | undefined;
  let loadFailed = false;
  const ready = (loaded: Predictor) => {
    predictor = loaded;
    window = new RollingShiftWindow(loaded.shiftReference, options.statsWindow ?? 1000);
  };
  if (options.predictor instanceof Promise) {
    options.predictor.then(ready, () => loadFailed = true);
  } else {
    ready(options.predictor);
  }
  const clock = _arrivalClock();

  let draining = false;
  let receivingBodies = 0;

  const handle = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const arrived = clock();
    const path = _pathOf(request.url);
    const body = { bytes: 0 };
    let response: Response;
    let responseBytes = 0;
    try {
      let text: string;
      let type = JSON_TYPE;
      if (draining) {
        throw new InvocationError(503, "shutting down", { connection: "close" });
      } else if (path === "/ping") {
        _allowMethod(request, "GET");
        if (!predictor) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        text = PING_BODY;
      } else if (path === "/stats") {
        _allowMethod(request, "GET");
        if (tokenDigest) _checkToken(request.headers.get("authorization"), tokenDigest);
        if (!window) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        text = JSON.stringify(window.stats());
      } else if (path === "/invocations") {
        _allowMethod(request, "POST");
        const headers = request.headers;
        if (tokenDigest) _checkToken(headers.get("authorization"), tokenDigest);
        if (!predictor) {
          throw new InvocationError(503, loadFailed ? "model failed to load" : "model is loading");
        }
        const responseType = negotiateResponseType(headers.get("accept"));
        const contentType = requestContentType(headers.get("content-type"));
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
          predictions = predictor.predict(texts);
        } catch {
          throw new InvocationError(500, "prediction failed");
        }
        window!.add(texts, predictions.map((prediction) => prediction.label === "Adverse_Event"));
        text = formatInvocationResponse(predictions, responseType);
        if (responseType === "text/csv") type = CSV_TYPE;
      } else {
        throw new InvocationError(404, "not found; use GET /ping, GET /stats or POST /invocations");
      }
      // A string body: Deno writes it without the copy that encoding it here would cost.
      responseBytes = _utf8ByteLength(text);
      response = new Response(text, { status: 200, headers: { "content-type": type } });
    } catch (error) {
      const refusal = error instanceof InvocationError
        ? error
        : new InvocationError(500, "internal error");
      const text = JSON.stringify({ error: refusal.message });
      responseBytes = _utf8ByteLength(text);
      const headers: Record<string, string> = { "content-type": JSON_TYPE, ...refusal.headers };
      if (refusal.status === 401) headers["www-authenticate"] = "Bearer";
      if (refusal.status === 413) headers["connection"] = "close";
      response = new Response(text, { status: refusal.status, headers });
    }
    log({
      time: arrived,
      method: request.method,
      path: path.slice(0, 100),
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

/**
 * The URL path of a request, without query or fragment: read straight from the URL string for the
 * routes as they are sent, and through the URL parser otherwise (so `/a/../ping` or `%2F` are treated
 * exactly as `new URL(url).pathname` treats them).
 */
function _pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start > 0) {
    const raw = url.slice(start);
    if (raw === "/invocations" || raw === "/ping" || raw === "/stats") return raw;
  }
  return new URL(url).pathname;
}

/**
 * The arrival time as an ISO string: formatted once per millisecond (requests arriving in the same
 * millisecond share the string; `toISOString` has millisecond precision anyway).
 */
function _arrivalClock(): () => string {
  let lastMs = -1;
  let lastIso = "";
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
}

/** Bytes of `text` in UTF-8 (what `TextEncoder` would produce, lone surrogates as U+FFFD), without encoding it. */
function _utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // a pair: 2 units, 4 bytes
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
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
