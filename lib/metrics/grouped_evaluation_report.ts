/** The evaluation report of every value of a field (e.g. `source`) next to the overall one. */
import type { Label } from "../data/mod.ts";
import {
  buildEvaluationReport,
  type EvaluationReport,
  type EvaluationReportOptions,
} from "./evaluation_report.ts";
import { smallSampleWarning } from "./small_sample_warning.ts";

/** `metrics.json` with `--by FIELD`: the overall report plus one report (same keys) per value. */
export interface GroupedEvaluationReport extends EvaluationReport {
  /** The field the rows were grouped by. */
  by_field: string;
  /** Value → the report of the rows with that value (rows without one are under `(none)`). */
  by: Record<string, EvaluationReport>;
}

/**
 * Builds the overall report and one per distinct group value, each with its own bootstrap interval (and
 * the small-sample warning, naming the group, when it has fewer than 30 `Adverse_Event` rows). Groups are in value
 * order.
 * @param gold gold labels
 * @param scores probability of `Adverse_Event`, one per row
 * @param threshold decision threshold
 * @param field the name of the field grouped by (recorded as `by_field`)
 * @param groups the field's value of each row (undefined or empty: `(none)`)
 * @param options bootstrap settings and PubMed ids, as for {@link buildEvaluationReport}
 * @returns the grouped report
 * @throws {RangeError} when lengths differ
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const scores = [0.9, 0.2, 0.6, 0.7, 0.3, 0.1];
 * const sources = ["case report", "case report", "case report", "forum", "forum", "forum"];
 * const report = buildGroupedEvaluationReport(gold, scores, 0.5, "source", sources, { resamples: 100 });
 * assert.equal(report.by["case report"].f1, 1);
 * assert.equal(report.by.forum.f1, 0);
 * ```
 */
export function buildGroupedEvaluationReport(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  threshold: number,
  field: string,
  groups: ReadonlyArray<unknown>,
  options: EvaluationReportOptions = {},
): GroupedEvaluationReport {
  if (groups.length !== gold.length) {
    throw new RangeError(
      `buildGroupedEvaluationReport: ${groups.length} groups but ${gold.length} rows`,
    );
  }
  const names = groups.map((value) =>
    value === undefined || value === null || value === "" ? "(none)" : String(value)
  );
  const by: Record<string, EvaluationReport> = {};
  for (const name of [...new Set(names)].sort()) {
    const members = names.flatMap((value, i) => (value === name ? [i] : []));
    const report = buildEvaluationReport(
      members.map((i) => gold[i]),
      members.map((i) => scores[i]),
      threshold,
      { ...options, pmids: options.pmids ? members.map((i) => options.pmids![i]) : undefined },
    );
    // The small-sample warning names the group instead of "the test set".
    const positives = report.confusion.tp + report.confusion.fn;
    const generic = smallSampleWarning(positives, "the test set");
    const named = smallSampleWarning(positives, `${field} "${name}"`);
    report.warnings = report.warnings.map((
      warning,
    ) => (warning === generic && named ? named : warning));
    by[name] = report;
  }
  return { ...buildEvaluationReport(gold, scores, threshold, options), by_field: field, by };
}
