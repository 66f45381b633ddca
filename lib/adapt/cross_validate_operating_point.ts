/**
 * The honest estimate behind `adapt`: calibration and threshold chosen on the other folds of the
 * sample, applied to the held-out fold, pooled over folds, with a bootstrap interval.
 */
import { AdeError } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { bootstrapF1Interval, type BootstrapInterval, computeMetrics } from "../metrics/mod.ts";
import { fitPlattScaling, type PlattParameters, plattProbability } from "../models/mod.ts";
import { chooseOperatingPoint } from "./choose_operating_point.ts";

/** The cross-validated estimate of an adapted model on its own sample. */
export interface CrossValidatedEstimate {
  /** Folds used. */
  folds: number;
  /** F1 of the pooled held-out-fold predictions. */
  f1: number;
  /** Precision of the pooled predictions. */
  precision: number;
  /** Recall of the pooled predictions. */
  recall: number;
  /** Bootstrap interval of that F1 over the sample's rows. */
  f1_ci: BootstrapInterval;
  /** How each fold's operating point was chosen. */
  method: string;
}

/**
 * The estimate in words, as `adapt` prints it and the adapted model's card states it.
 * @param estimate a cross-validated estimate
 * @returns `F1 f (95% CI low–high), precision p, recall r`, three decimals each
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const text = describeEstimate({
 *   folds: 5, f1: 0.7, precision: 0.6, recall: 0.84, method: "best F1",
 *   f1_ci: { low: 0.62, high: 0.77, method: "row bootstrap", resamples: 1000 },
 * });
 * assert.equal(text, "F1 0.700 (95% CI 0.620–0.770), precision 0.600, recall 0.840");
 * ```
 */
export function describeEstimate(estimate: CrossValidatedEstimate): string {
  const { f1, f1_ci, precision, recall } = estimate;
  return `F1 ${f1.toFixed(3)} (95% CI ${f1_ci.low.toFixed(3)}–${f1_ci.high.toFixed(3)}), ` +
    `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`;
}

/** The operating point fitted on the whole sample, and its estimate. */
export interface CrossValidatedOperatingPoint {
  /** Sigmoid from decision value to probability, fitted on the whole sample. */
  calibration: PlattParameters;
  /** Threshold chosen on the whole sample's calibrated scores. */
  threshold: number;
  /** Recall on the sample at that threshold (what `--target-recall` is chosen to reach). */
  sampleRecall: number;
  /** The estimate from held-out folds. */
  estimate: CrossValidatedEstimate;
}

/**
 * For each fold k, fits Platt scaling and the threshold (best F1, or the first reaching `targetRecall`)
 * on the decision values of the rows outside k and predicts the rows in k; the pooled predictions give
 * the estimate. Then fits calibration and threshold on every row for the model to ship. The decision
 * values must not come from a model that was trained on the same row (use out-of-fold values when the
 * model is retrained on the sample).
 * @param gold labels of the sample
 * @param decisions one decision value per row
 * @param fold fold number of each row (0..folds-1)
 * @param options target recall, bootstrap seed and resamples
 * @returns the shipped operating point and the estimate
 * @throws {AdeError} a fold without a positive row outside it
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const gold = Array.from({ length: 40 }, (_, i) => i % 4 === 0 ? "Adverse_Event" : "Not_AE" as const);
 * const decisions = gold.map((label, i) => (label === "Adverse_Event" ? 1 : -1) + Math.sin(i));
 * const fold = gold.map((_, i) => i % 4 === 0 ? (i / 4) % 2 : i % 2);
 * const point = crossValidateOperatingPoint(gold, decisions, fold, { seed: 42, resamples: 200 });
 * assert.equal(point.estimate.folds, 2);
 * assert.ok(point.estimate.f1_ci.low <= point.estimate.f1 && point.estimate.f1 <= point.estimate.f1_ci.high);
 * ```
 */
export function crossValidateOperatingPoint(
  gold: readonly Label[],
  decisions: ArrayLike<number>,
  fold: ArrayLike<number>,
  options: { targetRecall?: number; seed: number; resamples?: number },
): CrossValidatedOperatingPoint {
  const positive = gold.map((label) => label === "Adverse_Event");
  const folds = Math.max(...Array.from(fold)) + 1;
  const predicted: boolean[] = new Array(gold.length).fill(false);
  for (let k = 0; k < folds; k++) {
    const outside = positive.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    if (!outside.some((i) => positive[i])) {
      throw new AdeError(`fold ${k + 1}: no Adverse_Event row outside it; label more positives`);
    }
    const calibration = fitPlattScaling(
      outside.map((i) => decisions[i]),
      outside.map((i) => positive[i]),
    );
    const point = chooseOperatingPoint(
      outside.map((i) => gold[i]),
      outside.map((i) => plattProbability(decisions[i], calibration)),
      { targetRecall: options.targetRecall },
    );
    for (let i = 0; i < gold.length; i++) {
      if (fold[i] === k) {
        predicted[i] = plattProbability(decisions[i], calibration) >= point.threshold;
      }
    }
  }
  const pooled = computeMetrics(gold, predicted.map(Number), 0.5);
  const calibration = fitPlattScaling(Array.from(decisions), positive);
  const final = chooseOperatingPoint(
    gold,
    Array.from(decisions, (value) => plattProbability(value, calibration)),
    { targetRecall: options.targetRecall },
  );
  return {
    calibration,
    threshold: final.threshold,
    sampleRecall: final.recall,
    estimate: {
      folds,
      f1: pooled.f1,
      precision: pooled.precision,
      recall: pooled.recall,
      f1_ci: bootstrapF1Interval(gold, predicted, {
        seed: options.seed,
        resamples: options.resamples ?? 1000,
      }),
      method: `${folds}-fold cross-validation on the sample: Platt scaling and the threshold ` +
        `(${final.rule}) fitted on the other folds, applied to the held-out fold, pooled`,
    },
  };
}
