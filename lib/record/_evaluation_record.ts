/** What an evaluation stores: the report as metrics, the model, metrics and predictions as artifacts. */
import type { EvaluationOutcome } from "../evaluate/mod.ts";
import type { RunOutcome } from "../track/mod.ts";

/** The `evaluate` run's outcome of an evaluation (the value is the evaluation itself). */
export function _evaluationRecord<T extends EvaluationOutcome>(outcome: T): RunOutcome<T> {
  return {
    value: outcome,
    metrics: { ...outcome.metrics },
    artifacts: {
      model_dir: outcome.modelDir,
      metrics: outcome.metricsPath,
      predictions: outcome.predictionsPath,
    },
  };
}
