/** The search strategies, with SageMaker's names in lower case. */

/** Search strategies (SageMaker's names, lower case). */
export type TuningStrategy = "random" | "grid" | "bayesian" | "hyperband";

/** Every strategy name. */
export const TUNING_STRATEGIES: readonly TuningStrategy[] = [
  "random",
  "grid",
  "bayesian",
  "hyperband",
];
