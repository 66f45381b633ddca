/** Classification metrics for the `Adverse_Event` class from gold labels, scores and a threshold. */
import type { Label } from "../data/mod.ts";
import {
  _checkScores,
  _countConfusion,
  _f1FromCounts,
  _goldPositives,
  _ratesFromCounts,
  _safeRatio,
  _scoreSteps,
} from "./_counts.ts";

/** Metrics of one prediction set. Ratios with a zero denominator are 0; undefined AUCs are `NaN`. */
export interface Metrics {
  /** Number of rows. */
  n: number;
  /** Gold AE, predicted AE. */
  tp: number;
  /** Gold Not_AE, predicted AE. */
  fp: number;
  /** Gold AE, predicted Not_AE. */
  fn: number;
  /** Gold Not_AE, predicted Not_AE. */
  tn: number;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** F1 of the AE class. */
  f1: number;
  /** Share of rows predicted correctly. */
  accuracy: number;
  /** Unweighted mean of the F1 of both classes. */
  macro_f1: number;
  /** Area under the ROC curve (Mann–Whitney, ties count one half); `NaN` when one class is absent. */
  roc_auc: number;
  /** Average precision (step-wise area under the PR curve, as scikit-learn); `NaN` without positives. */
  pr_auc: number;
  /** The decision threshold: a row is predicted AE when `score >= threshold`. */
  threshold: number;
}

/**
 * Area under the ROC curve from ranks: the probability that a random positive scores above a random
 * negative, ties counted as one half.
 * @param goldPositive gold labels as booleans
 * @param scores one score per row
 * @returns the AUC, or `NaN` when either class is absent
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(rocAuc([true, false], [0.9, 0.1]), 1);
 * assert.equal(rocAuc([true, false], [0.5, 0.5]), 0.5); // a tie counts one half
 * ```
 */
export function rocAuc(goldPositive: readonly boolean[], scores: ArrayLike<number>): number {
  const steps = _scoreSteps(goldPositive, scores);
  const { positives, negatives } = steps;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Walk the steps from the highest score: a positive beats every negative in lower steps and
  // half-beats the negatives tied with it.
  let wins = 0;
  let previousPositives = 0;
  let previousNegatives = 0;
  steps.thresholds.forEach((_, k) => {
    const stepPositives = steps.truePositives[k] - previousPositives;
    const stepNegatives = steps.falsePositives[k] - previousNegatives;
    wins += stepPositives * (negatives - steps.falsePositives[k] + stepNegatives / 2);
    previousPositives = steps.truePositives[k];
    previousNegatives = steps.falsePositives[k];
  });
  return wins / (positives * negatives);
}

/**
 * Average precision: `sum over distinct thresholds of (R_k - R_{k-1}) * P_k` (scikit-learn's
 * `average_precision_score`, no interpolation; tied scores form one step).
 * @param goldPositive gold labels as booleans
 * @param scores one score per row
 * @returns the average precision, or `NaN` without positives
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(averagePrecision([true, false, true], [0.9, 0.8, 0.7]) - (1 + 2 / 3) / 2) < 1e-12);
 * ```
 */
export function averagePrecision(
  goldPositive: readonly boolean[],
  scores: ArrayLike<number>,
): number {
  const steps = _scoreSteps(goldPositive, scores);
  if (steps.positives === 0) return Number.NaN;
  let previousRecall = 0;
  let area = 0;
  steps.thresholds.forEach((_, k) => {
    const truePositives = steps.truePositives[k];
    const recall = truePositives / steps.positives;
    area += (recall - previousRecall) * (truePositives / (truePositives + steps.falsePositives[k]));
    previousRecall = recall;
  });
  return area;
}

/**
 * Computes precision, recall, F1 (AE class), accuracy, macro F1, ROC-AUC, PR-AUC and confusion counts.
 * @param gold gold labels
 * @param scores probability (or any monotone score) of `Adverse_Event`, one per row
 * @param threshold a row is predicted AE when `score >= threshold`
 * @returns the metrics
 * @throws {RangeError} when lengths differ or a score is not finite
 * @example
 * ```ts
 * const metrics = computeMetrics(["Adverse_Event", "Not_AE"], [0.8, 0.3], 0.5);
 * metrics.f1; // 1
 * ```
 */
export function computeMetrics(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  threshold: number,
): Metrics {
  const goldPositive = _goldPositives(gold, scores.length, "computeMetrics");
  _checkScores(scores, "computeMetrics");
  const predicted = Array.from({ length: scores.length }, (_, i) => scores[i] >= threshold);
  const { tp, fp, fn, tn } = _countConfusion(goldPositive, predicted);
  const n = gold.length;
  const { precision, recall, f1 } = _ratesFromCounts(tp, fp, fn);
  const negativeF1 = _f1FromCounts(tn, fn, fp);
  return {
    n,
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1,
    accuracy: _safeRatio(tp + tn, n),
    macro_f1: (f1 + negativeF1) / 2,
    roc_auc: rocAuc(goldPositive, scores),
    pr_auc: averagePrecision(goldPositive, scores),
    threshold,
  };
}
