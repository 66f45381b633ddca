/** Picks the unlabelled texts whose labels would help adaptation most: uncertain, and unlike each other. */
import { createRng, UsageError } from "../core/mod.ts";
import { _setCosine, _tokenSet } from "./_token_sets.ts";

/** Cosine similarity at which a text counts as a near-duplicate of an earlier pick. */
const NEAR_DUPLICATE = 0.9;

/** Options of {@link selectForLabelling}. */
export interface SelectOptions {
  /** How many texts to pick (1 … pool size). */
  n: number;
  /** Seed of the random share and of tie-breaking. */
  seed: number;
  /** Share of the picks drawn uniformly at random, to keep the sample close to the source (default 0.3). */
  randomShare?: number;
  /** Weight of uncertainty against similarity to earlier picks, in [0, 1] (default 0.7). */
  uncertaintyWeight?: number;
}

/** One picked text. */
export interface SelectedRow {
  /** Index of the text in the pool. */
  index: number;
  /** `random` or `uncertain and diverse`. */
  reason: "random" | "uncertain and diverse";
  /** The text's uncertainty in [0, 1] (1 = at the estimated decision boundary of this pool). */
  uncertainty: number;
}

/**
 * Uncertainty sampling with diversity, designed for a shifted source. The model's own threshold is not
 * trusted there, so uncertainty is measured on this pool's ranking: the boundary is put at the
 * (1 − p) quantile of the pool's scores, p being the share the model flags (kept within 5–50 %), and a
 * text's uncertainty falls linearly with its rank distance from it. A `randomShare` of the picks is drawn
 * at random; the rest are chosen greedily, each maximising `w · uncertainty − (1 − w) · max cosine
 * similarity to the texts picked so far` (word unigrams and bigrams); a near-duplicate of an earlier
 * pick (cosine ≥ 0.9) is taken only when nothing else is left. Deterministic for a seed.
 * @param texts the pool
 * @param scores the model's score for each text
 * @param threshold the model's threshold
 * @param options n, seed and the mix
 * @returns the picks, in the order they were chosen
 * @throws {UsageError} an empty pool or `n` outside 1 … pool size
 * @example
 * ```ts
 * const picks = selectForLabelling(texts, model.scores(texts), model.threshold, { n: 100, seed: 42 });
 * ```
 */
export function selectForLabelling(
  texts: readonly string[],
  scores: ArrayLike<number>,
  threshold: number,
  options: SelectOptions,
): SelectedRow[] {
  const size = texts.length;
  if (size === 0) throw new UsageError("select: the pool has no rows");
  if (!Number.isInteger(options.n) || options.n < 1 || options.n > size) {
    throw new UsageError(`select: --n must be an integer from 1 to the pool's ${size} rows`);
  }
  const randomShare = options.randomShare ?? 0.3;
  const weight = options.uncertaintyWeight ?? 0.7;
  const rng = createRng(options.seed);
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const quantile = new Float64Array(size);
  for (let start = 0; start < size;) {
    let end = start + 1;
    while (end < size && scores[order[end]] === scores[order[start]]) end++;
    for (let k = start; k < end; k++) quantile[order[k]] = (start + end) / 2 / size; // ties share a rank
    start = end;
  }
  let flagged = 0;
  for (let i = 0; i < size; i++) if (scores[i] >= threshold) flagged++;
  const boundary = 1 - Math.min(0.5, Math.max(0.05, flagged / size));
  const spread = Math.max(boundary, 1 - boundary);
  const uncertainty = Array.from(quantile, (q) => 1 - Math.abs(q - boundary) / spread);

  const picks: SelectedRow[] = [];
  const left = new Set<number>(order);
  const randomCount = Math.round(randomShare * options.n);
  for (const index of rng.shuffle([...left]).slice(0, randomCount)) {
    picks.push({ index, reason: "random", uncertainty: uncertainty[index] });
    left.delete(index);
  }
  const sets = texts.map(_tokenSet);
  const closest = new Float64Array(size);
  const note = (picked: number) => {
    for (const index of left) {
      closest[index] = Math.max(closest[index], _setCosine(sets[index], sets[picked]));
    }
  };
  for (const pick of picks) note(pick.index);
  const jitter = Float64Array.from({ length: size }, () => rng.next() * 1e-9);
  while (picks.length < options.n) {
    let best = -1;
    let bestValue = -Infinity;
    let bestIsDuplicate = true;
    for (const index of left) {
      const duplicate = closest[index] >= NEAR_DUPLICATE;
      if (duplicate && !bestIsDuplicate) continue;
      const value = weight * uncertainty[index] - (1 - weight) * closest[index] + jitter[index];
      if (value > bestValue || (bestIsDuplicate && !duplicate)) {
        bestValue = value;
        best = index;
        bestIsDuplicate = duplicate;
      }
    }
    picks.push({ index: best, reason: "uncertain and diverse", uncertainty: uncertainty[best] });
    left.delete(best);
    note(best);
  }
  return picks;
}
