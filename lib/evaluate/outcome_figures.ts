/** Tables and Plotly figures comparing evaluation outcomes (e.g. one model family on two splits). */
import { type PlotlyFigure, plotlyFigure } from "../report/figure.ts";
import { confusionPanelsFigure } from "../report/confusion_matrix_figure.ts";
import type { Label } from "../data/types.ts";
import type { EvaluationReport } from "./evaluation_report.ts";
import { precisionRecallCurve } from "./precision_recall_curve.ts";

/** A named evaluation: its report and, for curves, the test gold labels and scores. */
export interface NamedEvaluation {
  /** Label shown in tables and legends. */
  name: string;
  /** The `metrics.json` object. */
  metrics: EvaluationReport;
  /** Gold labels of the test rows (needed for curves). */
  gold?: readonly Label[];
  /** Scores of the test rows (needed for curves). */
  scores?: ArrayLike<number>;
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
 * @example pl.DataFrame(evaluationSummaryRows([{ name: "grouped", metrics: outcome.metrics }]));
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

/**
 * Confusion matrices side by side (rows gold, columns predicted, AE first), counts in the cells.
 * @param evaluations named reports
 * @returns a displayable Plotly figure
 * @example await Deno.jupyter.display(confusionMatricesFigure([{ name: "grouped", metrics }]));
 */
export function confusionMatricesFigure(evaluations: readonly NamedEvaluation[]): PlotlyFigure {
  return confusionPanelsFigure(
    evaluations.map(({ name, metrics }) => ({ name, confusion: metrics.confusion })),
    { title: "Confusion matrix (test set)", scale: "per-matrix", gap: 0.08 },
  );
}

/**
 * Precision–recall curves (step-wise, AE class) with each model's operating point marked.
 * Evaluations without `gold` and `scores` are skipped.
 * @param evaluations named reports with gold labels and scores
 * @returns a displayable Plotly figure
 * @example await Deno.jupyter.display(precisionRecallCurvesFigure([{ name, metrics, gold, scores }]));
 */
export function precisionRecallCurvesFigure(evaluations: readonly NamedEvaluation[]): PlotlyFigure {
  const colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
  const traces = evaluations.filter((evaluation) => evaluation.gold && evaluation.scores).flatMap(
    (evaluation, index) => {
      const curve = _thinned(precisionRecallCurve(evaluation.gold!, evaluation.scores!));
      const colour = colours[index % colours.length];
      const auc = evaluation.metrics.pr_auc;
      return [
        {
          type: "scatter",
          mode: "lines",
          name: `${evaluation.name}${auc === null ? "" : ` (PR-AUC ${auc.toFixed(3)})`}`,
          x: [0, ...curve.recall],
          y: [curve.precision[0] ?? 1, ...curve.precision],
          line: { color: colour, shape: "hv" },
          hovertemplate: "recall %{x:.3f}, precision %{y:.3f}<extra></extra>",
        },
        {
          type: "scatter",
          mode: "markers",
          name: `${evaluation.name} at threshold ${evaluation.metrics.threshold.toFixed(3)}`,
          x: [evaluation.metrics.recall],
          y: [evaluation.metrics.precision],
          marker: { color: colour, size: 11, symbol: "diamond", line: { width: 1, color: "#222" } },
          hovertemplate: "recall %{x:.3f}, precision %{y:.3f}<extra></extra>",
        },
      ];
    },
  );
  return plotlyFigure(traces, {
    title: { text: "Precision–recall curve (AE class, test set)" },
    xaxis: { title: { text: "recall" }, range: [0, 1.02] },
    yaxis: { title: { text: "precision" }, range: [0, 1.02] },
    height: 440,
    legend: { x: 0.02, y: 0.05 },
  });
}

/** Most points a drawn curve keeps (a test set of thousands of rows has thousands of distinct scores). */
const _MAX_CURVE_POINTS = 400;

/**
 * Keeps at most {@link _MAX_CURVE_POINTS} points of a curve (evenly spaced, first and last kept), values
 * rounded to 4 decimals, so figures stay small in saved notebooks. Drawing only; metrics use every point.
 */
function _thinned(curve: { recall: number[]; precision: number[] }): {
  recall: number[];
  precision: number[];
} {
  const length = curve.recall.length;
  const step = Math.max(1, Math.ceil(length / _MAX_CURVE_POINTS));
  const recall: number[] = [];
  const precision: number[] = [];
  for (let i = 0; i < length; i += step) {
    recall.push(Math.round(curve.recall[i] * 1e4) / 1e4);
    precision.push(Math.round(curve.precision[i] * 1e4) / 1e4);
  }
  if (length > 0 && (length - 1) % step !== 0) {
    recall.push(Math.round(curve.recall[length - 1] * 1e4) / 1e4);
    precision.push(Math.round(curve.precision[length - 1] * 1e4) / 1e4);
  }
  return { recall, precision };
}
