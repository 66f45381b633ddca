/** McNemar's exact test of two classifiers on the same rows. */
import type { Label } from "../data/mod.ts";
import { _goldPositives } from "./_counts.ts";

/** Discordant counts and the exact two-sided p-value. */
export interface McNemarResult {
  /** Rows A gets right and B gets wrong. */
  b: number;
  /** Rows A gets wrong and B gets right. */
  c: number;
  /** Exact two-sided p-value: `min(1, 2 · P(X ≤ min(b, c)))`, `X ~ Binomial(b + c, 1/2)`; 1 when b + c = 0. */
  pValue: number;
}

/**
 * McNemar's exact (binomial) test: do A and B make errors on different rows more often one way than the
 * other? Only the discordant rows count.
 * @param gold gold labels
 * @param predictedA whether each row was predicted AE by A
 * @param predictedB whether each row was predicted AE by B
 * @returns `b`, `c` and the two-sided p-value
 * @throws {RangeError} when lengths differ
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const { b, c, pValue } = mcnemarExact(gold, [true, true, false, false], [true, false, true, false]);
 * console.log(b, c, pValue); // 0 2 0.5
 * ```
 */
export function mcnemarExact(
  gold: readonly Label[],
  predictedA: readonly boolean[],
  predictedB: readonly boolean[],
): McNemarResult {
  const goldPositive = _goldPositives(gold, predictedA.length, "mcnemarExact");
  if (predictedB.length !== predictedA.length) {
    throw new RangeError(
      `mcnemarExact: ${predictedA.length} predictions in A but ${predictedB.length} in B`,
    );
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < goldPositive.length; i++) {
    const rightA = predictedA[i] === goldPositive[i];
    const rightB = predictedB[i] === goldPositive[i];
    if (rightA && !rightB) b++;
    else if (!rightA && rightB) c++;
  }
  return { b, c, pValue: exactBinomialTwoSided(b, c) };
}

/**
 * Two-sided exact binomial p-value for `b` vs `c` under p = 1/2: `min(1, 2 · P(X ≤ min(b, c)))`.
 * Summed in log space so it stays accurate for thousands of discordant rows.
 * @param b count of one kind of discordant pair
 * @param c count of the other kind
 * @returns the p-value (1 when both are 0)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(exactBinomialTwoSided(0, 5), 2 / 32);
 * ```
 */
export function exactBinomialTwoSided(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  if (2 * k >= n) return 1; // b = c: the smaller tail holds at least half the mass
  let tail: number;
  if (n <= 1000) {
    // P(X = i) = C(n, i) / 2^n, built up exactly enough in linear space (2^-1000 is still a normal double).
    let term = Math.pow(0.5, n);
    tail = term;
    for (let i = 1; i <= k; i++) {
      term *= (n - i + 1) / i;
      tail += term;
    }
  } else {
    // Log space for large n: log P(X = i) = log C(n, i) − n log 2.
    const logHalfPower = -n * Math.LN2;
    let logChoose = 0;
    const terms: number[] = [logHalfPower];
    for (let i = 1; i <= k; i++) {
      logChoose += Math.log((n - i + 1) / i);
      terms.push(logChoose + logHalfPower);
    }
    const maxLog = terms[terms.length - 1]; // terms grow with i while i < n / 2
    let sum = 0;
    for (const logTerm of terms) sum += Math.exp(logTerm - maxLog);
    tail = Math.exp(maxLog + Math.log(sum));
  }
  return Math.min(1, 2 * tail);
}
