/**
 * Figures and notebook display, from plain data (curves, counts, trials): Plotly figures that render in
 * Deno's Jupyter kernel through the display protocol and stay plain JSON outside it (so tests and the
 * report can read them), one builder per chart (F1 with its interval, precision–recall curves with the
 * no-skill line, operating points, reliability diagram, confusion matrices, leakage by split, tuning
 * history, hyperparameters as parallel coordinates and their importance), the HTML that embeds a figure in a
 * page (plotly.js loaded once per page, never inside an output), markdown blocks, Polars tables of plain
 * records that render with rounded numbers and key columns first, and a display helper that keeps each
 * output in its own cell.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { confusionMatrixFigure, f1IntervalFigure, plotlyFigure } from "./mod.ts";
 * const metrics = {
 *   f1: 0.71,
 *   f1_ci: { low: 0.66, high: 0.75 },
 *   confusion: { tp: 40, fp: 10, fn: 12, tn: 138 },
 * };
 * const interval = f1IntervalFigure([{ name: "baseline", metrics }]);
 * assert.deepEqual(interval.data[0].y, [0.71]);
 * const confusion = confusionMatrixFigure([{ name: "baseline", metrics }]);
 * assert.deepEqual(confusion.data[0].customdata, [[40, 12], [10, 138]]);
 * const bars = plotlyFigure([{ type: "bar", x: ["AE", "Not AE"], y: [4271, 16624] }], { title: "Classes" });
 * assert.equal(bars.title, "Classes");
 * ```
 * @module
 */
export {
  escapeScript,
  figureHtml,
  PlotlyFigure,
  plotlyFigure,
  type PlotlyFigureSpec,
  type PlotlyJson,
  plotlyScript,
} from "./plotly_figure.ts";
export { f1IntervalFigure, type F1IntervalPoint } from "./f1_interval_figure.ts";
export { precisionRecallFigure, type PrecisionRecallSeries } from "./precision_recall_figure.ts";
export { coincidingCurves, type ScoredSeries } from "./coinciding_curves.ts";
export {
  operatingPointLabel,
  type OperatingPointMark,
  type OperatingPointSeries,
  operatingPointsFigure,
} from "./operating_points_figure.ts";
export { reliabilityFigure, type ReliabilitySeries } from "./reliability_figure.ts";
export { type LeakageBar, leakageFigure } from "./leakage_figure.ts";
export {
  type ParameterImportanceBar,
  parameterImportanceFigure,
} from "./parameter_importance_figure.ts";
export {
  type ConfusionFigureOptions,
  confusionMatrixFigure,
  type ConfusionPanel,
} from "./confusion_matrix_figure.ts";
export { tuningHistoryFigure, type TuningTrialPoint } from "./tuning_history_figure.ts";
export { parallelCoordinatesFigure, type SpaceAxis } from "./parallel_coordinates_figure.ts";
export { type MarkdownDisplay, markdownDisplay } from "./markdown_display.ts";
export { recordsFrame } from "./records_frame.ts";
export { type TableDisplayOptions, withTableDisplay } from "./with_table_display.ts";
export { showInNotebook } from "./show_in_notebook.ts";
