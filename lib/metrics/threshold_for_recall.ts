/** The decision threshold that reaches a recall target while flagging the fewest rows. */
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives, _safeRatio, _scoreSteps } from "./_counts.ts";

/** A threshold chosen for a recall target, and what it gives on the rows it was chosen on. */
export interface RecallThreshold {
  /** The recall asked for, in (0, 1]. */
  targetRecall: number;
  /** Predict `Adverse_Event` when `score >= threshold`. */
  threshold: number;
  /** Recall reached (at least `targetRecall`). */
  recall: number;
  /** Precision at the threshold. */
  precision: number;
  /** F1 at the threshold. */
  f1: number;
  /** Share of all rows predicted `Adverse_Event` (the rows a reviewer reads). */
  flaggedShare: number;
  /** Gold AE, predicted AE. */
  tp: number;
  /** Gold Not_AE, predicted AE. */
  fp: number;
  /** Gold AE, predicted Not_AE. */
  fn: number;
  /** Gold Not_AE, predicted Not_AE. */
  tn: number;
}

/**
 * The highest cut-off whose recall reaches `targetRecall`: of all thresholds that catch at least that share
 * of the gold `Adverse_Event` rows, the one that flags the fewest rows (tied scores are flagged together).
 * The threshold is placed halfway between the cut's score and the next lower distinct score (the lowest
 * score itself when every row must be flagged), so it flags exactly the cut's rows here and leaves a margin
 * for unseen scores. Choose it on scores the model was not fitted on (out-of-fold, or a held-out sample).
 * @param gold gold labels
 * @param scores probability (or any monotone score) of `Adverse_Event`, one per row
 * @param targetRecall recall to reach, in (0, 1]
 * @returns the threshold and the counts, precision, recall, F1 and flagged share it gives
 * @throws {RangeError} lengths differ, a score is not finite, the target is outside (0, 1], or there is
 * no `Adverse_Event` row
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const point = thresholdForRecall(gold, [0.9, 0.7, 0.4, 0.1], 1);
 * console.log(point.threshold, point.flaggedShare); // 0.25 0.75
 * ```
 */
export function thresholdForRecall(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  targetRecall: number,
): RecallThreshold {
  const goldPositive = _goldPositives(gold, scores.length, "thresholdForRecall");
  _checkScores(scores, "thresholdForRecall");
  if (!(targetRecall > 0 && targetRecall <= 1)) {
    throw new RangeError(
      `thresholdForRecall: target recall must be in (0, 1] (got ${targetRecall})`,
    );
  }
  const steps = _scoreSteps(goldPositive, scores);
  if (steps.positives === 0) {
    throw new RangeError("thresholdForRecall: no Adverse_Event row, so no recall to reach");
  }
  // The smallest number of true positives that reaches the target (guarding against 0.95 * 20 = 18.999…).
  const needed = Math.ceil(targetRecall * steps.positives - 1e-9);
  const step = steps.truePositives.findIndex((count) => count >= needed);
  const cut = steps.thresholds[step];
  const lower = step + 1 < steps.thresholds.length ? steps.thresholds[step + 1] : cut;
  const tp = steps.truePositives[step];
  const fp = steps.falsePositives[step];
  const fn = steps.positives - tp;
  const tn = steps.negatives - fp;
  return {
    targetRecall,
    threshold: (cut + lower) / 2,
    recall: tp / steps.positives,
    precision: _safeRatio(tp, tp + fp),
    f1: _safeRatio(2 * tp, 2 * tp + fp + fn),
    flaggedShare: (tp + fp) / scores.length,
    tp,
    fp,
    fn,
    tn,
  };
}
