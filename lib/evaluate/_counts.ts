/** Private helpers: confusion counts and the ratios built from them (zero when a denominator is zero). */
import type { Label } from "../data/types.ts";

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

/**
 * Row indices ordered by descending score (ties keep input order), and the boundaries of each group of
 * equal scores: `groupEnds[k]` is one past the last position of the k-th distinct score.
 */
export function _descendingScoreGroups(
  scores: ArrayLike<number>,
): { order: Uint32Array; groupEnds: number[] } {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  const groupEnds: number[] = [];
  for (let position = 1; position <= order.length; position++) {
    if (position === order.length || scores[order[position]] !== scores[order[position - 1]]) {
      groupEnds.push(position);
    }
  }
  return { order, groupEnds };
}
