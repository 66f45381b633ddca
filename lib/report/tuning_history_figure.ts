/** The tuning history: objective per trial and the best so far. */
import type { TuningHistory } from "./load_tuning_trials.ts";
import { PlotlyFigure, plotlyFigure } from "./figure.ts";

/**
 * Objective per trial (markers; failed trials without an objective are left out) and the best objective
 * so far (a step line).
 * @param history from {@link loadTuningTrials}
 * @returns the figure (two scatter traces)
 * @example await Deno.jupyter.display(tuningHistoryFigure(history));
 */
export function tuningHistoryFigure(history: TuningHistory): PlotlyFigure {
  const scored = history.trials.filter((trial) => trial.objective !== null);
  let best = -Infinity;
  const bestSoFar = scored.map((trial) => (best = Math.max(best, trial.objective!)));
  return plotlyFigure([
    {
      type: "scatter",
      mode: "markers",
      name: "objective",
      x: scored.map((trial) => trial.trial),
      y: scored.map((trial) => trial.objective),
      text: scored.map((trial) => JSON.stringify(trial.params)),
      hovertemplate: "trial %{x}: %{y:.4f}<br>%{text}<extra></extra>",
      marker: { size: 9, color: "#636efa" },
    },
    {
      type: "scatter",
      mode: "lines",
      name: "best so far",
      x: scored.map((trial) => trial.trial),
      y: bestSoFar,
      line: { shape: "hv", color: "#ef553b" },
    },
  ], {
    title: { text: `Tuning history (${history.trials.length} trials)` },
    xaxis: { title: { text: "trial" }, dtick: 1 },
    yaxis: { title: { text: "objective (validation F1)" } },
    height: 380,
  });
}
