/** The tuning history: objective per trial, coloured by status, and the best objective so far. */
import { type PlotlyFigure, plotlyFigure, type PlotlyJson } from "./plotly_figure.ts";
import { _TRIAL_COLOURS } from "./_palette.ts";
import { _hasStatus } from "./_trial_status.ts";

/** One trial as the tuning charts read it (a row of `trials.jsonl` fits as it is). */
export interface TuningTrialPoint {
  /** Trial number, from 1. */
  trial: number;
  /** Objective (validation F1), null when the trial logged none. */
  objective: number | null;
  /** `Completed`, `Failed` or `Stopped` (any case: the store writes `completed`). */
  status: string;
  /** The trial's hyperparameters. */
  params: Readonly<Record<string, unknown>>;
}

/**
 * One marker per completed or stopped trial with an objective (failed trials have no objective and no
 * marker) and the best objective of the completed trials so far as a step line over
 * every trial.
 * @param trials the trials, in any order
 * @param options figure title (default `Objective (validation F1) per trial`)
 * @returns the figure: the `Completed` markers, the `best so far` line, then `Stopped` markers if any
 * @example
 * ```ts
 * const figure = tuningHistoryFigure([
 *   { trial: 1, objective: 0.61, status: "Completed", params: { C: 1 } },
 *   { trial: 2, objective: null, status: "Failed", params: { C: 10 } },
 *   { trial: 3, objective: 0.66, status: "Completed", params: { C: 0.1 } },
 * ]);
 * console.log(figure.data[1].y); // [0.61, 0.61, 0.66]
 * ```
 */
export function tuningHistoryFigure(
  trials: readonly TuningTrialPoint[],
  options: { title?: string } = {},
): PlotlyFigure {
  const sorted = [...trials].sort((a, b) => a.trial - b.trial);
  const bestSoFar: Array<number | null> = [];
  let best = -Infinity;
  for (const trial of sorted) {
    if (_hasStatus(trial, "completed") && trial.objective !== null) {
      best = Math.max(best, trial.objective);
    }
    bestSoFar.push(Number.isFinite(best) ? best : null);
  }
  const markers = (name: string, colour: string, keep: (trial: TuningTrialPoint) => boolean) => {
    const subset = sorted.filter((trial) => trial.objective !== null && keep(trial));
    return {
      type: "scatter",
      mode: "markers",
      name,
      x: subset.map((trial) => trial.trial),
      y: subset.map((trial) => trial.objective),
      marker: { color: colour, size: 9 },
      text: subset.map((trial) => JSON.stringify(trial.params)),
      hovertemplate: "trial %{x}: %{y:.4f}<br>%{text}<extra></extra>",
    };
  };
  const traces: PlotlyJson[] = [
    markers("Completed", _TRIAL_COLOURS.completed, (trial) => _hasStatus(trial, "completed")),
    {
      type: "scatter",
      mode: "lines",
      name: "best so far",
      x: sorted.map((trial) => trial.trial),
      y: bestSoFar,
      line: { shape: "hv", color: _TRIAL_COLOURS.best },
    },
  ];
  const stopped = markers(
    "Stopped",
    _TRIAL_COLOURS.stopped,
    (trial) => _hasStatus(trial, "stopped"),
  );
  if ((stopped.x as number[]).length > 0) traces.push(stopped);
  return plotlyFigure(traces, {
    title: { text: options.title ?? "Objective (validation F1) per trial" },
    xaxis: { title: { text: "trial" }, dtick: 1 },
    yaxis: { title: { text: "objective (validation F1)" } },
    height: 380,
  });
}
