/** F1 with its confidence interval per evaluation. */
import { type PlotlyFigure, plotlyFigure } from "./plotly_figure.ts";
import { _seriesColour } from "./_palette.ts";

/** One point of the chart: a name, its F1 and the interval. */
export interface F1IntervalPoint {
  /** Shown on the x axis. */
  name: string;
  /**
   * F1 and its interval; the PubMed-cluster interval `f1_ci_pmid` is drawn when present, else `f1_ci`
   * (an evaluation report's `metrics` fits as it is).
   */
  metrics: {
    f1: number;
    f1_ci: { low: number; high: number };
    f1_ci_pmid?: { low: number; high: number };
  };
}

/**
 * A point per evaluation at its F1, with asymmetric error bars to the bounds of its interval; the y axis
 * runs from 0 to 1.
 * @param points names, F1 values and intervals
 * @param options figure title (default `F1 (AE class) with 95% CI`)
 * @returns the figure (one scatter trace)
 * @example
 * ```ts
 * const figure = f1IntervalFigure([
 *   { name: "baseline", metrics: { f1: 0.71, f1_ci: { low: 0.66, high: 0.75 } } },
 *   { name: "tuned", metrics: { f1: 0.74, f1_ci: { low: 0.70, high: 0.78 } } },
 * ]);
 * console.log(figure.data[0].y); // [0.71, 0.74]
 * ```
 */
export function f1IntervalFigure(
  points: readonly F1IntervalPoint[],
  options: { title?: string } = {},
): PlotlyFigure {
  const intervals = points.map(({ metrics }) => metrics.f1_ci_pmid ?? metrics.f1_ci);
  return plotlyFigure([{
    type: "scatter",
    mode: "markers",
    name: "F1",
    x: points.map((point) => point.name),
    y: points.map((point) => point.metrics.f1),
    marker: { size: 12, color: points.map((point, index) => _seriesColour(point.name, index)) },
    error_y: {
      type: "data",
      symmetric: false,
      array: points.map((point, index) => intervals[index].high - point.metrics.f1),
      arrayminus: points.map((point, index) => point.metrics.f1 - intervals[index].low),
      thickness: 2,
      width: 8,
    },
    cliponaxis: false,
    hovertemplate: "%{x}: F1 %{y:.3f}<extra></extra>",
  }], {
    title: { text: options.title ?? "F1 (AE class) with 95% CI" },
    xaxis: { title: { text: "configuration" }, type: "category" },
    yaxis: { title: { text: "F1" }, range: [0, 1] },
    height: 380,
    showlegend: false,
  });
}
