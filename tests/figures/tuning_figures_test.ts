import assert from "node:assert/strict";
import { parallelCoordinatesFigure, tuningHistoryFigure } from "../../lib/figures/mod.ts";
import { localSpace, type TrialRecord } from "../../lib/tune/mod.ts";

const trials: TrialRecord[] = [
  {
    trial: 1,
    params: {
      model: "tfidf-svm",
      C: 1,
      word_ngram_max: 2,
      char_ngram_max: 5,
      min_df: 2,
      class_weight: "none",
    },
    status: "Completed",
    objective: 0.6,
    seconds: 1,
  },
  {
    trial: 2,
    params: { model: "tfidf-logreg", C: 10 },
    status: "Failed",
    objective: null,
    seconds: 1,
  },
  {
    trial: 3,
    params: {
      model: "tfidf-logreg",
      C: 0.1,
      word_ngram_max: 1,
      char_ngram_max: 4,
      min_df: 1,
      class_weight: "balanced",
    },
    status: "Completed",
    objective: 0.7,
    seconds: 1,
  },
];

Deno.test("tuningHistoryFigure() draws completed trials and a best-so-far step line", () => {
  const figure = tuningHistoryFigure(trials);
  const completed = figure.data.find((trace) => trace.name === "Completed")!;
  assert.deepEqual(completed.x, [1, 3]);
  const best = figure.data.find((trace) => trace.name === "best so far")!;
  assert.deepEqual(best.y, [0.6, 0.6, 0.7]);
});

Deno.test("parallelCoordinatesFigure() has one axis per range plus F1, log axes for log ranges", () => {
  const figure = parallelCoordinatesFigure(trials, localSpace());
  const dimensions = figure.data[0].dimensions as Array<{ label: string; values: number[] }>;
  assert.deepEqual(dimensions.map((d) => d.label), [
    "model",
    "log10 C",
    "word_ngram_max",
    "char_ngram_max",
    "min_df",
    "class_weight",
    "F1",
  ]);
  assert.deepEqual(dimensions[0].values, [0, 1]);
  assert.deepEqual(dimensions[1].values, [0, -1]);
  assert.deepEqual(dimensions[6].values, [0.6, 0.7]);
});
