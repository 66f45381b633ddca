/**
 * Evaluation: metrics of the `Adverse_Event` class (precision, recall, F1, macro F1, accuracy, ROC-AUC,
 * PR-AUC, confusion counts), curves and threshold sweeps, seeded bootstrap intervals by rows and by
 * PubMed-id clusters, the paired bootstrap of an F1 difference and McNemar's exact test; plus the
 * train / predict / evaluate workflows behind `ade train`, `ade predict` and `ade evaluate`.
 *
 * @example
 * ```ts
 * import { bootstrapF1Interval, computeMetrics } from "./mod.ts";
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event"] as const;
 * const scores = [0.9, 0.4, 0.3];
 * const metrics = computeMetrics(gold, scores, 0.5); // f1 = 2/3
 * const ci = bootstrapF1Interval(gold, scores.map((s) => s >= 0.5), { seed: 42 });
 * console.log(metrics.f1, ci.low, ci.high);
 * ```
 * @module
 */
export * from "./compute_metrics.ts";
export * from "./precision_recall_curve.ts";
export * from "./roc_curve.ts";
export * from "./threshold_sweep.ts";
export * from "./bootstrap_f1_interval.ts";
export * from "./paired_bootstrap_f1_difference.ts";
export * from "./mcnemar_exact.ts";
export * from "./evaluation_report.ts";
export * from "./metric_line.ts";
export * from "./train_and_evaluate.ts";
export * from "./evaluate_model_file.ts";
export * from "./predict_file.ts";
export * from "./train_model.ts";
export * from "./read_predictions.ts";
export * from "./outcome_figures.ts";
