/** Picks a decision threshold on scored, labelled rows: best F1, or the first to reach a recall. */
import { AdeError } from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import { thresholdForRecall } from "../metrics/mod.ts";

/** A chosen threshold and what it gives on the rows it was chosen on. */
export interface OperatingPoint {
  /** Predict `Adverse_Event` when `score >= threshold`. */
  threshold: number;
  /** F1 of the AE class at the threshold. */
  f1: number;
  /** Precision at the threshold. */
  precision: number;
  /** Recall at the threshold. */
  recall: number;
  /** `best F1` or `recall ≥ R`. */
  rule: string;
}

/**
 * With `targetRecall`, the highest cut whose recall reaches it (`thresholdForRecall` of lib/metrics: the
 * fewest rows to review for that recall); without, the cut with the highest F1 (ties: the higher
 * threshold), placed halfway between the cut's score and the next lower one (at the lowest score itself
 * when every row is predicted positive).
 * @param gold gold labels
 * @param scores one score per row (higher = more likely AE)
 * @param options `targetRecall` in (0, 1]
 * @returns the operating point
 * @throws {AdeError} no positive row, mismatched lengths, a target outside (0, 1]
 * @example
 * ```ts
 * chooseOperatingPoint(["Adverse_Event", "Not_AE", "Adverse_Event"], [0.9, 0.5, 0.2], { targetRecall: 1 })
 *   .threshold; // 0.2
 * ```
 */
export function chooseOperatingPoint(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  options: { targetRecall?: number } = {},
): OperatingPoint {
  const n = scores.length;
  if (gold.length !== n) {
    throw new AdeError(`chooseOperatingPoint: ${gold.length} labels but ${n} scores`);
  }
  const positive = gold.map((label) => label === "Adverse_Event");
  const positives = positive.filter(Boolean).length;
  if (positives === 0) throw new AdeError("chooseOperatingPoint: no Adverse_Event row");
  const target = options.targetRecall;
  if (target !== undefined) {
    if (!(target > 0 && target <= 1)) {
      throw new AdeError(`target recall must be in (0, 1] (got ${target})`);
    }
    const point = thresholdForRecall(gold, scores, target);
    return {
      threshold: point.threshold,
      f1: point.f1,
      precision: point.precision,
      recall: point.recall,
      rule: `recall ≥ ${target}`,
    };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    scores[b] - scores[a] || a - b
  );
  let truePositives = 0;
  let best: OperatingPoint | undefined;
  for (let k = 0; k < n; k++) {
    const score = scores[order[k]];
    if (positive[order[k]]) truePositives++;
    if (k + 1 < n && scores[order[k + 1]] === score) continue;
    const f1 = (2 * truePositives) / (k + 1 + positives);
    if (!best || f1 > best.f1) {
      const lower = k + 1 < n ? scores[order[k + 1]] : score;
      best = {
        threshold: (score + lower) / 2,
        f1,
        precision: truePositives / (k + 1),
        recall: truePositives / positives,
        rule: "best F1",
      };
    }
  }
  return best!;
}
