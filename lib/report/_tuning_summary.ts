/** Private: what the tuning found — searched axes, parameter importance, and whether the defaults won. */
import type { ParameterImportanceBar, SpaceAxis, TuningTrialPoint } from "../figures/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
import type { Comparison } from "./comparison.ts";

/** The tuning section's facts. */
export interface _TuningSummary {
  /** Completed trials with an objective. */
  completed: number;
  /** All trials. */
  trials: number;
  /** The best completed trial. */
  best: TuningTrialPoint | null;
  /** The hyperparameters that varied across the completed trials, as chart axes. */
  axes: SpaceAxis[];
  /** Share of the objective's variance each varied hyperparameter explains. */
  importance: ParameterImportanceBar[];
  /**
   * True when the best trial is the untuned defaults (on every searched hyperparameter), false when it
   * is not, null when it cannot be told (no completed trial).
   */
  defaultsWon: boolean | null;
  /** Configurations of the comparison with exactly the reference's hyperparameters. */
  sameAsReference: string[];
}

/**
 * Summarises the trials: the axes that varied (numbers as ranges, anything else as categories), each
 * one's importance as the correlation ratio η² of the objective (between-group over total variance;
 * numeric axes in three rank bins), whether the best trial is the defaults, and which configurations of
 * the comparison share the reference's hyperparameters (so their rows and curves are the same model).
 */
export function _summarizeTuning(
  trials: readonly TuningTrialPoint[],
  comparison: Comparison,
): _TuningSummary {
  const done = trials.filter((trial) =>
    trial.status.toLowerCase() === "completed" && trial.objective !== null &&
    Number.isFinite(trial.objective)
  );
  const best = done.reduce<TuningTrialPoint | null>(
    (top, trial) => (top === null || trial.objective! > top.objective! ? trial : top),
    null,
  );
  const names = [...new Set(done.flatMap((trial) => Object.keys(trial.params)))].filter((name) =>
    name !== "trial" && new Set(done.map((trial) => JSON.stringify(trial.params[name]))).size > 1
  );
  const axes: SpaceAxis[] = names.map((name) => {
    const values = done.map((trial) => trial.params[name]);
    if (values.every((value) => typeof value === "number" && Number.isFinite(value))) {
      const numbers = values as number[];
      return { type: "continuous", name, min: Math.min(...numbers), max: Math.max(...numbers) };
    }
    return {
      type: "categorical",
      name,
      values: [...new Set(values.map((value) => String(value)))].sort(),
    };
  });
  const importance = axes.map((axis) => ({
    name: axis.name,
    importance: _correlationRatio(done, axis),
  }));
  const searched = best ? Object.keys(best.params).filter((name) => name !== "trial") : [];
  const defaults = DEFAULT_HYPERPARAMETERS as unknown as Record<string, unknown>;
  const defaultsWon = best
    ? searched.length > 0 &&
      searched.every((name) => !(name in defaults) || _same(best.params[name], defaults[name]))
    : null;
  const reference = comparison.entries[0];
  const hyperparameters = (entry: typeof reference) =>
    JSON.stringify(_sorted(entry.run.params.hyperparameters));
  const sameAsReference = reference
    ? comparison.entries.slice(1).filter((entry) =>
      entry.run.params.hyperparameters !== undefined &&
      hyperparameters(entry) === hyperparameters(reference) &&
      JSON.stringify(entry.predictions.map((row) => row.score)) ===
        JSON.stringify(reference.predictions.map((row) => row.score))
    ).map((entry) => entry.configuration)
    : [];
  return {
    completed: done.length,
    trials: trials.length,
    best,
    axes,
    importance,
    defaultsWon,
    sameAsReference,
  };
}

/** η² of the objective grouped by the axis (categories, or three rank bins of a numeric axis). */
function _correlationRatio(trials: readonly TuningTrialPoint[], axis: SpaceAxis): number {
  const objectives = trials.map((trial) => trial.objective!);
  let keys: string[];
  if (axis.type === "categorical") {
    keys = trials.map((trial) => String(trial.params[axis.name]));
  } else {
    const values = trials.map((trial) => Number(trial.params[axis.name]));
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const rank = new Array<number>(values.length);
    order.forEach((index, position) => (rank[index] = position));
    const bins = Math.min(3, values.length);
    keys = rank.map((position) => String(Math.floor((position * bins) / values.length)));
  }
  const mean = objectives.reduce((sum, value) => sum + value, 0) / objectives.length;
  const total = objectives.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  if (total === 0) return 0;
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => groups.set(key, [...(groups.get(key) ?? []), objectives[i]]));
  let between = 0;
  for (const values of groups.values()) {
    const groupMean = values.reduce((sum, value) => sum + value, 0) / values.length;
    between += values.length * (groupMean - mean) ** 2;
  }
  return between / total;
}

function _same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-12 * Math.abs(b);
  return String(a) === String(b);
}

function _sorted(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort());
}
