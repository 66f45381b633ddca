/** How much of the spread of the tuning objective each hyperparameter accounts for. */
import { type PlotlyFigure, plotlyFigure } from "./plotly_figure.ts";

/** One hyperparameter's importance. */
export interface ParameterImportanceBar {
  /** Hyperparameter name. */
  name: string;
  /** Share of the objective's variance it explains (0..1). */
  importance: number;
}

/**
 * Horizontal bars of each hyperparameter's importance, largest on top, with the value written on each bar.
 * @param bars importances
 * @param options title (default `Hyperparameter importance (share of the objective's variance)`)
 * @returns the figure (one bar trace)
 * @example
 * ```ts
 * const figure = parameterImportanceFigure([{ name: "C", importance: 0.62 }, { name: "min_df", importance: 0.1 }]);
 * console.log(figure.data[0].y); // ["min_df", "C"]
 * ```
 */
export function parameterImportanceFigure(
  bars: readonly ParameterImportanceBar[],
  options: { title?: string } = {},
): PlotlyFigure {
  const sorted = [...bars].sort((a, b) => a.importance - b.importance);
  return plotlyFigure([{
    type: "bar",
    orientation: "h",
    name: "importance",
    x: sorted.map((bar) => bar.importance),
    y: sorted.map((bar) => bar.name),
    text: sorted.map((bar) => bar.importance.toFixed(2)),
    textposition: "outside",
    cliponaxis: false,
    marker: { color: "#1f77b4" },
    hovertemplate: "%{y}: %{x:.3f}<extra></extra>",
  }], {
    title: {
      text: options.title ?? "Hyperparameter importance (share of the objective's variance)",
    },
    xaxis: { title: { text: "share of variance explained" }, range: [0, 1] },
    yaxis: { type: "category", automargin: true },
    height: Math.max(260, 60 + 40 * sorted.length),
    showlegend: false,
  });
}
