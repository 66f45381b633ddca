/** The precision–recall curve of a score. */
import type { Label } from "../data/types.ts";
import { _checkScores, _descendingScoreGroups, _goldPositives, _safeRatio } from "./_counts.ts";

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
  const positives = goldPositive.filter(Boolean).length;
  const { order, groupEnds } = _descendingScoreGroups(scores);
  const curve: PrecisionRecallCurve = { thresholds: [], precision: [], recall: [] };
  let truePositives = 0;
  let start = 0;
  for (const end of groupEnds) {
    for (let position = start; position < end; position++) {
      if (goldPositive[order[position]]) truePositives++;
    }
    curve.thresholds.push(scores[order[start]]);
    curve.precision.push(truePositives / end);
    curve.recall.push(_safeRatio(truePositives, positives));
    start = end;
  }
  return curve;
}
