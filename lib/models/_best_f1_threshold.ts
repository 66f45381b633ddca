/** Picks the decision threshold that maximises F1 on scored, labelled rows. */

/** The chosen threshold and the F1 it gives on the rows it was chosen on. */
export interface ThresholdChoice {
  /** Predict positive when `score >= threshold`. */
  threshold: number;
  /** F1 of the positive class at that threshold, on the rows given. */
  f1: number;
}

/**
 * Sweeps every distinct score as a cut-off and returns the one with the highest F1 for the positive class;
 * the threshold is placed halfway between that score and the next lower one, so it generalises to unseen
 * scores. Ties go to the higher threshold. Use it on out-of-fold scores only.
 * @param positive true for positive rows
 * @param scores one score per row (higher = more likely positive)
 * @param fallback threshold returned when there is no positive row
 * @returns threshold and F1
 * @example bestF1Threshold([true, false], [0.9, 0.2]); // { threshold: 0.55, f1: 1 }
 */
export function bestF1Threshold(
  positive: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  fallback = 0.5,
): ThresholdChoice {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  if (positives === 0) return { threshold: fallback, f1: 0 };
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) =>
    scores[y] - scores[x] || x - y
  );
  let truePositives = 0;
  let predicted = 0;
  let best = { threshold: fallback, f1: -1 };
  for (let k = 0; k < n; k++) {
    const score = scores[order[k]];
    predicted++;
    if (positive[order[k]]) truePositives++;
    // Only cut between distinct scores.
    if (k + 1 < n && scores[order[k + 1]] === score) continue;
    const f1 = (2 * truePositives) / (predicted + positives);
    if (f1 > best.f1) {
      const lower = k + 1 < n ? scores[order[k + 1]] : score - 1;
      best = { threshold: (score + lower) / 2, f1 };
    }
  }
  return best;
}
