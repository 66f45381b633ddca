import assert from "node:assert/strict";
import { ensureBaselineModel } from "../../lib/pipeline/mod.ts";

Deno.test("ensureBaselineModel() returns an existing baseline without training", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-ensure-" });
  try {
    await Deno.mkdir(`${dir}/models/baseline/model`, { recursive: true });
    const found = await ensureBaselineModel({
      modelsDir: `${dir}/models`,
      dataDir: `${dir}/no-data-here`,
    });
    assert.deepEqual(found, {
      modelDir: `${dir}/models/baseline/model`,
      trained: false,
      preparedSplit: false,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
