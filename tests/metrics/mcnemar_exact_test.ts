import assert from "node:assert/strict";
import { exactBinomialTwoSided, mcnemarExact } from "../../lib/metrics/mod.ts";
import { assertClose, labels } from "./_fixtures.ts";

Deno.test("mcnemarExact() counts discordant rows and gives the exact two-sided p-value", () => {
  const gold = labels([1, 1, 1, 0, 0, 0, 1]);
  const predictedA = [true, true, false, false, true, false, false];
  const predictedB = [true, false, true, true, false, false, true];
  // A right/B wrong: rows 1, 3 → b = 2; A wrong/B right: rows 2, 4, 6 → c = 3.
  const result = mcnemarExact(gold, predictedA, predictedB);
  assert.equal(result.b, 2);
  assert.equal(result.c, 3);
  // 2 · P(X ≤ 2), X ~ Bin(5, 1/2) = 2 · 16/32 = 1.
  assert.equal(result.pValue, 1);
});

Deno.test("exactBinomialTwoSided() matches hand-computed and SciPy values", () => {
  assert.equal(exactBinomialTwoSided(0, 0), 1);
  assertClose(exactBinomialTwoSided(0, 5), 2 / 32);
  assertClose(exactBinomialTwoSided(9, 1), 22 / 1024);
  // scipy.stats.binomtest(3, 10).pvalue and binomtest(1000, 2100).pvalue.
  assertClose(exactBinomialTwoSided(3, 7), 0.34375);
  assertClose(exactBinomialTwoSided(1000, 1100), 0.030720707864242486, 1e-10);
});

Deno.test("mcnemarExact() rejects prediction sets of different lengths", () => {
  assert.throws(() => mcnemarExact(labels([1, 0]), [true, false], [true]), RangeError);
});
