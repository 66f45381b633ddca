/** Precision, recall and F1 at a list of decision thresholds. */
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives, _ratesFromCounts, type ConfusionCounts } from "./_counts.ts";

/** Metrics at one threshold of a {@link thresholdSweep}. */
export interface ThresholdPoint extends ConfusionCounts {
  /** A row is predicted AE when `score >= threshold`. */
  threshold: number;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** F1 of the AE class. */
  f1: number;
}

/** The default sweep: 0.00, 0.01, …, 1.00. */
const DEFAULT_SWEEP_THRESHOLDS: readonly number[] = Array.from(
  { length: 101 },
  (_, i) => i / 100,
);

/**
 * Precision, recall, F1 and confusion counts at each threshold (predicted AE when `score >= threshold`).
 * @param gold gold labels
 * @param scores probability of `Adverse_Event`, one per row
 * @param thresholds thresholds to try, in the order wanted (default 0.00 to 1.00 in steps of 0.01)
 * @returns one point per threshold, in the given order
 * @throws {RangeError} when lengths differ or a score is not finite
 * @example
 * ```ts
 * const sweep = thresholdSweep(["Adverse_Event", "Not_AE"], [0.7, 0.4], [0.3, 0.5]);
 * sweep[1].f1; // 1
 * ```
 */
export function thresholdSweep(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  thresholds: readonly number[] = DEFAULT_SWEEP_THRESHOLDS,
): ThresholdPoint[] {
  const goldPositive = _goldPositives(gold, scores.length, "thresholdSweep");
  _checkScores(scores, "thresholdSweep");
  const positives = goldPositive.filter(Boolean).length;
  const negatives = goldPositive.length - positives;
  // Sorted scores per class, so each threshold is two binary searches.
  const positiveScores = Float64Array.from(
    goldPositive.flatMap((isAe, i) => (isAe ? [scores[i]] : [])),
  ).sort();
  const negativeScores = Float64Array.from(
    goldPositive.flatMap((isAe, i) => (isAe ? [] : [scores[i]])),
  ).sort();
  return thresholds.map((threshold) => {
    const tp = positives - _countBelow(positiveScores, threshold);
    const fp = negatives - _countBelow(negativeScores, threshold);
    const fn = positives - tp;
    const tn = negatives - fp;
    return { threshold, tp, fp, fn, tn, ..._ratesFromCounts(tp, fp, fn) };
  });
}

/** Number of values `< limit` in an ascending array. */
function _countBelow(sorted: Float64Array, limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
