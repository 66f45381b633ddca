/** The evaluation report written as `metrics.json` by `ade evaluate` and `trainAndEvaluate`. */
import type { Label } from "../data/mod.ts";
import { computeMetrics } from "./compute_metrics.ts";
import { bootstrapF1Interval, type BootstrapInterval } from "./bootstrap_f1_interval.ts";
import { type OperatingPoint, operatingPoints } from "./operating_points.ts";
import { reliabilityCurve } from "./reliability_curve.ts";
import { smallSampleWarning } from "./small_sample_warning.ts";

/** The `metrics.json` object. Key order is fixed; AUCs are `null` when undefined (one class absent). */
export interface EvaluationReport {
  /** Number of rows evaluated. */
  n: number;
  /** F1 of the AE class. */
  f1: number;
  /** Precision of the AE class. */
  precision: number;
  /** Recall of the AE class. */
  recall: number;
  /** Share of rows predicted correctly. */
  accuracy: number;
  /** Mean F1 of both classes. */
  macro_f1: number;
  /** ROC-AUC, or null when one class is absent. */
  roc_auc: number | null;
  /** Average precision, or null without positives. */
  pr_auc: number | null;
  /** The decision threshold used (predicted AE when `score >= threshold`). */
  threshold: number;
  /** Confusion counts of the AE class. */
  confusion: { tp: number; fp: number; fn: number; tn: number };
  /** Bootstrap interval of F1 over rows. */
  f1_ci: BootstrapInterval;
  /** Bootstrap interval of F1 over PubMed-id clusters, when the rows carry PubMed ids. */
  f1_ci_pmid?: BootstrapInterval;
  /**
   * Precision, recall and the share of rows flagged at the model's threshold (`target_recall: null`) and at
   * the thresholds that reach recall 0.90, 0.95 and 0.99 on these rows, each with an interval.
   */
  operating_points: OperatingPoint[];
  /** How the operating points' intervals were made (PubMed-id clusters when the rows carry ids). */
  operating_points_ci: { method: string; resamples: number; level: number };
  /** Brier score of the scores (mean squared difference to the 0/1 outcome). */
  brier: number;
  /** Plain warnings for the reader (e.g. under 30 adverse-event rows); empty when there are none. */
  warnings: string[];
  /** Seed of the bootstrap. */
  bootstrap_seed: number;
  /** Confidence level of the intervals. */
  ci_level: number;
}

/** Options for {@link buildEvaluationReport}. */
export interface EvaluationReportOptions {
  /** Seed of the bootstrap (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** PubMed id per row (`undefined` when unknown): adds the cluster interval `f1_ci_pmid`. */
  pmids?: ReadonlyArray<string | undefined>;
}

/**
 * Builds the evaluation report: metrics at `threshold`, confusion counts, bootstrap F1 intervals by rows
 * and, when any row has a PubMed id, by PubMed-id clusters (rows without one are their own cluster); the
 * operating points at the threshold and at recall 0.90 / 0.95 / 0.99 with intervals (by clusters when there
 * are PubMed ids); the Brier score; and a plain warning when the rows hold under 30 adverse events.
 * @param gold gold labels
 * @param scores probability of `Adverse_Event`, one per row
 * @param threshold decision threshold
 * @param options bootstrap seed, resamples, level, PubMed ids
 * @returns the report (the `metrics.json` object)
 * @throws {RangeError} when lengths differ, a score is not finite or there are no rows
 * @example
 * ```ts
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const report = buildEvaluationReport(gold, [0.9, 0.2, 0.6, 0.7], 0.5, { seed: 42 });
 * console.log(report.f1, report.f1_ci.low, report.f1_ci.high); // f1 0.8
 * ```
 */
export function buildEvaluationReport(
  gold: readonly Label[],
  scores: ArrayLike<number>,
  threshold: number,
  options: EvaluationReportOptions = {},
): EvaluationReport {
  const seed = options.seed ?? 42;
  const level = options.level ?? 0.95;
  const metrics = computeMetrics(gold, scores, threshold);
  const predicted = Array.from({ length: scores.length }, (_, i) => scores[i] >= threshold);
  const bootstrap = { seed, resamples: options.resamples, level };
  type Head = Omit<
    EvaluationReport,
    | "operating_points"
    | "operating_points_ci"
    | "brier"
    | "warnings"
    | "bootstrap_seed"
    | "ci_level"
  >;
  const report: Head & Partial<EvaluationReport> = {
    n: metrics.n,
    f1: metrics.f1,
    precision: metrics.precision,
    recall: metrics.recall,
    accuracy: metrics.accuracy,
    macro_f1: metrics.macro_f1,
    roc_auc: Number.isNaN(metrics.roc_auc) ? null : metrics.roc_auc,
    pr_auc: Number.isNaN(metrics.pr_auc) ? null : metrics.pr_auc,
    threshold: metrics.threshold,
    confusion: { tp: metrics.tp, fp: metrics.fp, fn: metrics.fn, tn: metrics.tn },
    f1_ci: bootstrapF1Interval(gold, predicted, bootstrap),
  };
  const pmids = options.pmids;
  let groups: string[] | undefined;
  if (pmids && pmids.some((pmid) => pmid !== undefined && pmid !== "")) {
    if (pmids.length !== gold.length) {
      throw new RangeError(
        `buildEvaluationReport: ${pmids.length} PubMed ids but ${gold.length} rows`,
      );
    }
    groups = pmids.map((pmid) => pmid ?? "");
    report.f1_ci_pmid = bootstrapF1Interval(gold, predicted, { ...bootstrap, groups });
  }
  const points = operatingPoints(gold, scores, threshold, { ...bootstrap, groups });
  report.operating_points = points.points;
  report.operating_points_ci = {
    method: points.method,
    resamples: points.resamples,
    level: points.level,
  };
  report.brier = reliabilityCurve(gold, scores).brier;
  const warning = smallSampleWarning(metrics.tp + metrics.fn, "the test set");
  report.warnings = warning ? [warning] : [];
  report.bootstrap_seed = seed;
  report.ci_level = level;
  return report as EvaluationReport;
}
