/** Confusion matrices of the configurations, side by side. */
import type { Comparison } from "./comparison.ts";
import { PlotlyFigure, plotlyFigure, type PlotlyJson } from "./figure.ts";

/**
 * One heatmap per configuration (rows: gold, columns: predicted; AE first), side by side on one shared
 * colour scale, with the counts written in the cells.
 * @param comparison from {@link loadComparison}
 * @returns the figure (a heatmap trace per configuration)
 * @example await Deno.jupyter.display(confusionMatrixFigure(comparison));
 */
export function confusionMatrixFigure(comparison: Comparison): PlotlyFigure {
  const entries = comparison.entries;
  const count = Math.max(entries.length, 1);
  const gap = 0.06;
  const width = (1 - gap * (count - 1)) / count;
  const maximum = Math.max(
    1,
    ...entries.flatMap((entry) => Object.values(entry.metrics.confusion)),
  );
  const layout: PlotlyJson = {
    title: { text: "Confusion matrices (test set)" },
    height: 360,
    margin: { l: 110, r: 30, t: 60, b: 60 },
    annotations: [] as PlotlyJson[],
  };
  const annotations = layout.annotations as PlotlyJson[];
  const traces = entries.map((entry, index) => {
    const suffix = index === 0 ? "" : String(index + 1);
    const { tp, fp, fn, tn } = entry.metrics.confusion;
    const z = [[tp, fn], [fp, tn]];
    const start = index * (width + gap);
    layout[`xaxis${suffix}`] = {
      domain: [start, start + width],
      anchor: `y${suffix}`,
      title: { text: `predicted — ${entry.configuration}` },
      type: "category",
    };
    layout[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      autorange: "reversed",
      type: "category",
      ...(index === 0 ? { title: { text: "gold" } } : { showticklabels: false }),
    };
    const labels = ["Adverse_Event", "Not_AE"];
    z.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) =>
        annotations.push({
          x: labels[columnIndex],
          y: labels[rowIndex],
          xref: `x${suffix}`,
          yref: `y${suffix}`,
          text: String(value),
          showarrow: false,
          font: { color: value > maximum / 2 ? "white" : "black", size: 14 },
        })
      )
    );
    return {
      type: "heatmap",
      name: entry.configuration,
      x: labels,
      y: labels,
      z,
      zmin: 0,
      zmax: maximum,
      colorscale: [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
      showscale: index === entries.length - 1,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `${entry.configuration}: gold %{y}, predicted %{x}: %{z}<extra></extra>`,
    };
  });
  return plotlyFigure(traces, layout);
}
