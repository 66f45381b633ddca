/** The share of sentences a reviewer must read at each operating point, with its interval. */
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "./plotly_figure.ts";
import { _seriesColour } from "./_palette.ts";

/** An operating point as the chart reads it (an entry of `metrics.json`'s `operating_points` fits). */
export interface OperatingPointMark {
  /** The recall asked for, or null for the model's own threshold. */
  target_recall: number | null;
  /** The threshold. */
  threshold: number;
  /** Precision at the threshold. */
  precision: number;
  /** Recall at the threshold. */
  recall: number;
  /** Share of rows flagged. */
  flagged_share: number;
  /** Its interval. */
  flagged_share_ci: { low: number; high: number };
}

/** One configuration's operating points. */
export interface OperatingPointSeries {
  /** Shown in the legend. */
  name: string;
  /** Its points, the model's own threshold first. */
  points: readonly OperatingPointMark[];
}

/**
 * The label of an operating point on the x axis: `model threshold` or `recall ≥ 0.95`.
 * @param point the point
 * @returns the label
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(operatingPointLabel({ target_recall: 0.95 }), "recall ≥ 0.95");
 * ```
 */
export function operatingPointLabel(point: { target_recall: number | null }): string {
  return point.target_recall === null
    ? "model threshold"
    : `recall ≥ ${point.target_recall.toFixed(2)}`;
}

/**
 * Grouped bars: for each configuration, the share of sentences flagged (what a reviewer reads) at the
 * model's threshold and at each recall target, with error bars to the interval's bounds; the hover text
 * gives the threshold, precision and recall. The y axis runs from 0 to 1.
 * @param series configurations and their points
 * @param options title (default `Share of sentences to review at each operating point (95% CI)`)
 * @returns the figure (one bar trace per configuration)
 * @example
 * ```ts
 * const figure = operatingPointsFigure([{
 *   name: "baseline",
 *   points: [
 *     { target_recall: null, threshold: 0.41, precision: 0.7, recall: 0.72, flagged_share: 0.21,
 *       flagged_share_ci: { low: 0.19, high: 0.23 } },
 *     { target_recall: 0.95, threshold: 0.08, precision: 0.4, recall: 0.95, flagged_share: 0.48,
 *       flagged_share_ci: { low: 0.43, high: 0.53 } },
 *   ],
 * }]);
 * console.log(figure.data[0].x); // ["model threshold", "recall ≥ 0.95"]
 * ```
 */
export function operatingPointsFigure(
  series: readonly OperatingPointSeries[],
  options: { title?: string } = {},
): PlotlyFigure {
  const traces: PlotlyJson[] = series.map((item, index) => {
    const bounded = (value: number) => (Number.isFinite(value) ? value : Number.NaN);
    return {
      type: "bar",
      name: item.name,
      x: item.points.map(operatingPointLabel),
      y: item.points.map((point) => point.flagged_share),
      marker: { color: _seriesColour(item.name, index) },
      error_y: {
        type: "data",
        symmetric: false,
        array: item.points.map((point) =>
          Math.max(0, bounded(point.flagged_share_ci.high) - point.flagged_share)
        ),
        arrayminus: item.points.map((point) =>
          Math.max(0, point.flagged_share - bounded(point.flagged_share_ci.low))
        ),
        thickness: 1.5,
        width: 6,
      },
      text: item.points.map((point) => `${(100 * point.flagged_share).toFixed(1)}%`),
      textposition: "outside",
      cliponaxis: false,
      customdata: item.points.map((point) => [point.threshold, point.precision, point.recall]),
      hovertemplate: `${item.name}, %{x}: review %{y:.1%} of sentences<br>` +
        "threshold %{customdata[0]:.4f}, precision %{customdata[1]:.3f}, recall %{customdata[2]:.3f}" +
        "<extra></extra>",
    };
  });
  return plotlyFigure(traces, {
    title: {
      text: options.title ?? "Share of sentences to review at each operating point (95% CI)",
    },
    barmode: "group",
    xaxis: { title: { text: "operating point" }, type: "category" },
    yaxis: { title: { text: "share of test sentences flagged" }, range: [0, 1], tickformat: ".0%" },
    height: 420,
  });
}
