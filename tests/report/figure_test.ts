import assert from "node:assert/strict";
import {
  confusionMatrixFigure,
  ExperimentStore,
  f1IntervalFigure,
  loadComparison,
  loadTuningTrials,
  plotlyFigure,
  plotlyScript,
  precisionRecallFigure,
  showInNotebook,
  tuningHistoryFigure,
} from "../../lib/report/mod.ts";
import { makeFixtureStore } from "./_fixture.ts";

const display = Symbol.for("Jupyter.display");
type Displayable = { [display](): Promise<Record<string, unknown>> };

Deno.test("plotlyScript() reads the plotly.js bundle from node_modules", async () => {
  const script = await plotlyScript();
  assert.match(script.slice(0, 200), /plotly\.js v\d+\.\d+\.\d+/);
  assert.ok(script.length > 1_000_000);
});

Deno.test("plotlyFigure() displays as Plotly MIME, HTML and text, inlining plotly.js only once", async () => {
  const first = plotlyFigure([{ type: "bar", x: ["a"], y: [1] }], { title: { text: "One" } });
  const second = plotlyFigure([{ type: "bar", x: ["b"], y: [2] }], { title: "Two" });
  const firstBundle = await (first as unknown as Displayable)[display]();
  const secondBundle = await (second as unknown as Displayable)[display]();
  assert.deepEqual(firstBundle["application/vnd.plotly.v1+json"], {
    data: [{ type: "bar", x: ["a"], y: [1] }],
    layout: { title: { text: "One" } },
  });
  assert.equal(firstBundle["text/plain"], "Plotly figure: One");
  assert.equal(secondBundle["text/plain"], "Plotly figure: Two");
  const firstHtml = firstBundle["text/html"] as string;
  const secondHtml = secondBundle["text/html"] as string;
  assert.match(firstHtml, /plotly\.js v\d/);
  assert.doesNotMatch(secondHtml, /plotly\.js v\d/);
  assert.match(secondHtml, /Plotly\.newPlot\("ade-fig-[0-9a-f]{8}"/);
  assert.ok(!secondHtml.includes("</script>" + "</script>"));
});

Deno.test("comparison figures carry one trace per configuration with the stored numbers", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 200 });
  const history = await loadTuningTrials(store, { runId: fixture.runId });
  store.close();

  const f1 = f1IntervalFigure(comparison);
  const trace = f1.data[0] as { y: number[]; error_y: { array: number[]; arrayminus: number[] } };
  assert.deepEqual(trace.y, comparison.entries.map((entry) => entry.metrics.f1));
  comparison.entries.forEach((entry, i) => {
    assert.ok(Math.abs(trace.y[i] + trace.error_y.array[i] - entry.metrics.f1_ci.high) < 1e-12);
    assert.ok(Math.abs(trace.y[i] - trace.error_y.arrayminus[i] - entry.metrics.f1_ci.low) < 1e-12);
  });

  const pr = precisionRecallFigure(comparison);
  assert.equal(pr.data.length, 2 * comparison.entries.length);
  const baselineCurve = pr.data[0] as { x: number[]; y: number[] };
  assert.equal(baselineCurve.x.at(-1), 1, "the curve ends at recall 1");

  const confusion = confusionMatrixFigure(comparison);
  assert.equal(confusion.data.length, 3);
  const { tp, fn, fp, tn } = comparison.entries[1].metrics.confusion;
  assert.deepEqual((confusion.data[1] as { z: number[][] }).z, [[tp, fn], [fp, tn]]);
  assert.equal(confusion.data[1].xaxis, "x2");

  assert.ok(history);
  assert.equal(history.trials.length, 6);
  const tuning = tuningHistoryFigure(history);
  const [points, best] = tuning.data as Array<{ x: number[]; y: number[] }>;
  assert.deepEqual(points.x, [1, 2, 3, 5, 6], "the failed trial has no point");
  assert.deepEqual(best.y, [0.61, 0.61, 0.66, 0.66, 0.69]);
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
  store.close();
  assert.deepEqual(history?.trials.map((trial) => [trial.trial, trial.objective]), [
    [1, null],
    [2, 0.7],
  ]);
});

Deno.test("showInNotebook() does nothing outside the Jupyter kernel", async () => {
  assert.throws(() => (Deno as unknown as { jupyter: unknown }).jupyter, /deno jupyter/);
  const started = performance.now();
  await showInNotebook([plotlyFigure([], {})], 10_000);
  assert.ok(performance.now() - started < 5_000, "returned without waiting");
});
