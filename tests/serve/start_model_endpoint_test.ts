import assert from "node:assert/strict";
import { AdeError, processStartIdentity } from "../../lib/core/mod.ts";
import { invokeEndpoint, startModelEndpoint } from "../../lib/serve/mod.ts";
import { createFakePredictor, expectedPrediction } from "./_fake_predictor.ts";

Deno.test("startModelEndpoint() reports its pid as a local-endpoint resource once listening, and removes it on stop", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
  await Deno.mkdir(`${dir}/model`);
  try {
    const events: string[] = [];
    const endpoint = await startModelEndpoint({
      modelDir: `${dir}/model`,
      port: 0,
      log: () => {},
      loadPredictor: () => Promise.resolve(createFakePredictor()),
      onListening: (url) => events.push(`listening ${url}`),
      resources: {
        created: (resource) => events.push(`created ${JSON.stringify(resource)}`),
        removed: (type, name) => events.push(`removed ${type} ${name}`),
      },
    });
    const resource = {
      type: "local-endpoint",
      name: String(Deno.pid),
      processStart: await processStartIdentity(),
    };
    assert.deepEqual(events, [`listening ${endpoint.url}`, `created ${JSON.stringify(resource)}`]);
    const result = await invokeEndpoint({ endpoint: endpoint.url, texts: ["a text"] });
    assert.deepEqual(result.predictions, [expectedPrediction("a text")]);
    await endpoint.stop();
    await endpoint.stop(); // twice is fine
    assert.deepEqual(events.slice(2), [`removed local-endpoint ${Deno.pid}`]);
    assert.equal(endpoint.stats.requests, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startModelEndpoint() fails clearly for a missing folder or a model that cannot load", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-" });
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
        log: () => {},
        loadPredictor: () => Promise.reject(new Error("model.json is missing")),
      }),
      (error: unknown) => error instanceof AdeError && /model\.json is missing/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
