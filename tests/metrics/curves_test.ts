import assert from "node:assert/strict";
import {
  computeMetrics,
  precisionRecallCurve,
  rocCurve,
  thresholdSweep,
} from "../../lib/metrics/mod.ts";
import { assertClose, GOLD, labels, SCORES } from "./_fixtures.ts";

Deno.test("precisionRecallCurve() has one point per distinct score, as scikit-learn", () => {
  const curve = precisionRecallCurve(GOLD, SCORES);
  assert.deepEqual(curve.thresholds, [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.1]);
  // scikit-learn's precision_recall_curve, reversed and without its final (P=1, R=0) point.
  const expectedPrecision = [1, 2 / 3, 0.75, 0.5, 4 / 7, 4 / 9, 0.5];
  const expectedRecall = [0.2, 0.4, 0.6, 0.6, 0.8, 0.8, 1];
  curve.precision.forEach((value, i) => assertClose(value, expectedPrecision[i]));
  curve.recall.forEach((value, i) => assertClose(value, expectedRecall[i]));
});

Deno.test("rocCurve() runs from (0,0) at Infinity to (1,1), as scikit-learn", () => {
  const curve = rocCurve(GOLD, SCORES);
  assert.equal(curve.thresholds[0], Infinity);
  assert.deepEqual(curve.thresholds.slice(1), [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.1]);
  const expectedFpr = [0, 0, 0.2, 0.2, 0.6, 0.6, 1, 1];
  const expectedTpr = [0, 0.2, 0.4, 0.6, 0.6, 0.8, 0.8, 1];
  curve.fpr.forEach((value, i) => assertClose(value, expectedFpr[i]));
  curve.tpr.forEach((value, i) => assertClose(value, expectedTpr[i]));
});

Deno.test("rocCurve() trapezoid area equals computeMetrics().roc_auc", () => {
  const curve = rocCurve(GOLD, SCORES);
  let area = 0;
  for (let i = 1; i < curve.fpr.length; i++) {
    area += (curve.fpr[i] - curve.fpr[i - 1]) * (curve.tpr[i] + curve.tpr[i - 1]) / 2;
  }
  assertClose(area, computeMetrics(GOLD, SCORES, 0.5).roc_auc);
});

Deno.test("thresholdSweep() agrees with computeMetrics() at every threshold", () => {
  const sweep = thresholdSweep(GOLD, SCORES);
  assert.equal(sweep.length, 101);
  for (const point of sweep) {
    const metrics = computeMetrics(GOLD, SCORES, point.threshold);
    assert.deepEqual(
      [point.tp, point.fp, point.fn, point.tn, point.f1, point.precision, point.recall],
      [
        metrics.tp,
        metrics.fp,
        metrics.fn,
        metrics.tn,
        metrics.f1,
        metrics.precision,
        metrics.recall,
      ],
    );
  }
});

Deno.test("thresholdSweep() keeps the given thresholds and order", () => {
  const sweep = thresholdSweep(labels([1, 0]), [0.7, 0.4], [0.5, 0.3, 0.8]);
  assert.deepEqual(sweep.map((point) => point.threshold), [0.5, 0.3, 0.8]);
  assert.deepEqual(sweep.map((point) => point.f1), [1, 2 / 3, 0]);
});
