/** Starts the local endpoint on `Deno.serve` (loopback by default) and stops it gracefully. */
import type { AccessLogEntry } from "./access_log.ts";
import { flushStderrAccessLog, stderrAccessLog } from "./access_log.ts";
import { createEndpointHandler, type EndpointHandler } from "./_create_endpoint_handler.ts";
import type { EndpointHandlerOptions } from "./types.ts";
import { AdeError } from "../core/mod.ts";

/** Options of {@link startEndpointServer}. */
export interface EndpointServerOptions extends EndpointHandlerOptions {
  /** Interface to listen on (default `127.0.0.1`: only this machine can call it). */
  hostname?: string;
  /** Port (default 8080, SageMaker's; 0 picks a free one). */
  port?: number;
}

/** Request counts kept while the server runs (for the experiment store). */
export interface EndpointStats {
  /** Requests answered. */
  requests: number;
  /** Requests answered per status code. */
  byStatus: Record<string, number>;
  /** Request body bytes read. */
  bodyBytes: number;
  /** Requests being handled right now. */
  inFlight: number;
}

/** A running endpoint. */
export interface EndpointServer {
  /** Base URL, e.g. `http://127.0.0.1:8080` (call `${url}/invocations`). */
  readonly url: string;
  /** Port actually bound. */
  readonly port: number;
  /** Counts so far. */
  readonly stats: EndpointStats;
  /**
   * Graceful stop: refuses new requests (503) until bodies still arriving are in, then closes the
   * listener and lets in-flight requests finish. Safe to call twice.
   */
  shutdown(): Promise<void>;
  /** Resolves once the server has stopped. */
  readonly finished: Promise<void>;
}

/**
 * Starts the endpoint: `GET /ping`, `POST /invocations` (JSON, CSV or plain text in; JSON or CSV out),
 * errors as JSON with 400/401/404/405/406/413/415/503.
 * @param options model, address, token, body limit, log sink
 * @returns the running server
 * @throws {AdeError} when the port is taken or the address cannot be used
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const predictor = { predict: (texts: string[]) => texts.map(() => ({ label: "Adverse_Event" as const, score: 0.8 })) };
 * const server = startEndpointServer({ predictor, port: 0, log: () => {} });
 * const response = await fetch(`${server.url}/invocations`, {
 *   method: "POST",
 *   headers: { "content-type": "text/plain" },
 *   body: "Severe rash after amoxicillin.",
 * });
 * assert.equal(response.status, 200);
 * assert.deepEqual(await response.json(), [{ label: "Adverse_Event", score: 0.8 }]);
 * await server.shutdown();
 * ```
 */
export function startEndpointServer(options: EndpointServerOptions): EndpointServer {
  const stats: EndpointStats = { requests: 0, byStatus: {}, bodyBytes: 0, inFlight: 0 };
  const sink = options.log ?? stderrAccessLog;
  const log = (entry: AccessLogEntry) => {
    stats.requests++;
    stats.byStatus[entry.status] = (stats.byStatus[entry.status] ?? 0) + 1;
    stats.bodyBytes += entry.requestBytes;
    sink(entry);
  };
  const handler = createEndpointHandler({ ...options, log });
  const hostname = options.hostname ?? "127.0.0.1";
  const port = options.port ?? 8080;
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = _listen(hostname, port, handler, stats);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new AdeError(
        `port ${port} on ${hostname} is in use; pick another with --port (0 = any)`,
      );
    }
    if (
      error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.AddrNotAvailable
    ) {
      throw new AdeError(`cannot listen on ${hostname}:${port}: ${(error as Error).message}`);
    }
    throw error;
  }
  const boundPort = server.addr.port;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    stats,
    shutdown: () =>
      stopping ??= handler.drain().then(() => server.shutdown()).finally(flushStderrAccessLog),
    finished: server.finished,
  };
}

function _listen(
  hostname: string,
  port: number,
  handler: EndpointHandler,
  stats: EndpointStats,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({
    hostname,
    port,
    onListen: () => {},
    onError: () =>
      new Response(JSON.stringify({ error: "internal error" }), {
        status: 500,
        headers: { "content-type": "application/json" },
      }),
  }, async (request) => {
    stats.inFlight++;
    try {
      return await handler.handle(request);
    } finally {
      stats.inFlight--;
    }
  });
}
