import assert from "node:assert/strict";
import { computeMetrics, thresholdForRecall } from "../../lib/metrics/mod.ts";
import { assertClose, GOLD, labels, SCORES } from "./_fixtures.ts";

Deno.test("thresholdForRecall() takes the highest cut that reaches the recall, ties flagged together", () => {
  // GOLD has 5 positives; by score: 0.9 (+), 0.8 (+ and -), 0.7 (+), 0.6 (- -), 0.4 (+), 0.3, 0.1 (+).
  const expected: Array<[number, number, number]> = [
    // target, threshold (halfway to the next lower score), rows flagged
    [0.2, (0.9 + 0.8) / 2, 1],
    [0.4, (0.8 + 0.7) / 2, 3],
    [0.6, (0.7 + 0.6) / 2, 4],
    [0.61, (0.4 + 0.3) / 2, 7],
    [0.8, (0.4 + 0.3) / 2, 7],
    [1, 0.1, 10],
  ];
  for (const [target, threshold, flagged] of expected) {
    const point = thresholdForRecall(GOLD, SCORES, target);
    assertClose(point.threshold, threshold);
    assert.equal(point.tp + point.fp, flagged, `target ${target}`);
    assertClose(point.flaggedShare, flagged / 10);
    assert.ok(point.recall >= target, `recall ${point.recall} below ${target}`);
  }
});

Deno.test("thresholdForRecall() agrees with computeMetrics() at the threshold it returns", () => {
  for (const target of [0.1, 0.3, 0.5, 0.7, 0.9, 1]) {
    const point = thresholdForRecall(GOLD, SCORES, target);
    const metrics = computeMetrics(GOLD, SCORES, point.threshold);
    assert.deepEqual(
      [point.tp, point.fp, point.fn, point.tn, point.precision, point.recall, point.f1],
      [
        metrics.tp,
        metrics.fp,
        metrics.fn,
        metrics.tn,
        metrics.precision,
        metrics.recall,
        metrics.f1,
      ],
    );
  }
});

Deno.test("thresholdForRecall() is not fooled by floating point: 0.95 of 20 positives needs 19", () => {
  const gold = labels([...Array(20).fill(1), ...Array(20).fill(0)]);
  const scores = Array.from({ length: 40 }, (_, i) => 1 - i / 40);
  const point = thresholdForRecall(gold, scores, 0.95);
  assert.equal(point.tp, 19);
  assert.equal(point.fp, 0);
});

Deno.test("thresholdForRecall() rejects a target outside (0, 1], no positives and bad scores", () => {
  assert.throws(() => thresholdForRecall(GOLD, SCORES, 0), /target recall must be in \(0, 1\]/);
  assert.throws(() => thresholdForRecall(GOLD, SCORES, 1.5), /target recall/);
  assert.throws(() => thresholdForRecall(labels([0, 0]), [0.2, 0.4], 0.9), /no Adverse_Event row/);
  assert.throws(() => thresholdForRecall(GOLD, [0.1], 0.9), /10 gold labels but 1 predictions/);
  assert.throws(() => thresholdForRecall(labels([1]), [Number.NaN], 0.9), /not a finite number/);
});
