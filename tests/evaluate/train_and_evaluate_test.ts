import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { trainAndEvaluate } from "../../lib/evaluate/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { DEFAULT_HYPERPARAMETERS, loadModel } from "../../lib/models/mod.ts";
import { syntheticRows } from "./_synthetic_rows.ts";

Deno.test("trainAndEvaluate() writes model, metrics and predictions and records nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const trainRows = syntheticRows(240, 1, "tr");
    const testRows = syntheticRows(80, 2, "te");
    const outcome = await trainAndEvaluate({
      name: "baseline",
      trainRows,
      testRows,
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 42,
      outDir: `${dir}/baseline`,
      resamples: 200,
    });
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
    const written_files = [];
    for await (const entry of Deno.readDir(dir)) written_files.push(entry.name);
    assert.deepEqual(written_files, ["baseline"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainAndEvaluate() is deterministic for a seed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const options = {
      name: "x",
      trainRows: syntheticRows(160, 3),
      testRows: syntheticRows(60, 4),
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 7,
      resamples: 100,
    };
    const first = await trainAndEvaluate({ ...options, outDir: `${dir}/a` });
    const second = await trainAndEvaluate({ ...options, outDir: `${dir}/b` });
    assert.deepEqual(first.metrics, second.metrics);
    assert.equal(
      await Deno.readTextFile(first.predictionsPath),
      await Deno.readTextFile(second.predictionsPath),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainAndEvaluate() refuses empty row sets", async () => {
  await assert.rejects(
    trainAndEvaluate({
      name: "x",
      trainRows: [],
      testRows: syntheticRows(10, 1),
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 1,
      outDir: "/nonexistent/never-written",
    }),
    /no training rows/,
  );
});
