/** `ade serve`: runs a model endpoint until SIGTERM or SIGINT, then shuts down gracefully. */
import {
  type ModelEndpoint,
  type ModelEndpointOptions,
  startModelEndpoint,
} from "./start_model_endpoint.ts";

/** Options of {@link serveModel}. */
export interface ServeModelOptions extends ModelEndpointOptions {
  /** Called with the base URL (and the running endpoint, for its live counts) once the model is loaded. */
  onReady?: (url: string, endpoint: ModelEndpoint) => void;
  /** Stops the server when aborted (besides SIGTERM and SIGINT). */
  signal?: AbortSignal;
  /**
   * Starts the endpoint (default {@link startModelEndpoint}); `ade serve` passes `recordModelEndpoint`
   * of `pipeline`, which records it as a `serve` run.
   */
  start?: (options: ModelEndpointOptions) => Promise<ModelEndpoint>;
}

/**
 * Serves a model until SIGTERM, SIGINT or `signal`: then stops accepting connections, lets in-flight
 * requests finish, and resolves (after `stop()`, which a recorded endpoint uses to finish its run).
 * @param options see {@link ModelEndpointOptions}
 * @returns the endpoint's final request counts
 * @throws {AdeError} when the model cannot be loaded
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const stop = new AbortController();
 * const stats = await serveModel({
 *   modelDir: "tests/fixtures/models/tiny",
 *   port: 0,
 *   log: () => {},
 *   signal: stop.signal,
 *   onReady: async (url) => {
 *     await (await fetch(`${url}/ping`)).body?.cancel();
 *     stop.abort(); // as Ctrl-C would
 *   },
 * });
 * assert.equal(stats.requests, 1);
 * ```
 */
export async function serveModel(options: ServeModelOptions): Promise<ModelEndpoint["stats"]> {
  const { onReady: _onReady, signal: _signal, start, ...endpointOptions } = options;
  const endpoint = await (start ?? startModelEndpoint)(endpointOptions);
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGTERM", "SIGINT"];
  const stopped = new Promise<void>((resolve) => {
    const onSignal = () => {
      for (const name of signals) Deno.removeSignalListener(name, onSignal);
      options.signal?.removeEventListener("abort", onSignal);
      resolve(endpoint.stop());
    };
    for (const name of signals) Deno.addSignalListener(name, onSignal);
    if (options.signal?.aborted) onSignal();
    else options.signal?.addEventListener("abort", onSignal, { once: true });
  });
  options.onReady?.(endpoint.url, endpoint);
  await stopped;
  return endpoint.stats;
}
