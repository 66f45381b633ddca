import assert from "node:assert/strict";
import { readJsonl, sha256File } from "../../lib/core/fs.ts";
import { recordEvaluateModelFile } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { savedModel } from "../evaluate/_saved_model.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("recordEvaluateModelFile() records an evaluate run with the manifest hash next to the test file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await savedModel(dir, syntheticRows(160, 21));
    await Deno.mkdir(`${dir}/data`);
    const testPath = await writeRows(`${dir}/data/test.jsonl`, syntheticRows(50, 22));
    await Deno.writeTextFile(`${dir}/data/manifest.json`, '{"split": "grouped"}\n');
    const outcome = await recordEvaluateModelFile({
      modelDir: `${dir}/model`,
      testPath,
      metricsPath: `${dir}/out/metrics.json`,
      name: "held-out",
      resamples: 100,
    }, { storePath: `${dir}/ade.sqlite`, runId: "study-2" });
    assert.equal(outcome.predictionsPath, `${dir}/out/metrics.predictions.jsonl`);
    const report = JSON.parse(await Deno.readTextFile(`${dir}/out/metrics.json`));
    assert.equal(report.n, 50);
    assert.equal(report.f1_ci.resamples, 100);
    const predictions = await readJsonl(`${dir}/out/metrics.predictions.jsonl`);
    assert.equal(predictions.length, 50);
    assert.deepEqual(Object.keys(predictions[0]), ["id", "label", "score", "gold", "pmid"]);
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ kind: "evaluate" });
      assert.equal(run.id, outcome.recordId);
      assert.equal(run.name, "held-out");
      assert.equal(run.runId, "study-2");
      assert.equal(run.manifestHash, await sha256File(`${dir}/data/manifest.json`));
      assert.deepEqual(Object.keys(run.artifacts).sort(), ["metrics", "model_dir", "predictions"]);
      assert.equal(run.params.model_dir, `${dir}/model`);
      assert.deepEqual(run.params.hyperparameters, outcome.hyperparameters);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
