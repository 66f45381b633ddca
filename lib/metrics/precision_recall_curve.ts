/** The precision–recall curve of a score. */
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives, _safeRatio, _scoreSteps } from "./_counts.ts";

/** Points of a precision–recall curve, one per distinct score, highest threshold first. */
export interface PrecisionRecallCurve {
  /** Distinct scores, descending: point `k` predicts AE when `score >= thresholds[k]`. */
  thresholds: number[];
  /** Precision at each threshold. */
  precision: number[];
  /** Recall at each threshold (non-decreasing). */
  recall: number[];
}

/**
 * The precision–recall curve: one point per distinct score (tied scores form one point), from the
 * highest threshold (fewest predicted positives) to the lowest (every row predicted positive).
 * Recall is 0 everywhere when there are no positives.
 * @param gold gold labels
 * @param scores probability (or any monotone score) of `Adverse_Event`
 * @returns thresholds, precision and recall, index-aligned
 * @throws {RangeError} when lengths differ or a score is not finite
 * @example
 * ```ts
 * const curve = precisionRecallCurve(["Adverse_Event", "Not_AE"], [0.9, 0.2]);
 * curve.recall; // [1, 1]
 * ```
 */
export function precisionRecallCurve(
  gold: readonly Label[],
  scores: ArrayLike<number>,
): PrecisionRecallCurve {
  const goldPositive = _goldPositives(gold, scores.length, "precisionRecallCurve");
  _checkScores(scores, "precisionRecallCurve");
  const steps = _scoreSteps(goldPositive, scores);
  return {
    thresholds: steps.thresholds,
    precision: steps.truePositives.map((count, k) => count / (count + steps.falsePositives[k])),
    recall: steps.truePositives.map((count) => _safeRatio(count, steps.positives)),
  };
}
