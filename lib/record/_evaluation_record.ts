/** What an evaluation stores: the report as metrics, the model, metrics and predictions as artifacts. */
import type { EvaluationOutcome } from "../evaluate/mod.ts";
import type { RunOutcome } from "../track/mod.ts";

/** The `evaluate` run's metrics and artifacts of an evaluation. */
export function _evaluationRecord(
  outcome: EvaluationOutcome,
): Pick<RunOutcome<unknown>, "metrics" | "artifacts"> {
  return {
    metrics: { ...outcome.metrics },
    artifacts: {
      model_dir: outcome.modelDir,
      metrics: outcome.metricsPath,
      predictions: outcome.predictionsPath,
    },
  };
}
