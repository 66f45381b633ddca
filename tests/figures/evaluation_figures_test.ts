import assert from "node:assert/strict";
import {
  coincidingCurves,
  confusionMatrixFigure,
  f1IntervalFigure,
  leakageFigure,
  operatingPointsFigure,
  parameterImportanceFigure,
  type PlotlyFigure,
  precisionRecallFigure,
  reliabilityFigure,
} from "../../lib/figures/mod.ts";
import { reliabilityCurve } from "../../lib/metrics/mod.ts";
import { buildEvaluationReport } from "../../lib/metrics/mod.ts";
import { GOLD, SCORES } from "../metrics/_fixtures.ts";

const metrics = buildEvaluationReport(GOLD, SCORES, 0.5, {
  seed: 1,
  resamples: 50,
  pmids: GOLD.map((_, i) => `p${Math.floor(i / 2)}`),
});

Deno.test("confusionMatrixFigure() puts one heatmap per evaluation with the counts as text", () => {
  const figure = confusionMatrixFigure([{ name: "a", metrics }, { name: "b", metrics }]);
  assert.equal(figure.data.length, 2);
  assert.deepEqual(figure.data[0].customdata, [[3, 2], [3, 2]]);
  const texts = (figure.layout.annotations as Array<{ text: string }>).map((a) => a.text);
  assert.deepEqual(texts.slice(0, 4), ["3", "2", "3", "2"]);
  assert.ok(figure.layout.xaxis2);
});

Deno.test("precisionRecallFigure() draws a curve and an operating point per evaluation, then no skill", () => {
  const figure = precisionRecallFigure([
    { name: "grouped", metrics, gold: GOLD, scores: SCORES },
    { name: "no scores", metrics },
  ]);
  assert.equal(figure.data.length, 3);
  const noSkill = figure.data[2] as { name: string; y: number[] };
  assert.deepEqual(noSkill.y, [0.5, 0.5]); // GOLD: 5 AE rows of 10
  assert.match(noSkill.name, /^no skill/);
  const curve = figure.data[0] as { x: number[]; y: number[] };
  assert.equal(curve.x.length, 8);
  assert.equal(curve.x.at(-1), 1);
  assert.deepEqual((figure.data[1] as { x: number[] }).x, [metrics.recall]);
});

Deno.test("precisionRecallFigure() keeps large curves small, ending at full recall", () => {
  const count = 5000;
  const gold = Array.from(
    { length: count },
    (_, i) => (i % 3 === 0 ? "Adverse_Event" : "Not_AE"),
  ) as (
    | "Adverse_Event"
    | "Not_AE"
  )[];
  const scores = Array.from({ length: count }, (_, i) => (i * 7919) % count / count);
  const figure = precisionRecallFigure([{ name: "big", metrics, gold, scores }]);
  const curve = figure.data[0] as { x: number[] };
  assert.ok(curve.x.length <= 402, `${curve.x.length} points`);
  assert.equal(curve.x.at(-1), 1);
});

Deno.test("precisionRecallFigure() says when two curves coincide and draws the later one dashed", () => {
  const figure = precisionRecallFigure([
    { name: "baseline", metrics, gold: GOLD, scores: SCORES },
    { name: "tuned", metrics, gold: GOLD, scores: [...SCORES] },
    { name: "other", metrics, gold: GOLD, scores: SCORES.map((score) => 1 - score) },
  ]);
  const lines = figure.data.filter((trace) => trace.mode === "lines") as Array<
    { name: string; line: { dash?: string } }
  >;
  assert.match(lines[1].name, /^tuned .*same curve as baseline$/);
  assert.equal(lines[1].line.dash, "dash");
  assert.doesNotMatch(lines[2].name, /same curve/);
  assert.deepEqual([...coincidingCurves([
    { name: "a", gold: GOLD, scores: SCORES },
    { name: "b", gold: GOLD, scores: SCORES },
    { name: "c", gold: GOLD, scores: SCORES },
  ])], [["b", "a"], ["c", "a"]]);
});

Deno.test("operatingPointsFigure() draws the flagged share with its interval at every point", () => {
  const figure = operatingPointsFigure([{ name: "baseline", points: metrics.operating_points }]);
  const bars = figure.data[0] as {
    x: string[];
    y: number[];
    error_y: { array: number[]; arrayminus: number[] };
  };
  assert.deepEqual(bars.x, ["model threshold", "recall ≥ 0.90", "recall ≥ 0.95", "recall ≥ 0.99"]);
  metrics.operating_points.forEach((point, i) => {
    assert.equal(bars.y[i], point.flagged_share);
    assert.ok(Math.abs(bars.y[i] + bars.error_y.array[i] - point.flagged_share_ci.high) < 1e-12);
    assert.ok(
      Math.abs(bars.y[i] - bars.error_y.arrayminus[i] - point.flagged_share_ci.low) < 1e-12,
    );
  });
});

Deno.test("reliabilityFigure() draws the diagonal and each curve with its Brier score", () => {
  const curve = reliabilityCurve(GOLD, SCORES, 5);
  const figure = reliabilityFigure([{ name: "baseline", curve }]);
  assert.deepEqual((figure.data[0] as { y: number[] }).y, [0, 1]);
  const trace = figure.data[1] as { name: string; x: number[]; y: number[] };
  assert.equal(trace.name, `baseline (Brier ${curve.brier.toFixed(3)})`);
  assert.deepEqual(trace.y, curve.bins.map((bin) => bin.observed_rate));
});

Deno.test("leakageFigure() labels every bar with its value, a zero bar as 0%", () => {
  const figure = leakageFigure([
    { split: "random", test_rows: 100, pmid_overlap: 90, test_positive_text_in_train: 0.5 },
    { split: "grouped", test_rows: 80, pmid_overlap: 0, test_positive_text_in_train: 0 },
  ]);
  assert.deepEqual((figure.data[0] as { text: string[] }).text, ["50.0%", "0%"]);
  assert.deepEqual((figure.data[1] as { text: string[] }).text, ["90.0%", "0%"]);
  for (const trace of figure.data) assert.equal(trace.textposition, "outside");
});

Deno.test("parameterImportanceFigure() sorts the bars, largest on top", () => {
  const figure = parameterImportanceFigure([
    { name: "C", importance: 0.7 },
    { name: "min_df", importance: 0.05 },
  ]);
  assert.deepEqual((figure.data[0] as { y: string[] }).y, ["min_df", "C"]);
});

Deno.test("charts of metrics keep their axes within [0, 1]", () => {
  const charts: PlotlyFigure[] = [
    precisionRecallFigure([{ name: "a", metrics, gold: GOLD, scores: SCORES }]),
    f1IntervalFigure([{ name: "a", metrics }]),
    operatingPointsFigure([{ name: "a", points: metrics.operating_points }]),
    reliabilityFigure([{ name: "a", curve: reliabilityCurve(GOLD, SCORES) }]),
  ];
  for (const chart of charts) {
    const range = (chart.layout.yaxis as { range: number[] }).range;
    assert.deepEqual(range, [0, 1], chart.title);
  }
});
