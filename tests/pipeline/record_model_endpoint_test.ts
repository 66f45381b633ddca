import assert from "node:assert/strict";
import { AdeError, processStartIdentity } from "../../lib/core/mod.ts";
import { recordModelEndpoint } from "../../lib/pipeline/mod.ts";
import { invokeEndpoint } from "../../lib/serve/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { createFakePredictor, expectedPrediction } from "../serve/_fake_predictor.ts";

Deno.test("recordModelEndpoint() records a serve run with its pid as a local-endpoint resource until it stops", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  const storePath = `${dir}/ade.sqlite`;
  await Deno.mkdir(`${dir}/model`);
  try {
    const endpoint = await recordModelEndpoint({
      modelDir: `${dir}/model`,
      port: 0,
      token: "token-that-must-not-be-stored",
      log: () => {},
      loadPredictor: () => Promise.resolve(createFakePredictor()),
    }, { storePath, runId: "study-2" });
    const store = await ExperimentStore.open(storePath);
    try {
      const running = store.getRun(endpoint.recordId)!;
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

      const finished = store.getRun(endpoint.recordId)!;
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

Deno.test("recordModelEndpoint() marks the serve run failed when the model cannot load", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  const storePath = `${dir}/ade.sqlite`;
  try {
    await Deno.mkdir(`${dir}/model`);
    await assert.rejects(
      recordModelEndpoint({
        modelDir: `${dir}/model`,
        port: 0,
        log: () => {},
        loadPredictor: () => Promise.reject(new Error("model.json is missing")),
      }, { storePath }),
      (error: unknown) => error instanceof AdeError && /model\.json is missing/.test(error.message),
    );
    const store = await ExperimentStore.open(storePath);
    const [run] = store.listRuns({ kind: "serve" });
    store.close();
    assert.equal(run.status, "failed");
    assert.deepEqual(run.resources, [{
      type: "local-endpoint",
      name: String(Deno.pid),
      processStart: await processStartIdentity(),
    }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
