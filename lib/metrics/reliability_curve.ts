/** The reliability (calibration) curve of a probability score, with the Brier score. */
import type { Label } from "../data/mod.ts";
import { _checkScores, _goldPositives } from "./_counts.ts";

/** One bin of a {@link ReliabilityCurve}. */
export interface ReliabilityBin {
  /** Lower edge of the bin (inclusive). */
  low: number;
  /** Upper edge of the bin (exclusive, except 1 for the last bin). */
  high: number;
  /** Rows whose score falls in the bin. */
  count: number;
  /** Mean score of those rows (what the model promised). */
  mean_score: number;
  /** Share of those rows that are `Adverse_Event` (what happened). */
  observed_rate: number;
  /** 95% Wilson interval of the observed rate. */
  observed_ci: { low: number; high: number };
}

/** The reliability curve of a score and its Brier score. */
export interface ReliabilityCurve {
  /** Non-empty bins, lowest first. */
  bins: ReliabilityBin[];
  /** Mean squared difference between score and outcome (0 = perfect, 0.25 = a constant 0.5). */
  brier: number;
  /** Brier score of always predicting the observed prevalence (the no-skill reference). */
  brier_reference: number;
  /** Bin-count-weighted mean |observed − predicted| (expected calibration error). */
  expected_calibration_error: number;
}

/**
 * Splits [0, 1] into `bins` equal-width bins and compares, in each non-empty bin, the mean score with the
 * share of `Adverse_Event` rows (with a 95% Wilson interval); adds the Brier score, its no-skill reference
 * (always predicting the prevalence) and the expected calibration error. Scores are clamped to [0, 1].
 * @param gold gold labels
 * @param scores probability of `Adverse_Event`, one per row
 * @param bins number of equal-width bins (default 10)
 * @returns the bins and the summary scores
 * @throws {RangeError} lengths differ, a score is not finite, no rows, or `bins` is not a positive integer
 * @example
 * ```ts
 * const curve = reliabilityCurve(["Adverse_Event", "Not_AE", "Not_AE"], [0.8, 0.3, 0.1], 5);
 * console.log(curve.brier.toFixed(3), curve.bins.length); // 0.047 3
 * ```
 */
export function reliabilityCurve(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  bins = 10,
): ReliabilityCurve {
  const goldPositive = _goldPositives(gold, scores.length, "reliabilityCurve");
  _checkScores(scores, "reliabilityCurve");
  if (goldPositive.length === 0) throw new RangeError("reliabilityCurve: no rows");
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`reliabilityCurve: bins must be a positive integer (got ${bins})`);
  }
  const counts = new Float64Array(bins);
  const scoreSums = new Float64Array(bins);
  const positiveCounts = new Float64Array(bins);
  let squaredError = 0;
  let positives = 0;
  for (let i = 0; i < goldPositive.length; i++) {
    const score = Math.min(1, Math.max(0, scores[i]));
    const outcome = goldPositive[i] ? 1 : 0;
    squaredError += (score - outcome) ** 2;
    positives += outcome;
    const bin = Math.min(bins - 1, Math.floor(score * bins));
    counts[bin]++;
    scoreSums[bin] += score;
    positiveCounts[bin] += outcome;
  }
  const n = goldPositive.length;
  const prevalence = positives / n;
  const result: ReliabilityBin[] = [];
  let calibrationError = 0;
  for (let bin = 0; bin < bins; bin++) {
    if (counts[bin] === 0) continue;
    const meanScore = scoreSums[bin] / counts[bin];
    const observed = positiveCounts[bin] / counts[bin];
    calibrationError += (counts[bin] / n) * Math.abs(observed - meanScore);
    result.push({
      low: bin / bins,
      high: (bin + 1) / bins,
      count: counts[bin],
      mean_score: meanScore,
      observed_rate: observed,
      observed_ci: _wilsonInterval(positiveCounts[bin], counts[bin]),
    });
  }
  return {
    bins: result,
    brier: squaredError / n,
    brier_reference: prevalence * (1 - prevalence),
    expected_calibration_error: calibrationError,
  };
}

/** 95% Wilson score interval of a proportion `successes / trials`. */
function _wilsonInterval(successes: number, trials: number): { low: number; high: number } {
  const z = 1.959963984540054;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) /
    denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
