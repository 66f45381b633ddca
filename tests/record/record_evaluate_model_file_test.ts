import assert from "node:assert/strict";
import { sha256File } from "../../lib/core/fs.ts";
import { recordEvaluateModelFile } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { savedModel } from "../evaluate/_saved_model.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("recordEvaluateModelFile() records an evaluate run with the manifest hash next to the test file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await savedModel(dir, syntheticRows(160, 21));
    await Deno.mkdir(`${dir}/split`);
    const testPath = await writeRows(`${dir}/split/test.jsonl`, syntheticRows(40, 22));
    await Deno.writeTextFile(`${dir}/split/manifest.json`, '{"split": "random"}\n');
    const outcome = await recordEvaluateModelFile(
      { modelDir: `${dir}/model`, testPath, metricsPath: `${dir}/m.json`, resamples: 50 },
      { storePath: `${dir}/ade.sqlite`, runId: "study-2" },
    );
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ kind: "evaluate" });
      assert.equal(run.id, outcome.recordId);
      assert.equal(run.name, "evaluate");
      assert.equal(run.runId, "study-2");
      assert.equal(run.manifestHash, await sha256File(`${dir}/split/manifest.json`));
      assert.deepEqual(run.artifacts, {
        model_dir: `${dir}/model`,
        metrics: `${dir}/m.json`,
        predictions: `${dir}/m.predictions.jsonl`,
      });
      assert.deepEqual(run.params, {
        model_dir: `${dir}/model`,
        test: testPath,
        seed: 42,
        hyperparameters: outcome.hyperparameters,
      });
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
