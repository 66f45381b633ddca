/** Precision, recall and F1 with a bootstrap interval for each subgroup of the rows (length, drug, …). */
import type { Label } from "../data/mod.ts";
import { _countConfusion, _goldPositives, _ratesFromCounts } from "./_counts.ts";
import { bootstrapF1Interval, type BootstrapInterval } from "./bootstrap_f1_interval.ts";
import type { BootstrapOptions } from "./_bootstrap.ts";
import { smallSampleWarning } from "./small_sample_warning.ts";

/** The metrics of one subgroup. */
export interface SubgroupMetrics {
  /** The subgroup's name (e.g. `11–20 words`, a drug name). */
  group: string;
  /** Rows in the subgroup. */
  n: number;
  /** Gold `Adverse_Event` rows in it. */
  positives: number;
  /** Gold AE, predicted AE. */
  tp: number;
  /** Gold Not_AE, predicted AE. */
  fp: number;
  /** Gold AE, predicted Not_AE. */
  fn: number;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** F1 of the AE class. */
  f1: number;
  /** Bootstrap interval of F1, or null without any `Adverse_Event` row (F1 says nothing then). */
  f1_ci: BootstrapInterval | null;
  /** A plain warning when the subgroup has under 30 `Adverse_Event` rows. */
  warning: string | null;
}

/**
 * Metrics for each subgroup: a row may belong to none, one or several (a sentence naming two drugs counts
 * for both). F1's interval resamples the subgroup's rows, or its groups when `options.groups` is given
 * (one key per row of the whole set, e.g. the PubMed id); subgroups with under 30 positives carry a plain
 * warning, and those without any positive get no interval.
 * @param gold gold labels
 * @param predictedPositive whether each row was predicted `Adverse_Event`
 * @param memberships the subgroups of each row
 * @param options bootstrap seed, resamples, groups (per row of the whole set), level
 * @returns one entry per subgroup, in order of first appearance
 * @throws {RangeError} lengths differ, or bad bootstrap options
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event"] as const;
 * const rows = subgroupMetrics(gold, [true, true, false], [["short"], ["short"], ["long"]], { seed: 1, resamples: 50 });
 * console.log(rows.map((row) => `${row.group} ${row.f1}`)); // ["short 0.6666666666666666", "long 0"]
 * ```
 */
export function subgroupMetrics(
  gold: readonly Label[],
  predictedPositive: readonly boolean[],
  memberships: ReadonlyArray<readonly string[]>,
  options: BootstrapOptions,
): SubgroupMetrics[] {
  const goldPositive = _goldPositives(gold, predictedPositive.length, "subgroupMetrics");
  if (memberships.length !== gold.length) {
    throw new RangeError(
      `subgroupMetrics: ${memberships.length} memberships but ${gold.length} rows`,
    );
  }
  if (options.groups && options.groups.length !== gold.length) {
    throw new RangeError(
      `subgroupMetrics: ${options.groups.length} groups but ${gold.length} rows`,
    );
  }
  const rowsOf = new Map<string, number[]>();
  memberships.forEach((names, row) => {
    for (const name of new Set(names)) {
      const rows = rowsOf.get(name);
      if (rows) rows.push(row);
      else rowsOf.set(name, [row]);
    }
  });
  return [...rowsOf].map(([group, rows]) => {
    const subsetGold = rows.map((row) => gold[row]);
    const subsetPredicted = rows.map((row) => predictedPositive[row]);
    const { tp, fp, fn } = _countConfusion(rows.map((row) => goldPositive[row]), subsetPredicted);
    const positives = tp + fn;
    const groups = options.groups ? rows.map((row) => options.groups![row]) : undefined;
    return {
      group,
      n: rows.length,
      positives,
      tp,
      fp,
      fn,
      ..._ratesFromCounts(tp, fp, fn),
      f1_ci: positives === 0
        ? null
        : bootstrapF1Interval(subsetGold, subsetPredicted, { ...options, groups }),
      warning: smallSampleWarning(positives),
    };
  });
}
