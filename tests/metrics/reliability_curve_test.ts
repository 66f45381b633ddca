import assert from "node:assert/strict";
import { reliabilityCurve } from "../../lib/metrics/mod.ts";
import { assertClose, GOLD, labels, SCORES } from "./_fixtures.ts";

Deno.test("reliabilityCurve() bins scores, compares mean score with the observed AE share", () => {
  const curve = reliabilityCurve(GOLD, SCORES, 5);
  // Bins of width 0.2: [0.0,0.2): 0.1 (+); [0.2,0.4): 0.3 0.3 (- -); [0.4,0.6): 0.4 (+);
  // [0.6,0.8): 0.7 0.6 0.6 (+ - -); [0.8,1.0]: 0.9 0.8 0.8 (+ - +).
  assert.deepEqual(curve.bins.map((bin) => bin.count), [1, 2, 1, 3, 3]);
  assert.deepEqual(curve.bins.map((bin) => bin.low), [0, 0.2, 0.4, 0.6, 0.8]);
  assertClose(curve.bins[3].mean_score, (0.7 + 0.6 + 0.6) / 3);
  assertClose(curve.bins[3].observed_rate, 1 / 3);
  assertClose(curve.bins[4].observed_rate, 2 / 3);
  const brier = SCORES.reduce(
    (sum, score, i) => sum + (score - (GOLD[i] === "Adverse_Event" ? 1 : 0)) ** 2,
    0,
  ) / SCORES.length;
  assertClose(curve.brier, brier);
  assertClose(curve.brier_reference, 0.25); // prevalence 0.5
  for (const bin of curve.bins) {
    assert.ok(
      bin.observed_ci.low <= bin.observed_rate && bin.observed_rate <= bin.observed_ci.high,
    );
    assert.ok(bin.observed_ci.low >= 0 && bin.observed_ci.high <= 1);
  }
});

Deno.test("reliabilityCurve() of a perfectly calibrated score has no calibration error", () => {
  // In each bin the observed share equals the score.
  const gold = labels([1, 0, 0, 0, 1, 1, 1, 0]);
  const scores = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
  const curve = reliabilityCurve(gold, scores, 4);
  assert.deepEqual(curve.bins.map((bin) => bin.observed_rate), [0.25, 0.75]);
  assertClose(curve.expected_calibration_error, 0);
});

Deno.test("reliabilityCurve() puts a score of 1 in the last bin and rejects bad bins", () => {
  const curve = reliabilityCurve(labels([1]), [1], 10);
  assert.equal(curve.bins[0].high, 1);
  assert.throws(() => reliabilityCurve(labels([1]), [0.5], 0), /bins must be a positive integer/);
  assert.throws(() => reliabilityCurve([], [], 10), /no rows/);
});
