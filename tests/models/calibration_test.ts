import assert from "node:assert/strict";
import { bestF1Threshold } from "../../lib/models/_best_f1_threshold.ts";
import { fitPlattScaling, plattProbability } from "../../lib/models/platt_scaling.ts";

Deno.test("bestF1Threshold() picks the cut with the highest F1, halfway between scores", () => {
  // Sorted: 0.9 (+), 0.8 (−), 0.7 (+), 0.2 (−). Cut after 0.7: P = 2/3, R = 1, F1 = 0.8.
  const choice = bestF1Threshold([true, false, true, false], [0.9, 0.8, 0.7, 0.2]);
  assert.ok(Math.abs(choice.f1 - 0.8) < 1e-12);
  assert.ok(Math.abs(choice.threshold - 0.45) < 1e-12);
});

Deno.test("bestF1Threshold() never cuts between equal scores and falls back without positives", () => {
  const choice = bestF1Threshold([true, false, false], [0.5, 0.5, 0.1]);
  assert.ok(choice.threshold < 0.5 && choice.threshold > 0.1);
  assert.deepEqual(bestF1Threshold([false, false], [0.3, 0.1], 0.5), { threshold: 0.5, f1: 0 });
});

Deno.test("fitPlattScaling() zeroes the gradient of its regularised likelihood", () => {
  const decisions = [-2, -1.5, -1, -0.2, 0.1, 0.3, 0.8, 1.2, 2, -0.5, 0.6, -0.1];
  const positive = [false, false, false, true, false, true, true, true, true, false, false, true];
  const platt = fitPlattScaling(decisions, positive);
  assert.ok(platt.a < 0, "larger decisions give larger probabilities");
  const positives = positive.filter(Boolean).length;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (positive.length - positives + 2);
  let ga = 0, gb = 0;
  decisions.forEach((f, i) => {
    const residual = (positive[i] ? high : low) - plattProbability(f, platt);
    ga += f * residual;
    gb += residual;
  });
  assert.ok(Math.abs(ga) < 1e-4 && Math.abs(gb) < 1e-4, `${ga} ${gb}`);
});

Deno.test("plattProbability() is stable for extreme decision values", () => {
  assert.equal(plattProbability(1e6, { a: -1, b: 0 }), 1);
  assert.equal(plattProbability(-1e6, { a: -1, b: 0 }), 0);
  assert.equal(plattProbability(0, { a: -1, b: 0 }), 0.5);
});
