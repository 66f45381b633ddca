/** Percentile bootstrap confidence interval of the AE-class F1, by rows or by clusters. */
import type { Label } from "../data/mod.ts";
import { _f1FromCounts, _goldPositives } from "./_counts.ts";
import { _bootstrapInterval, type BootstrapInterval, type BootstrapOptions } from "./_bootstrap.ts";

export type { BootstrapInterval, BootstrapOptions } from "./_bootstrap.ts";

/**
 * Percentile bootstrap interval of F1 (AE class). Resamples rows, or whole groups when `groups` is given
 * (cluster bootstrap: use the PubMed id, since sentences of one abstract are not independent).
 * Seeded: the same inputs and seed give the same interval.
 * @param gold gold labels
 * @param predictedPositive whether each row was predicted `Adverse_Event`
 * @param options seed, resamples (default 1,000), groups, level (default 0.95)
 * @returns the interval with its method and resample count
 * @throws {RangeError} on length mismatches, no rows, or invalid options
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const predicted = [true, false, false, false];
 * const pmids = ["11", "11", "12", "13"]; // sentences of one abstract are resampled together
 * const ci = bootstrapF1Interval(gold, predicted, { seed: 42, groups: pmids });
 * console.log(`${ci.low.toFixed(3)}–${ci.high.toFixed(3)}`, ci.method);
 * ```
 */
export function bootstrapF1Interval(
  gold: readonly Label[],
  predictedPositive: readonly boolean[],
  options: BootstrapOptions,
): BootstrapInterval {
  const goldPositive = _goldPositives(gold, predictedPositive.length, "bootstrapF1Interval");
  return _bootstrapInterval(
    goldPositive,
    [predictedPositive],
    options,
    "bootstrapF1Interval",
    (tp, fp, fn) => _f1FromCounts(tp[0], fp[0], fn[0]),
  );
}
