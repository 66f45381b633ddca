import assert from "node:assert/strict";
import { tuningHistoryFigure } from "../../lib/figures/mod.ts";
import { comparisonFigures, loadComparison, loadTuningTrials } from "../../lib/report/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { makeFixtureStore } from "./_fixture.ts";

Deno.test("comparison figures carry one trace per configuration with the stored numbers", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 200 });
  const history = await loadTuningTrials(store, { runId: fixture.runId });
  store.close();

  const figures = comparisonFigures(comparison);
  assert.deepEqual(figures.map((item) => item.key), ["f1-ci", "pr-curves", "confusion"]);
  const [f1, pr, confusion] = figures.map((item) => item.figure);
  const trace = f1.data[0] as { y: number[]; error_y: { array: number[]; arrayminus: number[] } };
  assert.deepEqual(trace.y, comparison.entries.map((entry) => entry.metrics.f1));
  comparison.entries.forEach((entry, i) => {
    assert.ok(Math.abs(trace.y[i] + trace.error_y.array[i] - entry.metrics.f1_ci.high) < 1e-12);
    assert.ok(Math.abs(trace.y[i] - trace.error_y.arrayminus[i] - entry.metrics.f1_ci.low) < 1e-12);
  });

  // A curve and an operating point per configuration, then the no-skill line (one test set).
  assert.equal(pr.data.length, 2 * comparison.entries.length + 1);
  const baselineCurve = pr.data[0] as { x: number[]; y: number[] };
  assert.equal(baselineCurve.x.at(-1), 1, "the curve ends at recall 1");

  assert.equal(confusion.data.length, 3);
  const { tp, fn, fp, tn } = comparison.entries[1].metrics.confusion;
  assert.deepEqual((confusion.data[1] as { z: number[][] }).z, [[tp, fn], [fp, tn]]);
  assert.equal(confusion.data[1].xaxis, "x2");

  assert.ok(history);
  assert.equal(history.trials.length, 6);
  const tuning = tuningHistoryFigure(history.trials);
  const [points, best] = tuning.data as Array<{ x: number[]; y: number[] }>;
  assert.deepEqual(points.x, [1, 2, 3, 5, 6], "the failed trial has no point");
  // The best-so-far step line has a value at every trial, the failed trial 4 included.
  assert.deepEqual(best.y, [0.61, 0.61, 0.66, 0.66, 0.66, 0.69]);
});

Deno.test("loadTuningTrials() reads a trials.jsonl when given one", async () => {
  const fixture = await makeFixtureStore({ tuning: false });
  const trialsPath = `${fixture.dir}/trials.jsonl`;
  await Deno.writeTextFile(
    trialsPath,
    [
      { trial: 2, params: { C: 2 }, status: "Completed", objective: 0.7, seconds: 1 },
      { trial: 1, params: { C: 1 }, status: "Failed", objective: null, seconds: 1 },
    ].map((row) => JSON.stringify(row)).join("\n") + "\n",
  );
  const store = await ExperimentStore.open(fixture.storePath);
  assert.equal(await loadTuningTrials(store, { runId: fixture.runId }), undefined);
  const history = await loadTuningTrials(store, { trialsPath });
  await assert.rejects(
    loadTuningTrials(store, { trialsPath: `${fixture.dir}/missing.jsonl` }),
    /missing\.jsonl: file not found/,
  );
  store.close();
  assert.deepEqual(history?.trials.map((trial) => [trial.trial, trial.objective]), [
    [1, null],
    [2, 0.7],
  ]);
});
