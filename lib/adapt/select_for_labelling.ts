/**
 * Picks the unlabelled texts whose labels would help adaptation most: a sample that mirrors the pool's
 * score distribution, without near-duplicates, with enough likely adverse events to fit on.
 */
import { createRng, type Rng, UsageError } from "../core/mod.ts";
import { MINIMUM_ROWS_PER_LABEL } from "./read_labelled_sample.ts";
import { _setCosine, _tokenSet } from "./_token_sets.ts";

/** Cosine similarity (word unigrams and bigrams) at which a text counts as a near-duplicate of a pick. */
const NEAR_DUPLICATE = 0.9;

/** Default number of adverse events the picks are expected to hold at least (two per label and fold). */
export const DEFAULT_MINIMUM_LIKELY_POSITIVES = 2 * MINIMUM_ROWS_PER_LABEL;

/**
 * How the text within a score stratum is chosen. `coverage`: the text whose words and word pairs are
 * frequent in the pool, new to the model's training data and not yet held by earlier picks; `random`:
 * one at random (seeded; the design before); `alternate` (the default): `coverage` in every other
 * stratum and `random` in the rest. `coverage` alone favours texts that name effects in lay words, so
 * the sample holds more adverse events than the pool at the same scores, and a threshold chosen on it
 * comes out too low; alternating halves that bias (`bench/outside/select_vs_random_inner.md`).
 */
export type SelectDesign = "alternate" | "coverage" | "random";

/** Options of {@link selectForLabelling}. */
export interface SelectOptions {
  /** How many texts to pick (1 … pool size). */
  n: number;
  /** Seed of the strata's order and of tie-breaking (and of the choice within a stratum, `random`). */
  seed: number;
  /**
   * Adverse events the picks should be expected to hold at least (default 10). When the pool's
   * estimated positive share × n falls short, the missing number of picks is drawn from the top of the
   * pool's ranking instead of from the score strata.
   */
  minimumLikelyPositives?: number;
  /** How the text within a stratum is chosen (default `alternate`). */
  withinStratum?: SelectDesign;
  /**
   * How new a word (or word pair) is to the model's training data, in [0, 1] (1 = never seen); used by
   * `coverage`. Without it every word counts as new.
   */
  novelty?: (token: string) => number;
}

/** One picked text. */
export interface SelectedRow {
  /** Index of the text in the pool. */
  index: number;
  /**
   * `score stratum`: the pick of one of the equal-size strata of the pool's score order;
   * `likely positive`: taken from the top of that order to reach the expected adverse events.
   */
  reason: "score stratum" | "likely positive";
  /** The text's position in the pool's score order, in [0, 1] (1 = highest score). */
  scoreQuantile: number;
}

/**
 * Score-stratified sampling with word coverage, designed for what `adapt` fits. Both strategies choose
 * their threshold on the labelled sample, by F1 (or recall) measured on it, so the sample must look
 * like the source: a sample crowded near the model's boundary (uncertainty sampling) misplaces that
 * threshold, which measured worse than random picks (`bench/outside/`). So the pool is sorted by score
 * (ties in seeded random order) and cut into `n − r` strata of equal size, and exactly one text is
 * taken from each (strata in seeded random order): the sample follows the pool's score distribution
 * exactly, with no weights needed. Within every other stratum (`alternate`, the default) the pick is
 * what `retrain` learns most from: the text of most coverage value — words and word pairs that many
 * pool texts hold, weighted by how new they are to the model's training data (`novelty`), each
 * discounted by half for every earlier pick that holds it; in the other strata it is drawn at random,
 * which keeps the sample's share of adverse events close to the pool's at the same scores (coverage
 * alone raises it, and the threshold chosen on the sample drops). Near-duplicates of earlier picks
 * (cosine ≥ 0.9) are skipped while another text of the stratum is left. `r` picks are "likely
 * positives": when the pool's estimated positive share (the larger of the mean score and the share at
 * or above `threshold`) times `n` is under `minimumLikelyPositives`, the shortfall (at most n/2) is
 * taken, stratified the same way, from the top-scored texts, so that a low-prevalence pool still
 * yields the adverse events cross-validation needs. Deterministic for a seed.
 * @param texts the pool
 * @param scores the model's score for each text (a probability-like value: higher = more likely AE)
 * @param threshold the model's threshold on those scores
 * @param options n, seed, minimum likely positives, the choice within a stratum, word novelty
 * @returns the picks, in the order they were chosen
 * @throws {UsageError} an empty pool, `n` outside 1 … pool size, a score that is not a finite number
 * @example
 * ```ts
 * const texts = ["rash after the pill", "refill is ready", "dizzy since the jab", "clinic closed"];
 * const picks = selectForLabelling(texts, [0.8, 0.1, 0.6, 0.2], 0.5, { n: 2, seed: 42 });
 * console.log(picks.map((pick) => [pick.index, pick.reason])); // a likely AE from the top, then a stratum
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
  if (scores.length !== size) {
    throw new UsageError(`select: ${scores.length} scores for ${size} texts`);
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new UsageError(`select: the score of pool row ${i + 1} is not a finite number`);
    }
  }
  const n = options.n;
  const rng = createRng(options.seed);
  const tieBreak = Float64Array.from({ length: size }, () => rng.next());
  const order = Array.from({ length: size }, (_, i) => i)
    .sort((a, b) => scores[a] - scores[b] || tieBreak[a] - tieBreak[b]);
  const positionOf = new Int32Array(size);
  order.forEach((index, position) => (positionOf[index] = position));

  const positiveShare = _estimatedPositiveShare(scores, threshold);
  const wanted = options.minimumLikelyPositives ?? DEFAULT_MINIMUM_LIKELY_POSITIVES;
  const likely = Math.min(Math.floor(n / 2), Math.max(0, Math.ceil(wanted - positiveShare * n)));
  // The likely positives come from the top of the ranking: the estimated positive share of the pool,
  // but never fewer than twice the picks, so that the near-duplicate rule has a choice.
  const topSize = Math.min(size, Math.max(2 * likely, Math.round(positiveShare * size)));

  const design = options.withinStratum ?? "alternate";
  const chooser = _stratumChooser(texts, rng, options.novelty);
  const picks: SelectedRow[] = [];
  const take = (
    from: number,
    to: number,
    strata: number,
    reason: SelectedRow["reason"],
  ) => {
    const stratumOrder = rng.shuffle(Array.from({ length: strata }, (_, k) => k));
    for (const k of stratumOrder) {
      const start = from + Math.floor((k * (to - from)) / strata);
      const end = from + Math.floor(((k + 1) * (to - from)) / strata);
      const byCoverage = design === "coverage" || (design === "alternate" && k % 2 === 0);
      const index = chooser.choose(order, start, end, byCoverage);
      picks.push({ index, reason, scoreQuantile: (positionOf[index] + 0.5) / size });
    }
  };
  if (likely > 0) take(size - topSize, size, likely, "likely positive");
  take(0, size, n - likely, "score stratum");
  return picks;
}

/** The pool's estimated positive share: the larger of the mean score and the flagged share. */
function _estimatedPositiveShare(scores: ArrayLike<number>, threshold: number): number {
  let sum = 0;
  let flagged = 0;
  for (let i = 0; i < scores.length; i++) {
    sum += Math.min(1, Math.max(0, scores[i]));
    if (scores[i] >= threshold) flagged++;
  }
  return Math.max(sum / scores.length, flagged / scores.length);
}

