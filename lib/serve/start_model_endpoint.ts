/** Serves a saved model: starts the endpoint, loads the model, and reports the endpoint process as a resource. */
import type { AccessLogSink } from "./access_log.ts";
import { type EndpointStats, startEndpointServer } from "./start_endpoint_server.ts";
import type { Predictor } from "./types.ts";
import { AdeError, exists, processStartIdentity } from "../core/mod.ts";
import type { ResourceSink } from "../track/mod.ts";

/** Options of {@link startModelEndpoint}. */
export interface ModelEndpointOptions {
  /** Folder written by `saveModel` (e.g. `runs/nb/models/baseline/model`). */
  modelDir: string;
  /** Interface (default `127.0.0.1`). */
  hostname?: string;
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  /** Bearer token required by `/invocations` (never stored or logged). */
  token?: string;
  /** Called with the base URL as soon as the server listens (before the model is loaded). */
  onListening?: (url: string) => void;
  /**
   * Where the endpoint process is reported (`{type: "local-endpoint", name: <pid>}`, with its start
   * identity) once it listens, so that `cleanup` can stop it, and removed when it stops.
   */
  resources?: ResourceSink;
  /** Access log sink (default: stderr). */
  log?: AccessLogSink;
  /** Loads the model (default: `loadModel` from `lib/models`). */
  loadPredictor?: (modelDir: string) => Promise<Predictor>;
}

/** A running model endpoint. */
export interface ModelEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Port bound. */
  readonly port: number;
  /** Request counts so far. */
  readonly stats: EndpointStats;
  /** Stops gracefully (in-flight requests finish) and removes the reported resource. Safe to call twice. */
  stop(): Promise<void>;
}

async function _defaultLoader(modelDir: string): Promise<Predictor> {
  const { loadModel } = await import("../models/mod.ts");
  return await loadModel(modelDir);
}

/**
 * Starts listening at once (so health checks see 503 while loading), loads the model, and resolves when it
 * is ready. Reports the endpoint process to `resources` (`{type: "local-endpoint", name: <pid>}`) so
 * that `cleanup` can stop it; `recordModelEndpoint` of `pipeline` records it as a `serve` run.
 * @param options model folder, address, token, resource sink
 * @returns the running endpoint, model loaded
 * @throws {AdeError} when the model folder is missing or cannot be loaded (the server is stopped first)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const endpoint = await startModelEndpoint({ modelDir: "tests/fixtures/models/tiny", port: 0, log: () => {} });
 * assert.equal((await fetch(`${endpoint.url}/ping`)).status, 200);
 * await endpoint.stop();
 * ```
 */
export async function startModelEndpoint(options: ModelEndpointOptions): Promise<ModelEndpoint> {
  if (!(await exists(options.modelDir))) {
    throw new AdeError(`model folder ${options.modelDir} does not exist`);
  }
  const load = options.loadPredictor ?? _defaultLoader;
  const loading = load(options.modelDir);
  loading.catch(() => {});
  const server = startEndpointServer({
    predictor: loading,
    hostname: options.hostname,
    port: options.port,
    token: options.token,
    log: options.log,
  });
  let reported = false;
  try {
    options.onListening?.(server.url);
    if (options.resources) {
      options.resources.created({
        type: "local-endpoint",
        name: String(Deno.pid),
        processStart: await processStartIdentity(),
      });
      reported = true;
    }
    await loading;
  } catch (error) {
    await server.shutdown();
    if (error instanceof AdeError) throw error;
    throw new AdeError(
      `could not load the model in ${options.modelDir}: ${(error as Error).message}`,
    );
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      await server.shutdown();
      if (reported) options.resources?.removed("local-endpoint", String(Deno.pid));
    })();
  return { url: server.url, port: server.port, stats: server.stats, stop };
}
