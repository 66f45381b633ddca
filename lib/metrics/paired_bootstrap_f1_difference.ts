/** Paired bootstrap of the F1 difference between two prediction sets on the same rows. */
import type { Label } from "../data/mod.ts";
import { _countConfusion, _f1FromCounts, _goldPositives } from "./_counts.ts";
import { _bootstrapInterval, type BootstrapInterval, type BootstrapOptions } from "./_bootstrap.ts";

/** The observed F1 difference (B minus A) and its bootstrap interval (`low`, `high`, `method`, `resamples`). */
export interface PairedF1Difference extends BootstrapInterval {
  /** F1 of B minus F1 of A on the full data. */
  difference: number;
}

/**
 * Paired percentile bootstrap of `F1(B) − F1(A)`: every resample draws the same rows (or groups) for both
 * prediction sets, so the interval reflects the difference, not the spread of each F1 alone. An interval
 * that excludes 0 means B differs from A at the chosen level.
 * @param gold gold labels
 * @param predictedA whether each row was predicted AE by A (e.g. the baseline)
 * @param predictedB whether each row was predicted AE by B (e.g. the tuned model)
 * @param options seed, resamples (default 1,000), groups, level (default 0.95)
 * @returns the observed difference and its interval
 * @throws {RangeError} on length mismatches, no rows, or invalid options
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const baseline = [true, true, false, false];
 * const tuned = [true, false, true, false];
 * const { difference, low, high } = pairedBootstrapF1Difference(gold, baseline, tuned, { seed: 42 });
 * console.log(difference, low, high); // difference 0.5
 * ```
 */
export function pairedBootstrapF1Difference(
  gold: readonly Label[],
  predictedA: readonly boolean[],
  predictedB: readonly boolean[],
  options: BootstrapOptions,
): PairedF1Difference {
  const goldPositive = _goldPositives(gold, predictedA.length, "pairedBootstrapF1Difference");
  if (predictedB.length !== predictedA.length) {
    throw new RangeError(
      `pairedBootstrapF1Difference: ${predictedA.length} predictions in A but ${predictedB.length} in B`,
    );
  }
  const countsA = _countConfusion(goldPositive, predictedA);
  const countsB = _countConfusion(goldPositive, predictedB);
  const difference = _f1FromCounts(countsB.tp, countsB.fp, countsB.fn) -
    _f1FromCounts(countsA.tp, countsA.fp, countsA.fn);
  const interval = _bootstrapInterval(
    goldPositive,
    [predictedA, predictedB],
    options,
    "pairedBootstrapF1Difference",
    (tp, fp, fn) => _f1FromCounts(tp[1], fp[1], fn[1]) - _f1FromCounts(tp[0], fp[0], fn[0]),
  );
  return { difference, ...interval };
}
