import assert from "node:assert/strict";
import { resolveTrainingSetup } from "../../lib/evaluate/mod.ts";
import { loadModel } from "../../lib/models/mod.ts";
import { recordTrainModel } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

async function withDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("recordTrainModel() records a train run with the validation metrics and the model folder", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(200, 5));
    const validation = await writeRows(`${dir}/validation.jsonl`, syntheticRows(60, 6));
    const setup = await resolveTrainingSetup({
      train,
      validation,
      modelDir: `${dir}/model`,
      hyperparameters: ["max_iter=20", "tol=1e-9"],
      env: {},
    });
    const lines: string[] = [];
    const result = await recordTrainModel(setup, {
      checkpointEvery: 5,
      onMetricLine: (line) => lines.push(line),
      name: "train-test",
    }, { storePath: `${dir}/ade.sqlite`, runId: "study-3" });
    assert.ok(lines.length >= 2, `lines: ${lines.length}`);
    for (const line of lines) assert.match(line, /^f1: ([0-9.]+)$/);
    assert.equal(lines.at(-1), `f1: ${result.validation!.f1.toFixed(6)}`);
    assert.equal(result.f1History.length, lines.length);
    assert.equal(result.trainRows, 200);
    assert.equal(result.validationRows, 60);
    const model = await loadModel(`${dir}/model`);
    assert.equal(model.threshold, result.model.threshold);
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ kind: "train" });
      assert.equal(run.id, result.recordId);
      assert.equal(run.name, "train-test");
      assert.equal(run.metrics.f1, result.validation!.f1);
      assert.equal(run.artifacts.model_dir, `${dir}/model`);
      assert.equal(run.runId, "study-3");
      assert.equal(run.metrics.train_rows, 200);
      assert.deepEqual(run.metrics.f1_history, result.f1History);
      assert.deepEqual(run.params.train, [train]);
    } finally {
      store.close();
    }
  });
});
