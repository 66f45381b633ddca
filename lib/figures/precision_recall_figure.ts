/** Precision–recall curves with each model's operating point: one builder for the report and notebooks. */
import type { Label } from "../data/mod.ts";
import { precisionRecallCurve } from "../metrics/mod.ts";
import { type PlotlyFigure, plotlyFigure } from "./plotly_figure.ts";
import { _seriesColour } from "./_palette.ts";

/** One curve: a name, the operating point's metrics and the scored test rows. */
export interface PrecisionRecallSeries {
  /** Shown in the legend. */
  name: string;
  /** The operating point and PR-AUC (an evaluation report's `metrics` fits as it is). */
  metrics: { precision: number; recall: number; threshold: number; pr_auc: number | null };
  /** Gold labels of the test rows (a series without gold labels and scores is skipped). */
  gold?: readonly Label[];
  /** Scores of the test rows, index-aligned with `gold`. */
  scores?: ArrayLike<number>;
}

/** Most points a drawn curve keeps (a test set of thousands of rows has thousands of distinct scores). */
const MAX_CURVE_POINTS = 400;

/**
 * Precision–recall curves (step-wise, AE class) with each model's operating point (its precision and
 * recall at its own threshold) marked. Curves are thinned to at most 400 points for drawing; metrics use
 * every point.
 * @param series names, operating points, gold labels and scores
 * @param options figure title (default `Precision–recall curves (AE class, test set)`)
 * @returns the figure (a line and a marker trace per series with scores)
 * @throws {RangeError} when a series' gold labels and scores differ in length or a score is not finite
 * @example
 * ```ts
 * const figure = precisionRecallFigure([{
 *   name: "baseline",
 *   metrics: { precision: 1, recall: 0.5, threshold: 0.5, pr_auc: 0.83 },
 *   gold: ["Adverse_Event", "Not_AE", "Adverse_Event"],
 *   scores: [0.9, 0.4, 0.3],
 * }]);
 * console.log(figure.data.length); // 2
 * ```
 */
export function precisionRecallFigure(
  series: readonly PrecisionRecallSeries[],
  options: { title?: string } = {},
): PlotlyFigure {
  const traces = series.filter((item) => item.gold && item.scores).flatMap((item, index) => {
    const curve = _thinned(precisionRecallCurve(item.gold!, item.scores!));
    const colour = _seriesColour(item.name, index);
    const auc = item.metrics.pr_auc;
    const prAuc = auc === null || Number.isNaN(auc) ? "" : ` (PR-AUC ${auc.toFixed(3)})`;
    return [
      {
        type: "scatter",
        mode: "lines",
        name: `${item.name}${prAuc}`,
        x: [0, ...curve.recall],
        y: [curve.precision[0] ?? 1, ...curve.precision],
        line: { color: colour, shape: "hv" },
        hovertemplate: "recall %{x:.3f}, precision %{y:.3f}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "markers",
        name: `${item.name} at threshold ${item.metrics.threshold.toFixed(3)}`,
        x: [item.metrics.recall],
        y: [item.metrics.precision],
        marker: { color: colour, size: 11, symbol: "diamond", line: { width: 1, color: "#222" } },
        hovertemplate: `${item.name}: recall %{x:.3f}, precision %{y:.3f}<extra></extra>`,
      },
    ];
  });
  return plotlyFigure(traces, {
    title: { text: options.title ?? "Precision–recall curves (AE class, test set)" },
    xaxis: { title: { text: "recall" }, range: [0, 1.02] },
    yaxis: { title: { text: "precision" }, range: [0, 1.02] },
    height: 440,
    legend: { x: 0.02, y: 0.05 },
  });
}

/**
 * Keeps at most {@link MAX_CURVE_POINTS} points of a curve (evenly spaced, first and last kept), values
 * rounded to 4 decimals, so figures stay small in saved notebooks and reports.
 */
function _thinned(curve: { recall: number[]; precision: number[] }): {
  recall: number[];
  precision: number[];
} {
  const length = curve.recall.length;
  const step = Math.max(1, Math.ceil(length / MAX_CURVE_POINTS));
  const kept: number[] = [];
  for (let i = 0; i < length; i += step) kept.push(i);
  if (length > 0 && (length - 1) % step !== 0) kept.push(length - 1);
  const round = (value: number) => Math.round(value * 1e4) / 1e4;
  return {
    recall: kept.map((i) => round(curve.recall[i])),
    precision: kept.map((i) => round(curve.precision[i])),
  };
}
