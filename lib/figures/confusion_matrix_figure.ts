/** Confusion matrices side by side: one builder for the report and the notebooks. */
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "./plotly_figure.ts";

/** One panel: a name and the confusion counts of the AE class. */
export interface ConfusionPanel {
  /** Shown under the panel and in the hover text. */
  name: string;
  /** The counts, e.g. an evaluation report's `metrics`. */
  metrics: { confusion: { tp: number; fp: number; fn: number; tn: number } };
}

/** How the panels are drawn. */
export interface ConfusionFigureOptions {
  /** Figure title (default `Confusion matrices (test set)`). */
  title?: string;
  /**
   * `shared` (default): one colour scale for every panel, with a colour bar; `per-matrix`: each panel
   * scaled to its own largest count.
   */
  scale?: "shared" | "per-matrix";
  /** Horizontal gap between panels, as a fraction of the width (default 0.06). */
  gap?: number;
}

const LABELS = ["Adverse_Event", "Not_AE"];
const COLOUR_SCALE = [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]];

/**
 * One heatmap per panel (rows: gold, columns: predicted; AE first), side by side, with the counts written
 * in the cells.
 * @param panels names and confusion counts (evaluation outcomes fit as they are)
 * @param options title, colour scaling, gap
 * @returns the figure (a heatmap trace per panel; `customdata` holds the counts)
 * @example
 * ```ts
 * const confusion = { tp: 40, fp: 10, fn: 12, tn: 138 };
 * const figure = confusionMatrixFigure([{ name: "baseline", metrics: { confusion } }]);
 * console.log(figure.data.length); // 1
 * ```
 */
export function confusionMatrixFigure(
  panels: readonly ConfusionPanel[],
  options: ConfusionFigureOptions = {},
): PlotlyFigure {
  const gap = options.gap ?? 0.06;
  const shared = (options.scale ?? "shared") === "shared";
  const count = Math.max(panels.length, 1);
  const width = (1 - gap * (count - 1)) / count;
  const sharedMaximum = Math.max(
    1,
    ...panels.flatMap((panel) => Object.values(panel.metrics.confusion)),
  );
  const annotations: PlotlyJson[] = [];
  const layout: PlotlyJson = {
    title: { text: options.title ?? "Confusion matrices (test set)" },
    height: 360,
    margin: { l: 110, r: 30, t: 60, b: 70 },
    annotations,
  };
  const traces = panels.map(({ name, metrics }, index) => {
    const suffix = index === 0 ? "" : String(index + 1);
    const { tp, fp, fn, tn } = metrics.confusion;
    const counts = [[tp, fn], [fp, tn]];
    const maximum = shared ? sharedMaximum : Math.max(1, tp, fp, fn, tn);
    const start = index * (width + gap);
    layout[`xaxis${suffix}`] = {
      domain: [start, start + width],
      anchor: `y${suffix}`,
      title: { text: `predicted — ${name}` },
      type: "category",
    };
    layout[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      autorange: "reversed",
      type: "category",
      ...(index === 0 ? { title: { text: "gold" } } : { showticklabels: false }),
    };
    counts.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) =>
        annotations.push({
          x: LABELS[columnIndex],
          y: LABELS[rowIndex],
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
      name,
      x: LABELS,
      y: LABELS,
      z: shared ? counts : counts.map((row) => row.map((value) => value / maximum)),
      customdata: counts,
      zmin: 0,
      zmax: shared ? maximum : 1,
      colorscale: COLOUR_SCALE,
      showscale: shared && index === panels.length - 1,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `${name}: gold %{y}, predicted %{x}: %{customdata}<extra></extra>`,
    };
  });
  return plotlyFigure(traces, layout);
}
