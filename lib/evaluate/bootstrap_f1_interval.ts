/** Percentile bootstrap confidence interval of the AE-class F1, by rows or by clusters. */
import type { Label } from "../data/types.ts";
import { _f1FromCounts, _goldPositives } from "./_counts.ts";
import {
  _buildUnits,
  _checkOptions,
  _methodName,
  _quantile,
  _resample,
  type BootstrapOptions,
} from "./_bootstrap.ts";

export type { BootstrapOptions } from "./_bootstrap.ts";

/** A confidence interval from the bootstrap. */
export interface BootstrapInterval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** `bootstrap-percentile-rows` or `bootstrap-percentile-clusters`. */
  method: string;
  /** Number of resamples drawn. */
  resamples: number;
}

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
 * const ci = bootstrapF1Interval(gold, predicted, { seed: 42, groups: pmids });
 * console.log(`${ci.low.toFixed(3)}–${ci.high.toFixed(3)}`);
 * ```
 */
export function bootstrapF1Interval(
  gold: readonly Label[],
  predictedPositive: readonly boolean[],
  options: BootstrapOptions,
): BootstrapInterval {
  const goldPositive = _goldPositives(gold, predictedPositive.length, "bootstrapF1Interval");
  const checked = _checkOptions(options, gold.length, "bootstrapF1Interval");
  const units = _buildUnits(goldPositive, [predictedPositive], checked.groups);
  const values = _resample(
    units,
    checked.resamples,
    checked.seed,
    (tp, fp, fn) => _f1FromCounts(tp[0], fp[0], fn[0]),
  );
  const tail = (1 - checked.level) / 2;
  return {
    low: _quantile(values, tail),
    high: _quantile(values, 1 - tail),
    method: _methodName(checked.groups),
    resamples: checked.resamples,
  };
}
