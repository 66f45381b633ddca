import assert from "node:assert/strict";
import { chooseOperatingPoint } from "../../lib/adapt/mod.ts";
import type { Label } from "../../lib/data/mod.ts";

const AE: Label = "Adverse_Event";
const NO: Label = "Not_AE";

const positive: Label[] = [true, true, false, true, false, false, true, false].map((p) =>
  p ? "Adverse_Event" : "Not_AE"
);
const scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.1];

Deno.test("chooseOperatingPoint() without a target keeps the cut with the best F1, halfway to the next score", () => {
  const point = chooseOperatingPoint(positive, scores);
  // cuts: k=2 F1 2/3·… ; best is after 0.7 (tp 3, predicted 4): F1 = 6/8
  assert.equal(point.f1, 0.75);
  assert.ok(Math.abs(point.threshold - 0.65) < 1e-12);
  assert.equal(point.rule, "best F1");
});

Deno.test("chooseOperatingPoint() with a target recall returns the highest cut that reaches it", () => {
  const point = chooseOperatingPoint(positive, scores, { targetRecall: 1 });
  assert.equal(point.recall, 1);
  assert.ok(Math.abs(point.threshold - 0.25) < 1e-12);
  const half = chooseOperatingPoint(positive, scores, { targetRecall: 0.5 });
  assert.equal(half.recall, 0.5);
  assert.ok(Math.abs(half.threshold - 0.85) < 1e-12);
  assert.equal(half.rule, "recall ≥ 0.5");
});

Deno.test("chooseOperatingPoint() treats tied scores as one cut and rejects bad input", () => {
  const tied = chooseOperatingPoint([AE, NO, AE], [0.5, 0.5, 0.2], { targetRecall: 0.5 });
  assert.equal(tied.precision, 0.5);
  assert.throws(() => chooseOperatingPoint([NO, NO], [0.1, 0.2]), /no Adverse_Event row/);
  assert.throws(() => chooseOperatingPoint([AE], [0.1], { targetRecall: 0 }), /target recall/);
  assert.throws(() => chooseOperatingPoint([AE], [0.1, 0.2]), /1 labels but 2 scores/);
});
