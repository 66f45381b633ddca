/** What an evaluation wrote: the report and the paths of the model, metrics and predictions. */
import type { EvaluationReport } from "../metrics/mod.ts";

/** What {@link trainAndEvaluate} and {@link evaluateModelFile} produced. */
export interface EvaluationOutcome {
  /** The evaluation's name. */
  name: string;
  /** The `metrics.json` object. */
  metrics: EvaluationReport;
  /** Folder of the saved model. */
  modelDir: string;
  /** Path of `metrics.json`. */
  metricsPath: string;
  /** Path of `predictions.jsonl` (`{id, label, score, gold, pmid?}` in test order). */
  predictionsPath: string;
}
