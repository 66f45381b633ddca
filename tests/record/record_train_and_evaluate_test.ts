import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, loadModel } from "../../lib/models/mod.ts";
import { recordTrainAndEvaluate } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows } from "../evaluate/_synthetic_rows.ts";

Deno.test("recordTrainAndEvaluate() records an evaluate run with params, the report and the three paths", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const trainRows = syntheticRows(240, 1, "tr");
    const testRows = syntheticRows(80, 2, "te");
    const storePath = `${dir}/ade.sqlite`;
    const outcome = await recordTrainAndEvaluate({
      name: "baseline",
      trainRows,
      testRows,
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 42,
      outDir: `${dir}/baseline`,
      resamples: 200,
      manifestHash: "abc",
    }, { storePath, runId: "study-1" });
    assert.equal(outcome.name, "baseline");
    assert.equal(outcome.modelDir, `${dir}/baseline/model`);
    assert.ok(outcome.metrics.f1 > 0.8, `f1 ${outcome.metrics.f1}`);
    assert.ok(outcome.metrics.f1_ci.low <= outcome.metrics.f1);
    assert.ok(outcome.metrics.f1_ci_pmid);

    const written = JSON.parse(await Deno.readTextFile(outcome.metricsPath));
    assert.deepEqual(written, JSON.parse(JSON.stringify(outcome.metrics)));
    const predictions = await readJsonl<
      { id: string; label: string; score: number; gold: string; pmid: string }
    >(
      outcome.predictionsPath,
    );
    assert.deepEqual(predictions.map((row) => row.id), testRows.map((row) => row.id));
    assert.deepEqual(predictions.map((row) => row.gold), testRows.map((row) => row.label));
    assert.equal(predictions[0].pmid, testRows[0].pmid);
    // The predictions file reproduces the reported F1.
    const recomputed = computeMetrics(
      predictions.map((row) => row.gold as "Adverse_Event" | "Not_AE"),
      predictions.map((row) => row.score),
      outcome.metrics.threshold,
    );
    assert.equal(recomputed.f1, outcome.metrics.f1);

    const model = await loadModel(outcome.modelDir);
    assert.equal(model.threshold, outcome.metrics.threshold);

    const store = await ExperimentStore.open(storePath);
    try {
      const [run] = store.listRuns({ kind: "evaluate" });
      assert.equal(run.name, "baseline");
      assert.equal(run.runId, "study-1");
      assert.equal(run.status, "completed");
      assert.equal(run.metrics.f1, outcome.metrics.f1);
      assert.deepEqual(run.artifacts, {
        model_dir: outcome.modelDir,
        metrics: outcome.metricsPath,
        predictions: outcome.predictionsPath,
      });
      assert.equal(run.id, outcome.recordId);
      assert.equal(run.manifestHash, "abc");
      assert.equal(run.params.train_rows, 240);
      assert.equal(run.params.test_rows, 80);
      assert.deepEqual((run.params as { hyperparameters: unknown }).hyperparameters, {
        ...DEFAULT_HYPERPARAMETERS,
      });
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
