/** A local model endpoint as a recorded `serve` run, from its start until it stops. */
import { type ModelEndpoint, type ModelEndpointOptions, startModelEndpoint } from "../serve/mod.ts";
import { ExperimentStore, type Recorded, type Recording } from "../track/mod.ts";

/**
 * Starts a model endpoint (see `startModelEndpoint`) as a run of kind `serve`: started once the server
 * listens (params: the model folder, the URL and whether a token is set, never the token), with the
 * endpoint process as a `local-endpoint` resource so that `cleanup` can stop it; marked failed when the
 * model cannot be loaded, completed with the request counts when `stop()` is called (its resource then
 * removed).
 * @param options what `startModelEndpoint` takes
 * @param recording the store and study run
 * @returns the running endpoint, and the record id
 * @throws {AdeError} what `startModelEndpoint` throws (after recording the failure)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const storePath = `${dir}/ade.sqlite`;
 * const endpoint = await recordModelEndpoint(
 *   { modelDir: "tests/fixtures/models/tiny", port: 0, log: () => {} },
 *   { storePath, runId: "demo" },
 * );
 * assert.equal((await fetch(`${endpoint.url}/ping`)).status, 200);
 * await endpoint.stop();
 * const store = await ExperimentStore.open(storePath);
 * const [run] = store.listRuns({ runId: "demo" });
 * assert.deepEqual([run.kind, run.status], ["serve", "completed"]);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordModelEndpoint(
  options: ModelEndpointOptions,
  recording: Recording,
): Promise<Recorded<ModelEndpoint>> {
  const store = await ExperimentStore.open(recording.storePath);
  let recordId: string | undefined;
  let endpoint: ModelEndpoint;
  try {
    endpoint = await startModelEndpoint({
      ...options,
      onListening: (url) => {
        recordId = store.startRun({
          kind: "serve",
          runId: recording.runId,
          params: { model_dir: options.modelDir, url, auth: options.token !== undefined },
        });
        options.onListening?.(url);
      },
      resources: {
        created: (resource) => store.addResource(recordId!, resource),
        removed: (type, name) => store.removeResource(recordId!, type, name),
      },
    });
  } catch (error) {
    if (recordId) store.finishRun(recordId, { status: "failed", error: (error as Error).message });
    store.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      try {
        await endpoint.stop();
        store.finishRun(recordId!, {
          status: "completed",
          metrics: { requests: endpoint.stats.requests, by_status: endpoint.stats.byStatus },
          artifacts: { model_dir: options.modelDir },
        });
      } finally {
        store.close();
      }
    })();
  return {
    url: endpoint.url,
    port: endpoint.port,
    stats: endpoint.stats,
    stop,
    recordId: recordId!,
  };
}
