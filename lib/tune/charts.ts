/**
 * Charts of a tuning study for notebooks and reports: the objective of each trial with the best-so-far line,
 * and a parallel-coordinates view of hyperparameters against the objective.
 */
import { type PlotlyFigure, plotlyFigure } from "../report/figure.ts";
import type { SearchSpace } from "./space.ts";
import type { TrialRecord } from "./trials.ts";

/**
 * Objective over trials: one marker per trial (coloured by status) and the best-so-far line.
 * @param trials the trials table
 * @param title chart title
 * @returns a displayable Plotly figure
 * @example await Deno.jupyter.display(objectiveHistoryFigure(result.trials));
 */
export function objectiveHistoryFigure(
  trials: readonly TrialRecord[],
  title = "Objective (validation F1) per trial",
): PlotlyFigure {
  const sorted = [...trials].sort((a, b) => a.trial - b.trial);
  const bestSoFar: Array<number | null> = [];
  let best = -Infinity;
  for (const t of sorted) {
    if (t.status === "Completed" && t.objective !== null) best = Math.max(best, t.objective);
    bestSoFar.push(Number.isFinite(best) ? best : null);
  }
  const byStatus = (status: TrialRecord["status"], color: string) => {
    const subset = sorted.filter((t) => t.status === status && t.objective !== null);
    return {
      type: "scatter",
      mode: "markers",
      name: status,
      x: subset.map((t) => t.trial),
      y: subset.map((t) => t.objective),
      marker: { color, size: 9 },
      text: subset.map((t) => JSON.stringify(t.params)),
      hovertemplate: "trial %{x}<br>F1 %{y:.4f}<br>%{text}<extra></extra>",
    };
  };
  return plotlyFigure([
    byStatus("Completed", "#1f77b4"),
    byStatus("Stopped", "#ff7f0e"),
    {
      type: "scatter",
      mode: "lines",
      line: { shape: "hv", color: "#2ca02c" },
      name: "best so far",
      x: sorted.map((t) => t.trial),
      y: bestSoFar,
    },
  ], {
    title,
    xaxis: { title: { text: "trial" }, dtick: 1 },
    yaxis: { title: { text: "F1" } },
    height: 380,
  });
}

/**
 * Parallel coordinates of the completed trials: one axis per searched hyperparameter (categorical values as
 * tick labels, log-scaled ranges on a log10 axis) and the objective as the last axis and the colour.
 * @param trials the trials table
 * @param space the search space (axis order and kinds)
 * @returns a displayable Plotly figure
 * @example parallelCoordinatesFigure(result.trials, localSpace())
 */
export function parallelCoordinatesFigure(
  trials: readonly TrialRecord[],
  space: SearchSpace,
): PlotlyFigure {
  const done = trials.filter((t) => t.status === "Completed" && t.objective !== null);
  const dimensions: Array<Record<string, unknown>> = space.parameters.map((p) => {
    if (p.type === "categorical") {
      const labels = p.values.map(String);
      return {
        label: p.name,
        values: done.map((t) => labels.indexOf(String(t.params[p.name]))),
        tickvals: labels.map((_, i) => i),
        ticktext: labels,
        range: [0, Math.max(1, labels.length - 1)],
      };
    }
    const log = p.scaling === "Logarithmic" ||
      (p.scaling !== "Linear" && p.min > 0 && p.max / p.min >= 100);
    return {
      label: log ? `log10 ${p.name}` : p.name,
      values: done.map((t) =>
        log ? Math.log10(Number(t.params[p.name])) : Number(t.params[p.name])
      ),
      range: log ? [Math.log10(p.min), Math.log10(p.max)] : [p.min, p.max],
    };
  });
  dimensions.push({ label: "F1", values: done.map((t) => t.objective) });
  return plotlyFigure([{
    type: "parcoords",
    line: {
      color: done.map((t) => t.objective),
      colorscale: "Viridis",
      showscale: true,
    },
    dimensions,
  }], { title: "Hyperparameters of completed trials", height: 420 });
}
