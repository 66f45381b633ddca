/**
 * Statistics of the `Adverse_Event` class, as pure functions (no files, no model code): precision, recall,
 * F1, macro F1, accuracy, ROC-AUC and PR-AUC with confusion counts; precision–recall and ROC curves; a
 * threshold sweep; the threshold that reaches a recall target, and operating points (precision, recall and
 * share of rows flagged, with intervals) at a threshold and at recall targets; the reliability curve and
 * Brier score; seeded bootstrap intervals of F1 by rows or by PubMed-id clusters, also per subgroup; the
 * paired bootstrap of an F1 difference and McNemar's exact test; the plain warning for few adverse events;
 * the `metrics.json` report built from them; and the `f1: <value>` log line that SageMaker's metric regex
 * reads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapF1Interval, computeMetrics, mcnemarExact } from "./mod.ts";
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const scores = [0.9, 0.4, 0.3, 0.1];
 * const metrics = computeMetrics(gold, scores, 0.5);
 * assert.ok(Math.abs(metrics.f1 - 2 / 3) < 1e-12);
 * const predicted = scores.map((score) => score >= 0.5);
 * const ci = bootstrapF1Interval(gold, predicted, { seed: 42, resamples: 200 });
 * assert.ok(ci.low <= metrics.f1 && metrics.f1 <= ci.high);
 * const { pValue } = mcnemarExact(gold, predicted, [true, false, true, false]);
 * assert.equal(pValue, 1);
 * ```
 * @module
 */
export { averagePrecision, computeMetrics, type Metrics, rocAuc } from "./compute_metrics.ts";
export { type PrecisionRecallCurve, precisionRecallCurve } from "./precision_recall_curve.ts";
export { type RocCurve, rocCurve } from "./roc_curve.ts";
export { type ThresholdPoint, thresholdSweep } from "./threshold_sweep.ts";
export { type RecallThreshold, thresholdForRecall } from "./threshold_for_recall.ts";
export {
  type Bounds,
  DEFAULT_RECALL_TARGETS,
  type OperatingPoint,
  type OperatingPoints,
  operatingPoints,
  type OperatingPointsOptions,
} from "./operating_points.ts";
export {
  type ReliabilityBin,
  type ReliabilityCurve,
  reliabilityCurve,
} from "./reliability_curve.ts";
export { type SubgroupMetrics, subgroupMetrics } from "./subgroup_metrics.ts";
export { SMALL_SAMPLE_POSITIVES, smallSampleWarning } from "./small_sample_warning.ts";
export { describeIntervalMethod } from "./describe_interval_method.ts";
export { describeOperatingPoint } from "./describe_operating_point.ts";
export {
  bootstrapF1Interval,
  type BootstrapInterval,
  type BootstrapOptions,
} from "./bootstrap_f1_interval.ts";
export {
  pairedBootstrapF1Difference,
  type PairedF1Difference,
} from "./paired_bootstrap_f1_difference.ts";
export { exactBinomialTwoSided, mcnemarExact, type McNemarResult } from "./mcnemar_exact.ts";
export {
  buildEvaluationReport,
  type EvaluationReport,
  type EvaluationReportOptions,
} from "./evaluation_report.ts";
export {
  buildGroupedEvaluationReport,
  type GroupedEvaluationReport,
} from "./grouped_evaluation_report.ts";
export { formatGroupTable, type GroupTableRow, groupTableRows } from "./format_group_table.ts";
export { F1_METRIC_REGEX, formatF1Line } from "./metric_line.ts";
