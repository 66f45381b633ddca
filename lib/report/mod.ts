/**
 * Reporting: the comparison of the `baseline`, `tuned` and `tuned+synthetic` evaluate runs of one study
 * run (precision, recall, F1 with 95% CI, ROC-AUC, PR-AUC, paired F1 difference to the baseline with its
 * CI and McNemar's p), worded conclusions, Plotly figures that render in Deno's Jupyter kernel, and a
 * self-contained HTML + markdown report with a reproducibility block.
 *
 * @example
 * ```ts
 * import { comparisonFrame, ExperimentStore, f1IntervalFigure, loadComparison } from "./mod.ts";
 * const store = await ExperimentStore.open("runs/ade.sqlite");
 * const comparison = await loadComparison(store);
 * comparisonFrame(comparison); // a Polars DataFrame
 * f1IntervalFigure(comparison); // a displayable Plotly figure
 * ```
 * @module
 */
export * from "./figure.ts";
export * from "./comparison.ts";
export * from "./comparison_table.ts";
export * from "./describe_comparison.ts";
export * from "./markdown_display.ts";
export * from "./show_in_notebook.ts";
export * from "./f1_interval_figure.ts";
export * from "./precision_recall_figure.ts";
export * from "./confusion_matrix_figure.ts";
export * from "./load_tuning_trials.ts";
export * from "./tuning_history_figure.ts";
export * from "./reproducibility.ts";
export * from "./report_content.ts";
export * from "./render_markdown.ts";
export * from "./render_html.ts";
export * from "./write_report.ts";
export { ExperimentStore } from "../track/mod.ts";
export * from "./comparison_runs.ts";
