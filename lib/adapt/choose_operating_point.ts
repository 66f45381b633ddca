/** Picks a decision threshold on scored, labelled rows: best F1, or the first to reach a recall. */
import { AdeError } from "../core/mod.ts";

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
 * Sweeps the distinct scores from the highest down. Without `targetRecall` it keeps the cut with the
 * highest F1 (ties: the higher threshold); with it, the highest cut whose recall reaches the target (the
 * fewest rows to review for that recall). The threshold is placed halfway between the cut's score and the
 * next lower one (at the lowest score itself when every row is predicted positive).
 * @param positive gold label of each row (true = `Adverse_Event`)
 * @param scores one score per row (higher = more likely AE)
 * @param options `targetRecall` in (0, 1]
 * @returns the operating point
 * @throws {AdeError} no positive row, mismatched lengths, a target outside (0, 1]
 * @example chooseOperatingPoint([true, false, true], [0.9, 0.5, 0.2], { targetRecall: 1 }).threshold; // 0.2
 */
export function chooseOperatingPoint(
  positive: readonly boolean[],
  scores: ArrayLike<number>,
  options: { targetRecall?: number } = {},
): OperatingPoint {
  const n = scores.length;
  if (positive.length !== n) {
    throw new AdeError(`chooseOperatingPoint: ${positive.length} labels but ${n} scores`);
  }
  const target = options.targetRecall;
  if (target !== undefined && !(target > 0 && target <= 1)) {
    throw new AdeError(`target recall must be in (0, 1] (got ${target})`);
  }
  const positives = positive.filter(Boolean).length;
  if (positives === 0) throw new AdeError("chooseOperatingPoint: no Adverse_Event row");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    scores[b] - scores[a] || a - b
  );
  let truePositives = 0;
  let best: OperatingPoint | undefined;
  for (let k = 0; k < n; k++) {
    const score = scores[order[k]];
    if (positive[order[k]]) truePositives++;
    if (k + 1 < n && scores[order[k + 1]] === score) continue;
    const predicted = k + 1;
    const recall = truePositives / positives;
    const precision = truePositives / predicted;
    const f1 = (2 * truePositives) / (predicted + positives);
    const lower = k + 1 < n ? scores[order[k + 1]] : score;
    const point = { threshold: (score + lower) / 2, f1, precision, recall };
    if (target !== undefined) {
      if (recall >= target - 1e-12) return { ...point, rule: `recall ≥ ${target}` };
    } else if (!best || f1 > best.f1) {
      best = { ...point, rule: "best F1" };
    }
  }
  return best!;
}
