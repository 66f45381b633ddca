/**
 * The endpoint under mixed load: valid and malformed requests interleaved from several connections, a
 * fixed number each. Every valid answer is exactly the model's, every malformed request gets its 4xx,
 * nothing gets a 5xx, and the server process's memory stays flat.
 */
import assert from "node:assert/strict";
import { loadModel } from "../../lib/models/mod.ts";
import { residentKib, runMixedLoad, startServeProcess } from "../../bench/serve/_mixed_load.ts";
import { savedModel } from "../evaluate/_saved_model.ts";
import { syntheticRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("ade serve under mixed load: every valid answer correct, every malformed one its 4xx, no 5xx, memory flat", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-mixed-" });
  await savedModel(dir, syntheticRows(300, 31));
  const served = await loadModel(`${dir}/model`);
  const { url, child: server } = await startServeProcess(`${dir}/model`, `${dir}/s.sqlite`);
  try {
    const texts = syntheticRows(200, 32, "q").map((row) => row.text);
    const common = { url, texts, reference: (t: string[]) => served.predict(t), seed: 7 };
    // Warm-up, then the measured load; memory sampled after each.
    await runMixedLoad({ ...common, connections: 4, requestsPerConnection: 50 });
    const afterWarmUp = await residentKib(server.pid);
    const result = await runMixedLoad({ ...common, connections: 4, requestsPerConnection: 250 });
    const atEnd = await residentKib(server.pid);
    assert.equal(result.requests, 1000);
    assert.ok(result.valid > 200 && result.malformed > 500, JSON.stringify(result.byKind));
    assert.equal(result.validCorrect, result.valid, JSON.stringify(result.byKind));
    assert.equal(result.malformedRefused, result.malformed, JSON.stringify(result.byKind));
    assert.equal(result.serverErrors, 0);
    if (afterWarmUp !== undefined && atEnd !== undefined) {
      const growthMib = (atEnd - afterWarmUp) / 1024;
      assert.ok(
        growthMib < 64,
        `server memory grew ${growthMib.toFixed(1)} MiB over 1000 requests`,
      );
    }
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await server.stdout.cancel().catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
