/** Hyperparameters of the completed trials against their objective, as parallel coordinates. */
import { type PlotlyFigure, plotlyFigure } from "./plotly_figure.ts";
import type { TuningTrialPoint } from "./tuning_history_figure.ts";
import { _hasStatus } from "./_trial_status.ts";

/** One searched hyperparameter as the chart reads it (a tuning search space's parameters fit as they are). */
export type SpaceAxis =
  | { type: "categorical"; name: string; values: ReadonlyArray<string | number> }
  | { type: "continuous" | "integer"; name: string; min: number; max: number; scaling?: string };

/**
 * Parallel coordinates of the completed trials: one axis per searched hyperparameter (categorical values as
 * tick labels, log-scaled ranges on a log10 axis) and the objective as the last axis and the colour.
 * A range is log-scaled when its scaling is `Logarithmic`, or when it is not `Linear`, positive and spans
 * at least a factor 100.
 * @param trials the trials (only completed ones with an objective are drawn)
 * @param space the searched hyperparameters, in axis order
 * @returns the figure (one `parcoords` trace)
 * @example
 * ```ts
 * const figure = parallelCoordinatesFigure(
 *   [{ trial: 1, objective: 0.6, status: "Completed", params: { C: 1, model: "tfidf-svm" } }],
 *   {
 *     parameters: [
 *       { type: "continuous", name: "C", min: 0.01, max: 100 },
 *       { type: "categorical", name: "model", values: ["tfidf-svm", "tfidf-logreg"] },
 *     ],
 *   },
 * );
 * console.log(figure.data[0].dimensions); // log10 C, model, F1
 * ```
 */
export function parallelCoordinatesFigure(
  trials: readonly TuningTrialPoint[],
  space: { parameters: readonly SpaceAxis[] },
): PlotlyFigure {
  const done = trials.filter((trial) => _hasStatus(trial, "completed") && trial.objective !== null);
  const dimensions: Array<Record<string, unknown>> = space.parameters.map((parameter) => {
    if (parameter.type === "categorical") {
      const labels = parameter.values.map(String);
      return {
        label: parameter.name,
        values: done.map((trial) => labels.indexOf(String(trial.params[parameter.name]))),
        tickvals: labels.map((_, i) => i),
        ticktext: labels,
        range: [0, Math.max(1, labels.length - 1)],
      };
    }
    const { min, max } = parameter;
    const log = parameter.scaling === "Logarithmic" ||
      (parameter.scaling !== "Linear" && min > 0 && max / min >= 100);
    const value = (trial: TuningTrialPoint) => Number(trial.params[parameter.name]);
    return {
      label: log ? `log10 ${parameter.name}` : parameter.name,
      values: done.map((trial) => (log ? Math.log10(value(trial)) : value(trial))),
      range: log ? [Math.log10(min), Math.log10(max)] : [min, max],
    };
  });
  dimensions.push({ label: "F1", values: done.map((trial) => trial.objective) });
  return plotlyFigure([{
    type: "parcoords",
    line: {
      color: done.map((trial) => trial.objective),
      colorscale: "Viridis",
      showscale: true,
    },
    dimensions,
  }], { title: "Hyperparameters of completed trials", height: 420 });
}
