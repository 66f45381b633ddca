/** Which series of a chart draw the same curve as an earlier one. */
import type { Label } from "../data/mod.ts";

/** A scored series: a name, gold labels and scores. */
export interface ScoredSeries {
  /** The series' name. */
  name: string;
  /** Gold labels, one per row. */
  gold?: readonly Label[];
  /** Scores, index-aligned with `gold`. */
  scores?: ArrayLike<number>;
}

/**
 * Finds series whose curves coincide: the same gold labels and the same scores row by row (e.g. a "tuned"
 * model whose tuning kept the default hyperparameters). Each such series maps to the first earlier series
 * it equals; series without scores are ignored.
 * @param series scored series, in chart order
 * @returns name of a coinciding series → name of the earlier series it equals
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE"] as const;
 * const same = coincidingCurves([
 *   { name: "baseline", gold, scores: [0.9, 0.2] },
 *   { name: "tuned", gold, scores: [0.9, 0.2] },
 * ]);
 * console.log(same.get("tuned")); // baseline
 * ```
 */
export function coincidingCurves(series: readonly ScoredSeries[]): Map<string, string> {
  const same = new Map<string, string>();
  const scored = series.filter((item) => item.gold && item.scores);
  scored.forEach((item, index) => {
    const earlier = scored.slice(0, index).find((other) =>
      !same.has(other.name) && _equal(other, item)
    );
    if (earlier) same.set(item.name, earlier.name);
  });
  return same;
}

function _equal(a: ScoredSeries, b: ScoredSeries): boolean {
  if (a.gold!.length !== b.gold!.length || a.scores!.length !== b.scores!.length) return false;
  for (let i = 0; i < a.gold!.length; i++) {
    if (a.gold![i] !== b.gold![i] || a.scores![i] !== b.scores![i]) return false;
  }
  return true;
}
