import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import type { Label } from "../../lib/data/mod.ts";
import { bootstrapF1Interval, pairedBootstrapF1Difference } from "../../lib/metrics/mod.ts";
import { assertClose, labels } from "./_fixtures.ts";

Deno.test("pairedBootstrapF1Difference() reports F1(B) − F1(A) on the full data", () => {
  const gold = labels([1, 1, 1, 1, 0, 0, 0, 0]);
  const predictedA = [true, true, false, false, true, false, false, false]; // F1 = 4/7
  const predictedB = [true, true, true, false, false, false, false, false]; // F1 = 6/7
  const result = pairedBootstrapF1Difference(gold, predictedA, predictedB, { seed: 1 });
  assertClose(result.difference, 6 / 7 - 4 / 7);
  assert.equal(result.resamples, 1000);
  assert.equal(result.method, "bootstrap-percentile-rows");
  assert.ok(result.low <= result.difference && result.difference <= result.high);
});

Deno.test("pairedBootstrapF1Difference() of identical predictions is exactly zero", () => {
  const gold = labels([1, 0, 1, 0, 1]);
  const predicted = [true, true, false, false, true];
  const result = pairedBootstrapF1Difference(gold, predicted, predicted, {
    seed: 5,
    resamples: 50,
  });
  assert.deepEqual([result.difference, result.low, result.high], [0, 0, 0]);
});

Deno.test("pairedBootstrapF1Difference() is narrower than unpaired intervals for correlated models", () => {
  // B fixes 10% of A's errors and is otherwise identical: the paired interval must exclude 0, while the
  // two separate intervals overlap.
  const rng = createRng(11);
  const gold: Label[] = [];
  const predictedA: boolean[] = [];
  const predictedB: boolean[] = [];
  for (let i = 0; i < 2000; i++) {
    const positive = rng.next() < 0.3;
    const wrongA = rng.next() < 0.2;
    const fixedByB = wrongA && rng.next() < 0.25;
    gold.push(positive ? "Adverse_Event" : "Not_AE");
    predictedA.push(wrongA ? !positive : positive);
    predictedB.push(wrongA && !fixedByB ? !positive : positive);
  }
  const paired = pairedBootstrapF1Difference(gold, predictedA, predictedB, {
    seed: 3,
    resamples: 400,
  });
  const intervalA = bootstrapF1Interval(gold, predictedA, { seed: 3, resamples: 400 });
  const intervalB = bootstrapF1Interval(gold, predictedB, { seed: 4, resamples: 400 });
  assert.ok(paired.low > 0, `paired interval ${paired.low}..${paired.high}`);
  assert.ok(intervalB.low < intervalA.high, "separate intervals should overlap here");
  assert.ok(paired.high - paired.low < (intervalA.high - intervalA.low));
});

Deno.test("pairedBootstrapF1Difference() resamples clusters when groups are given", () => {
  const gold = labels([1, 1, 0, 0, 1, 0]);
  const a = [true, false, false, true, true, false];
  const b = [true, true, false, false, true, false];
  const result = pairedBootstrapF1Difference(gold, a, b, {
    seed: 9,
    resamples: 100,
    groups: ["p1", "p1", "p2", "p2", "p3", "p3"],
  });
  assert.equal(result.method, "bootstrap-percentile-clusters");
  assert.throws(() => pairedBootstrapF1Difference(gold, a, b.slice(1), { seed: 1 }), RangeError);
});
