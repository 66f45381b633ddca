/** Operating points: precision, recall and the share of rows flagged at a threshold or a recall target. */
import { createRng } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives, _safeRatio } from "./_counts.ts";
import {
  _checkOptions,
  _methodName,
  _quantile,
  _unitOfRow,
  type BootstrapOptions,
} from "./_bootstrap.ts";
import { thresholdForRecall } from "./threshold_for_recall.ts";

/** The recall targets of the report and of `metrics.json`. */
export const DEFAULT_RECALL_TARGETS: readonly number[] = [0.9, 0.95, 0.99];

/** A lower and an upper bound. */
export interface Bounds {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
}

/**
 * One operating point, as `metrics.json` stores it (`operating_points`). Keys in snake_case, in this order.
 */
export interface OperatingPoint {
  /** The recall asked for, or null for the model's own threshold. */
  target_recall: number | null;
  /** Predict `Adverse_Event` when `score >= threshold`. */
  threshold: number;
  /** Precision at the threshold. */
  precision: number;
  /** Recall at the threshold. */
  recall: number;
  /** Share of all rows predicted `Adverse_Event`: what a reviewer must read. */
  flagged_share: number;
  /** Interval of the flagged share (for a recall target: of the share needed to reach it). */
  flagged_share_ci: Bounds;
  /** Interval of the precision. */
  precision_ci: Bounds;
  /** Interval of the recall. */
  recall_ci: Bounds;
}

/** The operating points and how their intervals were made. */
export interface OperatingPoints {
  /** The model's threshold first, then one point per recall target (ascending). */
  points: OperatingPoint[];
  /** `bootstrap-percentile-rows` or `bootstrap-percentile-clusters`. */
  method: string;
  /** Bootstrap resamples. */
  resamples: number;
  /** Confidence level. */
  level: number;
}

/** Options of {@link operatingPoints}. */
export interface OperatingPointsOptions extends BootstrapOptions {
  /** Recall targets in (0, 1] (default 0.90, 0.95, 0.99). */
  targets?: readonly number[];
}

/**
 * Precision, recall and flagged share at the model's threshold and at the threshold that reaches each recall
 * target on these rows ({@link thresholdForRecall}), each with a percentile-bootstrap interval. For the
 * model's threshold the threshold stays fixed and the rows are resampled; for a recall target each resample
 * chooses its own threshold for the target, so the flagged-share interval answers "to catch R of the adverse
 * events, what share must be read?" including the uncertainty of where that threshold falls. Resamples
 * whole groups when `groups` is given (cluster bootstrap, e.g. by PubMed id). Without any `Adverse_Event`
 * row only the model's point is returned (no recall can be reached); a resample without one is left out of
 * the recall targets' intervals.
 * @param gold gold labels
 * @param scores probability of `Adverse_Event`, one per row
 * @param threshold the model's decision threshold
 * @param options seed, resamples (default 1,000), groups, level (default 0.95), recall targets
 * @returns the points and the interval method
 * @throws {RangeError} lengths differ, a score is not finite, a target is outside (0, 1], no rows, bad options
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE", "Not_AE"] as const;
 * const { points } = operatingPoints(gold, [0.9, 0.6, 0.5, 0.3, 0.1], 0.55, { seed: 42, resamples: 200 });
 * const atNinety = points[1];
 * console.log(atNinety.target_recall, atNinety.flagged_share); // 0.9 0.6
 * ```
 */
