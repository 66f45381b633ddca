/** The ROC curve of a score. */
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives, _safeRatio, _scoreSteps } from "./_counts.ts";

/** Points of a ROC curve, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** Thresholds, descending; the first is `Infinity` (nothing predicted AE). */
  thresholds: number[];
  /** False-positive rate at each threshold. */
  fpr: number[];
  /** True-positive rate (recall) at each threshold. */
  tpr: number[];
}

/**
 * The ROC curve: a first point (0, 0) at threshold `Infinity`, then one point per distinct score,
 * descending, ending at (1, 1). A rate whose class is absent stays 0.
 * @param gold gold labels
 * @param scores probability (or any monotone score) of `Adverse_Event`
 * @returns thresholds, false- and true-positive rates, index-aligned
 * @throws {RangeError} when lengths differ or a score is not finite
 * @example
 * ```ts
 * const curve = rocCurve(["Adverse_Event", "Not_AE"], [0.9, 0.2]);
 * curve.tpr; // [0, 1, 1]
 * ```
 */
export function rocCurve(gold: readonly Label[], scores: ArrayLike<number>): RocCurve {
  const goldPositive = _goldPositives(gold, scores.length, "rocCurve");
  _checkScores(scores, "rocCurve");
  const steps = _scoreSteps(goldPositive, scores);
  return {
    thresholds: [Infinity, ...steps.thresholds],
    fpr: [0, ...steps.falsePositives.map((count) => _safeRatio(count, steps.negatives))],
    tpr: [0, ...steps.truePositives.map((count) => _safeRatio(count, steps.positives))],
  };
}
