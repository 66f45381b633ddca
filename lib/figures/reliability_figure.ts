/** Reliability diagram: promised probability against what happened, per configuration. */
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "./plotly_figure.ts";
import { _seriesColour } from "./_palette.ts";

/** One configuration's reliability curve (a `reliabilityCurve` result fits as `curve`). */
export interface ReliabilitySeries {
  /** Shown in the legend. */
  name: string;
  /** Bins and the Brier score. */
  curve: {
    bins: ReadonlyArray<{
      mean_score: number;
      observed_rate: number;
      count: number;
      observed_ci: { low: number; high: number };
    }>;
    brier: number;
  };
}

/**
 * The reliability diagram: for each configuration, the observed share of adverse events in each score bin
 * against the bin's mean score, with the bin's 95% interval; the diagonal is perfect calibration. The
 * legend carries each configuration's Brier score. Both axes run from 0 to 1.
 * @param series configurations and their curves
 * @param options title (default `Reliability diagram (test set)`)
 * @returns the figure: the diagonal, then one trace per configuration
 * @example
 * ```ts
 * const figure = reliabilityFigure([{
 *   name: "baseline",
 *   curve: { brier: 0.08, bins: [{ mean_score: 0.1, observed_rate: 0.12, count: 50, observed_ci: { low: 0.05, high: 0.24 } }] },
 * }]);
 * console.log(figure.data[1].name); // baseline (Brier 0.080)
 * ```
 */
export function reliabilityFigure(
  series: readonly ReliabilitySeries[],
  options: { title?: string } = {},
): PlotlyFigure {
  const traces: PlotlyJson[] = [{
    type: "scatter",
    mode: "lines",
    name: "perfect calibration",
    x: [0, 1],
    y: [0, 1],
    line: { color: "#888", dash: "dot", width: 1.5 },
    hoverinfo: "skip",
  }];
  series.forEach((item, index) => {
    const bins = item.curve.bins;
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${item.name} (Brier ${item.curve.brier.toFixed(3)})`,
      x: bins.map((bin) => bin.mean_score),
      y: bins.map((bin) => bin.observed_rate),
      line: { color: _seriesColour(item.name, index) },
      marker: { size: 8 },
      cliponaxis: false,
      error_y: {
        type: "data",
        symmetric: false,
        array: bins.map((bin) => bin.observed_ci.high - bin.observed_rate),
        arrayminus: bins.map((bin) => bin.observed_rate - bin.observed_ci.low),
        thickness: 1,
        width: 4,
      },
      customdata: bins.map((bin) => bin.count),
      hovertemplate: `${item.name}: mean score %{x:.3f}, observed AE share %{y:.3f} ` +
        "(%{customdata} sentences)<extra></extra>",
    });
  });
  return plotlyFigure(traces, {
    title: { text: options.title ?? "Reliability diagram (test set)" },
    xaxis: { title: { text: "mean predicted probability of an AE (bin)" }, range: [0, 1] },
    yaxis: { title: { text: "observed share of AE sentences" }, range: [0, 1] },
    height: 440,
    legend: { x: 0.02, y: 0.98 },
  });
}