export function operatingPoints(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  threshold: number,
  options: OperatingPointsOptions,
): OperatingPoints {
  const goldPositive = _goldPositives(gold, scores.length, "operatingPoints");
  _checkScores(scores, "operatingPoints");
  const checked = _checkOptions(options, goldPositive.length, "operatingPoints");
  const targets = [...(options.targets ?? DEFAULT_RECALL_TARGETS)].sort((a, b) => a - b);
  for (const target of targets) {
    if (!(target > 0 && target <= 1)) {
      throw new RangeError(`operatingPoints: target recall must be in (0, 1] (got ${target})`);
    }
  }
  const n = goldPositive.length;
  const positives = goldPositive.filter(Boolean).length;
  const reachable = positives > 0 ? targets : [];
  const { unitOfRow, count } = _unitOfRow(n, checked.groups);
  // Rows by descending score, with the end of each run of tied scores.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    scores[b] - scores[a] || a - b
  );
  const tieEnd = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    tieEnd[k] = k + 1 === n || scores[order[k + 1]] !== scores[order[k]] ? 1 : 0;
  }

  const fixed = {
    share: new Float64Array(checked.resamples),
    precision: new Float64Array(checked.resamples),
    recall: new Float64Array(checked.resamples),
  };
  const byTarget = reachable.map(() => ({
    share: [] as number[],
    precision: [] as number[],
    recall: [] as number[],
  }));
  const rng = createRng(checked.seed);
  const unitWeight = new Int32Array(count);
  for (let r = 0; r < checked.resamples; r++) {
    unitWeight.fill(0);
    for (let draw = 0; draw < count; draw++) unitWeight[rng.int(count)]++;
    let total = 0, positiveWeight = 0, flagged = 0, flaggedPositive = 0;
    for (let row = 0; row < n; row++) {
      const weight = unitWeight[unitOfRow[row]];
      total += weight;
      if (goldPositive[row]) positiveWeight += weight;
      if (scores[row] >= threshold) {
        flagged += weight;
        if (goldPositive[row]) flaggedPositive += weight;
      }
    }
    fixed.share[r] = flagged / total;
    fixed.precision[r] = _safeRatio(flaggedPositive, flagged);
    fixed.recall[r] = _safeRatio(flaggedPositive, positiveWeight);
    if (positiveWeight === 0) continue;
    let next = 0;
    let walkedRows = 0, walkedPositives = 0;
    for (let k = 0; k < n && next < reachable.length; k++) {
      const row = order[k];
      const weight = unitWeight[unitOfRow[row]];
      walkedRows += weight;
      if (goldPositive[row]) walkedPositives += weight;
      if (!tieEnd[k]) continue;
      while (
        next < reachable.length &&
        walkedPositives >= Math.ceil(reachable[next] * positiveWeight - 1e-9)
      ) {
        byTarget[next].share.push(walkedRows / total);
        byTarget[next].precision.push(_safeRatio(walkedPositives, walkedRows));
        byTarget[next].recall.push(walkedPositives / positiveWeight);
        next++;
      }
    }
  }
  const tail = (1 - checked.level) / 2;
  const bounds = (values: ArrayLike<number>): Bounds => {
    const array = Float64Array.from(values);
    return array.length === 0
      ? { low: Number.NaN, high: Number.NaN }
      : { low: _quantile(array, tail), high: _quantile(array, 1 - tail) };
  };
  let flaggedRows = 0, truePositives = 0;
  for (let row = 0; row < n; row++) {
    if (scores[row] >= threshold) {
      flaggedRows++;
      if (goldPositive[row]) truePositives++;
    }
  }
  const points: OperatingPoint[] = [{
    target_recall: null,
    threshold,
    precision: _safeRatio(truePositives, flaggedRows),
    recall: _safeRatio(truePositives, positives),
    flagged_share: flaggedRows / n,
    flagged_share_ci: bounds(fixed.share),
    precision_ci: bounds(fixed.precision),
    recall_ci: bounds(fixed.recall),
  }];
  reachable.forEach((target, index) => {
    const point = thresholdForRecall(gold, scores, target);
    points.push({
      target_recall: target,
      threshold: point.threshold,
      precision: point.precision,
      recall: point.recall,
      flagged_share: point.flaggedShare,
      flagged_share_ci: bounds(byTarget[index].share),
      precision_ci: bounds(byTarget[index].precision),
      recall_ci: bounds(byTarget[index].recall),
    });
  });
  return {
    points,
    method: _methodName(checked.groups),
    resamples: checked.resamples,
    level: checked.level,
  };
}
