import assert from "node:assert/strict";
import { resolveTrainingSetup } from "../../lib/evaluate/mod.ts";
import { recordTrainModel } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("recordTrainModel() records a train run with the validation metrics and the model folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(200, 5));
    const validation = await writeRows(`${dir}/validation.jsonl`, syntheticRows(60, 6));
    const setup = await resolveTrainingSetup({
      train,
      validation,
      modelDir: `${dir}/model`,
      hyperparameters: ["max_iter=20"],
      env: {},
    });
    const result = await recordTrainModel(
      setup,
      { name: "train-test" },
      { storePath: `${dir}/ade.sqlite`, runId: "study-3" },
    );
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ kind: "train" });
      assert.equal(run.id, result.recordId);
      assert.equal(run.name, "train-test");
      assert.equal(run.runId, "study-3");
      assert.equal(run.metrics.f1, result.validation!.f1);
      assert.equal(run.metrics.train_rows, 200);
      assert.equal(run.metrics.validation_rows, 60);
      assert.deepEqual(run.metrics.f1_history, result.f1History);
      assert.deepEqual(run.artifacts, { model_dir: `${dir}/model` });
      assert.deepEqual(run.params.train, [train]);
      assert.deepEqual(run.params.validation, [validation]);
      assert.equal(run.manifestHash, null);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
