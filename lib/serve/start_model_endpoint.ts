/** Serves a saved model: loads it, starts the endpoint and records the run (kind `serve`) in the store. */
import type { AccessLogSink } from "./access_log.ts";
import { type EndpointStats, startEndpointServer } from "./start_endpoint_server.ts";
import type { Predictor } from "./types.ts";
import { AdeError, exists, processStartIdentity } from "../core/mod.ts";
import { ExperimentStore } from "../track/mod.ts";

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
  /** Experiment store to record the run in (none when absent). */
  storePath?: string;
  /** Study run id for the record. */
  runId?: string;
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
  /** Store record id of the `serve` run, when a store was given. */
  readonly recordId?: string;
  /** Request counts so far. */
  readonly stats: EndpointStats;
  /** Stops gracefully (in-flight requests finish) and marks the run completed. Safe to call twice. */
  stop(): Promise<void>;
}

async function _defaultLoader(modelDir: string): Promise<Predictor> {
  const { loadModel } = await import("../models/mod.ts");
  return await loadModel(modelDir);
}

/**
 * Starts listening at once (so health checks see 503 while loading), loads the model, and resolves when it
 * is ready. With a store, records a run of kind `serve` (params: model folder, URL, whether a token is
 * set) and a resource `{type: "local-endpoint", name: <pid>}` so `cleanup` can stop it; `stop()` marks
 * the run completed with request counts.
 * @param options model folder, address, token, store
 * @returns the running endpoint, model loaded
 * @throws {AdeError} when the model folder is missing or cannot be loaded (the server is stopped and the run marked failed)
 * @example
 * ```ts
 * const endpoint = await startModelEndpoint({ modelDir: "runs/nb/models/baseline/model", port: 0 });
 * console.log(endpoint.url);
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
  let store: ExperimentStore | undefined;
  let recordId: string | undefined;
  try {
    if (options.storePath) {
      store = await ExperimentStore.open(options.storePath);
      recordId = store.startRun({
        kind: "serve",
        runId: options.runId,
        params: { model_dir: options.modelDir, url: server.url, auth: options.token !== undefined },
      });
      store.addResource(recordId, {
        type: "local-endpoint",
        name: String(Deno.pid),
        processStart: await processStartIdentity(),
      });
    }
    await loading;
  } catch (error) {
    await server.shutdown();
    if (store && recordId) {
      store.finishRun(recordId, { status: "failed", error: (error as Error).message });
    }
    store?.close();
    if (error instanceof AdeError) throw error;
    throw new AdeError(
      `could not load the model in ${options.modelDir}: ${(error as Error).message}`,
    );
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      await server.shutdown();
      if (store && recordId) {
        store.finishRun(recordId, {
          status: "completed",
          metrics: { requests: server.stats.requests, by_status: server.stats.byStatus },
          artifacts: { model_dir: options.modelDir },
        });
        store.removeResource(recordId, "local-endpoint", String(Deno.pid));
      }
      store?.close();
    })();
  return { url: server.url, port: server.port, recordId, stats: server.stats, stop };
}