/**
 * Takes one text from positions `start … end − 1` of `order`: of the texts neither picked already nor
 * a near-duplicate of a pick, the one of most coverage value (`byCoverage`, ties in seeded random
 * order) or the first in seeded random order; failing that the least similar free one; and when the
 * stratum has no free text left, the free text nearest to it in the order.
 */
function _stratumChooser(
  texts: readonly string[],
  rng: Rng,
  novelty: ((token: string) => number) | undefined,
) {
  const picked = new Set<number>();
  const pickedSets: Set<string>[] = [];
  const sets = new Map<number, Set<string>>();
  const setOf = (index: number) => {
    let set = sets.get(index);
    if (!set) sets.set(index, set = _tokenSet(texts[index]));
    return set;
  };
  const gain = _coverageGain(texts, setOf, novelty);
  const similarity = (index: number) => {
    let closest = 0;
    for (const set of pickedSets) closest = Math.max(closest, _setCosine(setOf(index), set));
    return closest;
  };
  const accept = (index: number) => {
    picked.add(index);
    pickedSets.push(setOf(index));
    gain.taken(index);
    return index;
  };
  return {
    choose(order: readonly number[], start: number, end: number, byCoverage: boolean): number {
      const free = order.slice(start, end).filter((index) => !picked.has(index));
      if (free.length === 0) {
        for (let distance = 1; distance < order.length; distance++) {
          for (const position of [start - distance, end - 1 + distance]) {
            if (position >= 0 && position < order.length && !picked.has(order[position])) {
              return accept(order[position]);
            }
          }
        }
        throw new Error("select: no free text left (n above the pool size)");
      }
      let fallback = -1;
      let fallbackSimilarity = Infinity;
      let best = -1;
      let bestGain = -Infinity;
      for (const index of rng.shuffle(free)) {
        const closest = similarity(index);
        if (closest < NEAR_DUPLICATE) {
          if (!byCoverage) return accept(index);
          const value = gain.of(index);
          if (value > bestGain) {
            best = index;
            bestGain = value;
          }
        }
        if (closest < fallbackSimilarity) {
          fallback = index;
          fallbackSimilarity = closest;
        }
      }
      return accept(best >= 0 ? best : fallback);
    },
  };
}

/** Soft coverage: a word already held by k picks counts COVERED_DECAY^k of its weight. */
const COVERED_DECAY = 0.5;

/**
 * The coverage value of picking a text given the picks so far (`of`), and the bookkeeping of a pick
 * (`taken`). A word or word pair weighs the number of pool texts holding it (0 when only one does: it
 * teaches nothing about the rest of the pool) times its novelty to the model; a text is worth the sum
 * of its words' weights, each discounted by half for every earlier pick that holds it.
 */
function _coverageGain(
  texts: readonly string[],
  setOf: (index: number) => Set<string>,
  novelty: ((token: string) => number) | undefined,
): { of: (index: number) => number; taken: (index: number) => void } {
  const poolDocuments = new Map<string, number>();
  for (let i = 0; i < texts.length; i++) {
    for (const token of setOf(i)) poolDocuments.set(token, (poolDocuments.get(token) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  const weightOf = (token: string) => {
    let weight = weights.get(token);
    if (weight === undefined) {
      const documents = poolDocuments.get(token) ?? 0;
      weight = documents < 2 ? 0 : documents * (novelty ? novelty(token) : 1);
      weights.set(token, weight);
    }
    return weight;
  };
  const covered = new Map<string, number>();
  return {
    of(index) {
      let value = 0;
      for (const token of setOf(index)) {
        value += weightOf(token) * COVERED_DECAY ** (covered.get(token) ?? 0);
      }
      return value;
    },
    taken(index) {
      for (const token of setOf(index)) covered.set(token, (covered.get(token) ?? 0) + 1);
    },
  };
}
