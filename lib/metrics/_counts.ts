/** Private helpers: confusion counts and the ratios built from them (zero when a denominator is zero). */
import type { Label } from "../data/mod.ts";

/** Confusion counts for the `Adverse_Event` class. */
export interface ConfusionCounts {
  /** Gold AE, predicted AE. */
  tp: number;
  /** Gold Not_AE, predicted AE. */
  fp: number;
  /** Gold AE, predicted Not_AE. */
  fn: number;
  /** Gold Not_AE, predicted Not_AE. */
  tn: number;
}

/** `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's `zero_division=0`). */
export function _safeRatio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** F1 of the positive class from counts: `2tp / (2tp + fp + fn)`, 0 when there is nothing to score. */
export function _f1FromCounts(tp: number, fp: number, fn: number): number {
  return _safeRatio(2 * tp, 2 * tp + fp + fn);
}

/** Precision, recall and F1 of the positive class from counts (each 0 when its denominator is 0). */
export function _ratesFromCounts(
  tp: number,
  fp: number,
  fn: number,
): { precision: number; recall: number; f1: number } {
  return {
    precision: _safeRatio(tp, tp + fp),
    recall: _safeRatio(tp, tp + fn),
    f1: _f1FromCounts(tp, fp, fn),
  };
}

/** Gold labels as booleans (true = Adverse_Event), checking the length against `expected`. */
export function _goldPositives(gold: readonly Label[], expected: number, what: string): boolean[] {
  if (gold.length !== expected) {
    throw new RangeError(`${what}: ${gold.length} gold labels but ${expected} predictions`);
  }
  return gold.map((label) => label === "Adverse_Event");
}

/** Confusion counts of predicted positives against gold positives. */
export function _countConfusion(
  goldPositive: readonly boolean[],
  predictedPositive: ArrayLike<boolean>,
): ConfusionCounts {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < goldPositive.length; i++) {
    if (goldPositive[i]) {
      if (predictedPositive[i]) tp++;
      else fn++;
    } else if (predictedPositive[i]) fp++;
    else tn++;
  }
  return { tp, fp, fn, tn };
}

/** Checks that every score is a finite number. */
export function _checkScores(scores: ArrayLike<number>, what: string): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new RangeError(`${what}: score ${i} is not a finite number (${scores[i]})`);
    }
  }
}

/** Counts at each distinct score, highest first: what every curve and rank statistic is built from. */
export interface _ScoreSteps {
  /** The distinct scores, descending. */
  thresholds: number[];
  /** `truePositives[k]`: gold positives scoring `>= thresholds[k]`. */
  truePositives: number[];
  /** `falsePositives[k]`: gold negatives scoring `>= thresholds[k]`. */
  falsePositives: number[];
  /** Gold positives in all. */
  positives: number;
  /** Gold negatives in all. */
  negatives: number;
}

/**
 * Walks the rows by descending score (tied scores form one step) and counts, at each distinct score, the
 * gold positives and negatives scoring at least that much.
 */
export function _scoreSteps(
  goldPositive: readonly boolean[],
  scores: ArrayLike<number>,
): _ScoreSteps {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  const steps: _ScoreSteps = {
    thresholds: [],
    truePositives: [],
    falsePositives: [],
    positives: 0,
    negatives: 0,
  };
  let truePositives = 0;
  let falsePositives = 0;
  for (let position = 0; position < order.length; position++) {
    if (goldPositive[order[position]]) truePositives++;
    else falsePositives++;
    const next = position + 1;
    if (next === order.length || scores[order[next]] !== scores[order[position]]) {
      steps.thresholds.push(scores[order[position]]);
      steps.truePositives.push(truePositives);
      steps.falsePositives.push(falsePositives);
    }
  }
  steps.positives = truePositives;
  steps.negatives = falsePositives;
  return steps;
}
