/** Evaluation reports as flat table rows (e.g. one model family on two splits). */
import type { EvaluationReport } from "../metrics/mod.ts";

/** A named evaluation report (an {@link EvaluationOutcome} fits as `{ name, metrics }`). */
export interface NamedEvaluation {
  /** Label shown in the table. */
  name: string;
  /** The `metrics.json` object. */
  metrics: EvaluationReport;
}

/** One flat row of {@link evaluationSummaryRows}. */
export interface EvaluationSummaryRow {
  /** The evaluation's name. */
  name: string;
  /** Test rows. */
  n: number;
  /** F1 of the AE class. */
  f1: number;
  /** Lower bound of the 95% interval (PubMed-id clusters when available, else rows). */
  f1_low: number;
  /** Upper bound of that interval. */
  f1_high: number;
  /** How the interval was computed. */
  f1_ci_method: string;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** Accuracy. */
  accuracy: number;
  /** Macro F1. */
  macro_f1: number;
  /** ROC-AUC (NaN when undefined). */
  roc_auc: number;
  /** PR-AUC (NaN when undefined). */
  pr_auc: number;
  /** Decision threshold. */
  threshold: number;
}

/**
 * Flat rows for a table (e.g. `pl.DataFrame(evaluationSummaryRows(...))`), F1 interval by PubMed-id
 * clusters when the report has one.
 * @param evaluations named reports
 * @returns one row per evaluation, numbers rounded to 4 decimals
 * @example
 * ```ts
 * import { buildEvaluationReport } from "../metrics/mod.ts";
 * const metrics = buildEvaluationReport(["Adverse_Event", "Not_AE"], [0.8, 0.3], 0.5, { seed: 42 });
 * const [row] = evaluationSummaryRows([{ name: "grouped", metrics }]);
 * console.log(row.f1, row.f1_low, row.f1_high, row.f1_ci_method); // 1 1 1 bootstrap-percentile-rows
 * ```
 */
export function evaluationSummaryRows(
  evaluations: readonly NamedEvaluation[],
): EvaluationSummaryRow[] {
  const round = (value: number | null) =>
    value === null ? Number.NaN : Math.round(value * 1e4) / 1e4;
  return evaluations.map(({ name, metrics }) => {
    const interval = metrics.f1_ci_pmid ?? metrics.f1_ci;
    return {
      name,
      n: metrics.n,
      f1: round(metrics.f1),
      f1_low: round(interval.low),
      f1_high: round(interval.high),
      f1_ci_method: interval.method,
      precision: round(metrics.precision),
      recall: round(metrics.recall),
      accuracy: round(metrics.accuracy),
      macro_f1: round(metrics.macro_f1),
      roc_auc: round(metrics.roc_auc),
      pr_auc: round(metrics.pr_auc),
      threshold: round(metrics.threshold),
    };
  });
}
