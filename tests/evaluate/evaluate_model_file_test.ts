import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { evaluateModelFile } from "../../lib/evaluate/mod.ts";
import { savedModel } from "./_saved_model.ts";
import { syntheticRows, writeRows } from "./_synthetic_rows.ts";

Deno.test("evaluateModelFile() writes metrics and predictions next to each other, recording nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await savedModel(dir, syntheticRows(160, 21));
    await Deno.mkdir(`${dir}/data`);
    const testPath = await writeRows(`${dir}/data/test.jsonl`, syntheticRows(50, 22));
    await Deno.writeTextFile(`${dir}/data/manifest.json`, '{"split": "grouped"}\n');
    const outcome = await evaluateModelFile({
      modelDir: `${dir}/model`,
      testPath,
      metricsPath: `${dir}/out/metrics.json`,
      name: "held-out",
      resamples: 100,
    });
    assert.equal(outcome.predictionsPath, `${dir}/out/metrics.predictions.jsonl`);
    const report = JSON.parse(await Deno.readTextFile(`${dir}/out/metrics.json`));
    assert.equal(report.n, 50);
    assert.equal(report.f1_ci.resamples, 100);
    const predictions = await readJsonl(`${dir}/out/metrics.predictions.jsonl`);
    assert.equal(predictions.length, 50);
    assert.deepEqual(Object.keys(predictions[0]), ["id", "label", "score", "gold", "pmid"]);
    assert.equal(await Deno.stat(`${dir}/ade.sqlite`).catch(() => null), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
