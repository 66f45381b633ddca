/** Tables and Plotly figures comparing evaluation outcomes (e.g. one model family on two splits). */
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "../report/figure.ts";
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
  const labels = ["Adverse_Event", "Not_AE"];
  const count = Math.max(evaluations.length, 1);
  const gap = 0.08;
  const width = (1 - gap * (count - 1)) / count;
  const annotations: PlotlyJson[] = [];
  const layout: PlotlyJson = {
    title: { text: "Confusion matrix (test set)" },
    height: 360,
    margin: { l: 110, r: 30, t: 60, b: 70 },
    annotations,
  };
  const traces = evaluations.map(({ name, metrics }, index) => {
    const suffix = index === 0 ? "" : String(index + 1);
    const { tp, fp, fn, tn } = metrics.confusion;
    const z = [[tp, fn], [fp, tn]];
    const largest = Math.max(1, tp, fp, fn, tn);
    const start = index * (width + gap);
    layout[`xaxis${suffix}`] = {
      domain: [start, start + width],
      anchor: `y${suffix}`,
      type: "category",
      title: { text: `predicted — ${name}` },
    };
    layout[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      type: "category",
      autorange: "reversed",
      ...(index === 0 ? { title: { text: "gold" } } : { showticklabels: false }),
    };
    z.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) =>
        annotations.push({
          x: labels[columnIndex],
          y: labels[rowIndex],
          xref: `x${suffix}`,
          yref: `y${suffix}`,
          text: String(value),
          showarrow: false,
          font: { size: 14, color: value > largest / 2 ? "white" : "black" },
        })
      )
    );
    return {
      type: "heatmap",
      name,
      x: labels,
      y: labels,
      z: z.map((row) => row.map((value) => value / largest)),
      customdata: z,
      zmin: 0,
      zmax: 1,
      colorscale: [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
      showscale: false,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `${name}: gold %{y}, predicted %{x}: %{customdata}<extra></extra>`,
    };
  });
  return plotlyFigure(traces, layout);
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
