/** Precision–recall curves with each model's operating point: one builder for the report and notebooks. */
import type { Label } from "../data/mod.ts";
import { precisionRecallCurve } from "../metrics/mod.ts";
import { coincidingCurves } from "./coinciding_curves.ts";
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "./plotly_figure.ts";
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
 * recall at its own threshold) marked, and the no-skill line (precision = the share of AE rows, what
 * flagging at random gives). A series whose curve is the same as an earlier one's (same gold labels and
 * scores) is drawn dashed and its legend says which curve it coincides with. Curves are thinned to at most
 * 400 points for drawing; metrics use every point. Both axes run from 0 to 1.
 * @param series names, operating points, gold labels and scores
 * @param options figure title (default `Precision–recall curves (AE class, test set)`)
 * @returns the figure: a line and a marker trace per series with scores, then one no-skill line per
 * distinct prevalence
 * @throws {RangeError} when a series' gold labels and scores differ in length or a score is not finite
 * @example
 * ```ts
 * const figure = precisionRecallFigure([{
 *   name: "baseline",
 *   metrics: { precision: 1, recall: 0.5, threshold: 0.5, pr_auc: 0.83 },
 *   gold: ["Adverse_Event", "Not_AE", "Adverse_Event"],
 *   scores: [0.9, 0.4, 0.3],
 * }]);
 * console.log(figure.data.length); // 3: curve, operating point, no-skill line
 * ```
 */
export function precisionRecallFigure(
  series: readonly PrecisionRecallSeries[],
  options: { title?: string } = {},
): PlotlyFigure {
  const scored = series.filter((item) => item.gold && item.scores);
  const coincides = coincidingCurves(scored);
  const traces: PlotlyJson[] = scored.flatMap((item, index) => {
    const curve = _thinned(precisionRecallCurve(item.gold!, item.scores!));
    const colour = _seriesColour(item.name, index);
    const auc = item.metrics.pr_auc;
    const prAuc = auc === null || Number.isNaN(auc) ? "" : ` (PR-AUC ${auc.toFixed(3)})`;
    const same = coincides.get(item.name);
    return [
      {
        type: "scatter",
        mode: "lines",
        name: `${item.name}${prAuc}${same ? ` — same curve as ${same}` : ""}`,
        x: [0, ...curve.recall],
        y: [curve.precision[0] ?? 1, ...curve.precision],
        line: { color: colour, shape: "hv", ...(same ? { dash: "dash", width: 3 } : {}) },
        hovertemplate: "recall %{x:.3f}, precision %{y:.3f}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "markers",
        name: `${item.name} at threshold ${item.metrics.threshold.toFixed(3)}`,
        x: [item.metrics.recall],
        y: [item.metrics.precision],
        marker: { color: colour, size: 11, symbol: "diamond", line: { width: 1, color: "#222" } },
        cliponaxis: false,
        hovertemplate: `${item.name}: recall %{x:.3f}, precision %{y:.3f}<extra></extra>`,
      },
    ];
  });
  const prevalences = [
    ...new Set(scored.map((item) => {
      const positives = item.gold!.filter((label) => label === "Adverse_Event").length;
      return Math.round((positives / Math.max(1, item.gold!.length)) * 1e4) / 1e4;
    })),
  ];
  for (const prevalence of prevalences) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `no skill (precision ${prevalence.toFixed(3)} = share of AE rows)`,
      x: [0, 1],
      y: [prevalence, prevalence],
      line: { color: "#888", dash: "dot", width: 1.5 },
      hovertemplate: `no skill: precision ${prevalence.toFixed(3)}<extra></extra>`,
    });
  }
  return plotlyFigure(traces, {
    title: { text: options.title ?? "Precision–recall curves (AE class, test set)" },
    xaxis: { title: { text: "recall" }, range: [0, 1] },
    yaxis: { title: { text: "precision" }, range: [0, 1] },
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
