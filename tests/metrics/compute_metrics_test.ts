import assert from "node:assert/strict";
import { averagePrecision, computeMetrics, rocAuc } from "../../lib/metrics/mod.ts";
import { assertClose, GOLD, labels, SCORES } from "./_fixtures.ts";

Deno.test("computeMetrics() matches hand-computed counts and ratios at threshold 0.5", () => {
  const metrics = computeMetrics(GOLD, SCORES, 0.5);
  // Predicted AE: 0.9 (AE), 0.8 (no), 0.8 (AE), 0.7 (AE), 0.6 (no), 0.6 (no).
  assert.deepEqual(
    { n: metrics.n, tp: metrics.tp, fp: metrics.fp, fn: metrics.fn, tn: metrics.tn },
    { n: 10, tp: 3, fp: 3, fn: 2, tn: 2 },
  );
  assertClose(metrics.precision, 0.5);
  assertClose(metrics.recall, 0.6);
  assertClose(metrics.f1, 6 / 11);
  assertClose(metrics.accuracy, 0.5);
  // Negative-class F1 = 2·2 / (2·2 + 2 + 3) = 4/9.
  assertClose(metrics.macro_f1, (6 / 11 + 4 / 9) / 2);
  assert.equal(metrics.threshold, 0.5);
});

Deno.test("computeMetrics() AUCs equal scikit-learn's on tied scores", () => {
  const metrics = computeMetrics(GOLD, SCORES, 0.5);
  // sklearn.metrics.roc_auc_score / average_precision_score on the same data.
  assertClose(metrics.roc_auc, 0.62);
  assertClose(metrics.pr_auc, 0.6976190476190476);
});

Deno.test("computeMetrics() counts a score equal to the threshold as AE", () => {
  const metrics = computeMetrics(labels([1, 0]), [0.5, 0.49], 0.5);
  assert.equal(metrics.tp, 1);
  assert.equal(metrics.tn, 1);
  assert.equal(metrics.f1, 1);
});

Deno.test("computeMetrics() gives 0 for empty ratios and NaN AUCs when a class is absent", () => {
  const metrics = computeMetrics(labels([0, 0, 0]), [0.1, 0.2, 0.3], 0.5);
  assert.equal(metrics.precision, 0);
  assert.equal(metrics.recall, 0);
  assert.equal(metrics.f1, 0);
  assert.equal(metrics.accuracy, 1);
  assert.ok(Number.isNaN(metrics.roc_auc));
  assert.ok(Number.isNaN(metrics.pr_auc));
});

Deno.test("computeMetrics() rejects mismatched lengths and non-finite scores", () => {
  assert.throws(() => computeMetrics(labels([1, 0]), [0.5], 0.5), RangeError);
  assert.throws(() => computeMetrics(labels([1, 0]), [0.5, NaN], 0.5), /not a finite number/);
});

Deno.test("rocAuc() is 1 for perfect ranking, 0 for reversed and 0.5 when all scores tie", () => {
  const gold = [true, true, false, false];
  assert.equal(rocAuc(gold, [4, 3, 2, 1]), 1);
  assert.equal(rocAuc(gold, [1, 2, 3, 4]), 0);
  assert.equal(rocAuc(gold, [1, 1, 1, 1]), 0.5);
});

Deno.test("averagePrecision() follows the step-wise definition", () => {
  // Ranks: AE (P=1, R=1/2), Not_AE, AE (P=2/3, R=1): AP = 1/2·1 + 1/2·2/3.
  assertClose(averagePrecision([true, false, true], [0.9, 0.8, 0.7]), 0.5 + 1 / 3);
  // All tied: one step with precision = prevalence.
  assertClose(averagePrecision([true, false, false, false], [1, 1, 1, 1]), 0.25);
});
