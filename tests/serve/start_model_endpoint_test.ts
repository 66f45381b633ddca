import assert from "node:assert/strict";
import { AdeError, processStartIdentity } from "../../lib/core/mod.ts";
import { invokeEndpoint, startModelEndpoint } from "../../lib/serve/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { createFakePredictor, expectedPrediction } from "./_fake_predictor.ts";

Deno.test("startModelEndpoint() records a serve run with its pid as a local-endpoint resource", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  const storePath = `${dir}/ade.sqlite`;
  await Deno.mkdir(`${dir}/model`);
  try {
    const endpoint = await startModelEndpoint({
      modelDir: `${dir}/model`,
      port: 0,
      storePath,
      runId: "study-2",
      token: "token-that-must-not-be-stored",
      log: () => {},
      loadPredictor: () => Promise.resolve(createFakePredictor()),
    });
    const store = await ExperimentStore.open(storePath);
    try {
      const running = store.getRun(endpoint.recordId!)!;
      assert.equal(running.kind, "serve");
      assert.equal(running.runId, "study-2");
      assert.equal(running.status, "running");
      assert.deepEqual(running.resources, [{
        type: "local-endpoint",
        name: String(Deno.pid),
        processStart: await processStartIdentity(),
      }]);
      assert.equal(running.params.url, endpoint.url);
      assert.ok(!JSON.stringify(running).includes("token-that-must-not-be-stored"));

      const result = await invokeEndpoint({
        endpoint: endpoint.url,
        texts: ["a text"],
        token: "token-that-must-not-be-stored",
      });
      assert.deepEqual(result.predictions, [expectedPrediction("a text")]);
      await endpoint.stop();
      await endpoint.stop(); // twice is fine

      const finished = store.getRun(endpoint.recordId!)!;
      assert.equal(finished.status, "completed");
      assert.equal(finished.metrics.requests, 1);
      assert.deepEqual(finished.resources, []);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startModelEndpoint() fails clearly for a missing folder or a model that cannot load", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  const storePath = `${dir}/ade.sqlite`;
  try {
    await assert.rejects(
      startModelEndpoint({ modelDir: `${dir}/absent`, port: 0, log: () => {} }),
      (error: unknown) => error instanceof AdeError && /does not exist/.test(error.message),
    );
    await Deno.mkdir(`${dir}/model`);
    await assert.rejects(
      startModelEndpoint({
        modelDir: `${dir}/model`,
        port: 0,
        storePath,
        log: () => {},
        loadPredictor: () => Promise.reject(new Error("model.json is missing")),
      }),
      (error: unknown) => error instanceof AdeError && /model\.json is missing/.test(error.message),
    );
    const store = await ExperimentStore.open(storePath);
    const [run] = store.listRuns({ kind: "serve" });
    store.close();
    assert.equal(run.status, "failed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
