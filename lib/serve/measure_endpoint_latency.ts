/** A small bounded load generator for the local endpoint: a fixed number of requests, fixed concurrency, a time cap. */
import { encodeInvocationRequest } from "./encode_invocation_request.ts";
import type { InvocationContentType } from "./types.ts";
import { AdeError } from "../core/mod.ts";

/** Options of {@link measureEndpointLatency}. */
export interface LatencyMeasurementOptions {
  /** Base URL of the endpoint, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Texts sent in every request (the batch). */
  texts: readonly string[];
  /** Requests to send (default 200). */
  requests?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Stop starting new requests after this many milliseconds (default 30,000). */
  timeLimitMs?: number;
  /** Request body type (default `application/json`). */
  contentType?: InvocationContentType;
  /** Bearer token, when the endpoint requires one. */
  token?: string;
}

/** Latency and throughput of one measurement. */
export interface LatencyMeasurement {
  /** Texts per request. */
  batchSize: number;
  /** Requests completed (any status). */
  requests: number;
  /** Requests that did not answer 200. */
  errors: number;
  /** Concurrency used. */
  concurrency: number;
  /** Completed requests per second of wall time. */
  requestsPerSecond: number;
  /** Median latency (ms). */
  p50Ms: number;
  /** 90th percentile latency (ms). */
  p90Ms: number;
  /** 99th percentile latency (ms). */
  p99Ms: number;
  /** Slowest request (ms). */
  maxMs: number;
}

/**
 * Sends the same request `requests` times with `concurrency` in flight, stopping early at the time limit,
 * and reports throughput and latency percentiles (nearest rank). When client and server share a process
 * (a notebook), both compete for it: the numbers are a lower bound for a separate server.
 * @param options endpoint, batch, counts
 * @returns the measurement
 * @throws {AdeError} when no request completed
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startEndpointServer } from "./start_endpoint_server.ts";
 * const predictor = { predict: (texts: string[]) => texts.map(() => ({ label: "Not_AE" as const, score: 0.1 })) };
 * const server = startEndpointServer({ predictor, port: 0, log: () => {} });
 * const result = await measureEndpointLatency({ url: server.url, texts: ["Rash after penicillin."], requests: 20 });
 * assert.ok(result.p50Ms <= result.p99Ms);
 * await server.shutdown();
 * ```
 */
export async function measureEndpointLatency(
  options: LatencyMeasurementOptions,
): Promise<LatencyMeasurement> {
  const total = options.requests ?? 200;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, total));
  const contentType = options.contentType ?? "application/json";
  const body = encodeInvocationRequest(options.texts, contentType);
  const headers: Record<string, string> = { "content-type": contentType };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const deadline = performance.now() + (options.timeLimitMs ?? 30_000);
  const url = `${options.url.replace(/\/+$/, "")}/invocations`;
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < total && performance.now() < deadline) {
      started++;
      const sent = performance.now();
      const response = await fetch(url, { method: "POST", headers, body });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (response.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - begin;
  if (latencies.length === 0) throw new AdeError("no request completed within the time limit");
  latencies.sort((a, b) => a - b);
  const rank = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  return {
    batchSize: options.texts.length,
    requests: latencies.length,
    errors,
    concurrency,
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    p50Ms: rank(0.5),
    p90Ms: rank(0.9),
    p99Ms: rank(0.99),
    maxMs: latencies[latencies.length - 1],
  };
}
