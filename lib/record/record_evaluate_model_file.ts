/** `evaluateModelFile` as a recorded `evaluate` run. */
import {
  evaluateModelFile,
  type EvaluateModelFileOptions,
  type ModelFileEvaluation,
} from "../evaluate/mod.ts";
import { manifestHashNextTo, type Recorded, type Recording, recordRun } from "../track/mod.ts";
import { _evaluationRecord } from "./_evaluation_record.ts";

/**
 * Evaluates a saved model on a labelled file (see `evaluateModelFile`) as a run of kind `evaluate`: the
 * model folder, test file, seed, `by` and the model's hyperparameters as params, the report as metrics,
 * `{model_dir, metrics, predictions}` as artifacts, and the manifest hash when `manifest.json` sits next
 * to the test file.
 * @param options what `evaluateModelFile` takes
 * @param recording the store and study run
 * @returns the evaluation, and the record id
 * @throws what `evaluateModelFile` throws (after recording the failure)
 * @example
 * ```ts ignore
 * await recordEvaluateModelFile(
 *   { modelDir: "runs/model", testPath: "runs/data/test.jsonl", metricsPath: "runs/metrics.json" },
 *   { storePath: "runs/ade.sqlite" },
 * );
 * ```
 */
export async function recordEvaluateModelFile(
  options: EvaluateModelFileOptions,
  recording: Recording,
): Promise<Recorded<ModelFileEvaluation>> {
  return await recordRun(recording.storePath, {
    kind: "evaluate",
    name: options.name ?? "evaluate",
    runId: recording.runId,
    manifestHash: await manifestHashNextTo(options.testPath),
    params: {
      model_dir: options.modelDir,
      test: options.testPath,
      seed: options.seed ?? 42,
      ...(options.by !== undefined ? { by: options.by } : {}),
    },
  }, async ({ recordId }) => {
    const outcome = { ...await evaluateModelFile(options), recordId };
    return { ..._evaluationRecord(outcome), params: { hyperparameters: outcome.hyperparameters } };
  });
}
