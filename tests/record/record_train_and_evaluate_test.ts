import assert from "node:assert/strict";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import { recordTrainAndEvaluate } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("recordTrainAndEvaluate() records an evaluate run with params, the report and the three paths", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storePath = `${dir}/ade.sqlite`;
    const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, threshold_folds: 0, max_iter: 20 };
    const outcome = await recordTrainAndEvaluate({
      name: "baseline",
      trainRows: syntheticRows(120, 1, "tr"),
      testRows: syntheticRows(40, 2, "te"),
      hyperparameters,
      seed: 42,
      outDir: `${dir}/baseline`,
      resamples: 50,
      manifestHash: "abc",
    }, { storePath, runId: "study-1" });
    const store = await ExperimentStore.open(storePath);
    try {
      const [run] = store.listRuns({ kind: "evaluate" });
      assert.equal(run.id, outcome.recordId);
      assert.equal(run.name, "baseline");
      assert.equal(run.runId, "study-1");
      assert.equal(run.status, "completed");
      assert.equal(run.manifestHash, "abc");
      assert.deepEqual(run.metrics, JSON.parse(JSON.stringify(outcome.metrics)));
      assert.deepEqual(run.artifacts, {
        model_dir: `${dir}/baseline/model`,
        metrics: `${dir}/baseline/metrics.json`,
        predictions: `${dir}/baseline/predictions.jsonl`,
      });
      assert.deepEqual(run.params, { hyperparameters, seed: 42, train_rows: 120, test_rows: 40 });
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recordTrainAndEvaluate() records a failed run and throws the stage's error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      recordTrainAndEvaluate({
        name: "empty",
        trainRows: [],
        testRows: syntheticRows(10, 2, "te"),
        hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
        seed: 1,
        outDir: `${dir}/empty`,
      }, { storePath: `${dir}/ade.sqlite`, runId: "study-f" }),
      RangeError,
    );
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const [run] = store.listRuns({ runId: "study-f" });
      assert.equal(run.status, "failed");
      assert.match(run.error ?? "", /no training rows/);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
