import assert from "node:assert/strict";
import { confusionMatrixFigure, precisionRecallFigure } from "../../lib/figures/mod.ts";
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

Deno.test("precisionRecallFigure() draws a curve and an operating point per evaluation", () => {
  const figure = precisionRecallFigure([
    { name: "grouped", metrics, gold: GOLD, scores: SCORES },
    { name: "no scores", metrics },
  ]);
  assert.equal(figure.data.length, 2);
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
