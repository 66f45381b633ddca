/** F1 with its 95% interval per configuration. */
import type { Comparison } from "./comparison.ts";
import { PlotlyFigure, plotlyFigure } from "./figure.ts";
import { _colourOf } from "./_palette.ts";

/**
 * A point per configuration at its F1, with asymmetric error bars to the bounds of its 95% interval.
 * @param comparison from {@link loadComparison}
 * @returns the figure (one scatter trace)
 * @example await Deno.jupyter.display(f1IntervalFigure(comparison));
 */
export function f1IntervalFigure(comparison: Comparison): PlotlyFigure {
  const entries = comparison.entries;
  return plotlyFigure([{
    type: "scatter",
    mode: "markers",
    name: "F1",
    x: entries.map((entry) => entry.configuration),
    y: entries.map((entry) => entry.metrics.f1),
    marker: { size: 12, color: entries.map((entry) => _colourOf(entry.configuration)) },
    error_y: {
      type: "data",
      symmetric: false,
      array: entries.map((entry) => entry.metrics.f1_ci.high - entry.metrics.f1),
      arrayminus: entries.map((entry) => entry.metrics.f1 - entry.metrics.f1_ci.low),
      thickness: 2,
      width: 8,
    },
    hovertemplate: "%{x}: F1 %{y:.3f}<extra></extra>",
  }], {
    title: { text: `F1 (AE class) with 95% CI — run ${comparison.runId}` },
    xaxis: { title: { text: "configuration" }, type: "category" },
    yaxis: { title: { text: "F1" } },
    height: 380,
    showlegend: false,
  });
}
