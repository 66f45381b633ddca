/** `evaluateModelFile` as a recorded `evaluate` run. */
import {
  evaluateModelFile,
  type EvaluateModelFileOptions,
  type ModelFileEvaluation,
} from "../evaluate/mod.ts";
import { manifestHashNextTo, type Recorded, type Recording } from "../track/mod.ts";
import { _evaluationRecord } from "./_evaluation_record.ts";
import { _recordStage } from "./_record_stage.ts";

/**
 * Evaluates a saved model on a labelled file (see `evaluateModelFile`) as a run of kind `evaluate`: the
 * model folder, test file, seed, `by` and the model's hyperparameters as params, the report as metrics,
 * `{model_dir, metrics, predictions}` as artifacts, and the manifest hash when `manifest.json` sits next
 * to the test file.
 * @param options what `evaluateModelFile` takes
 * @param recording the store and study run
 * @returns the evaluation, and the record id
 * @throws what `evaluateModelFile` throws (after recording the failure)
 * @example The fixture model on the fixture's labelled sentences
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const evaluation = await recordEvaluateModelFile({
 *   modelDir: "tests/fixtures/models/tiny",
 *   testPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   metricsPath: `${dir}/metrics.json`,
 *   resamples: 50,
 * }, { storePath: `${dir}/ade.sqlite`, runId: "check" });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * const run = store.getRun(evaluation.recordId)!;
 * assert.equal(run.metrics.f1, evaluation.metrics.f1);
 * assert.equal(run.params.model_dir, "tests/fixtures/models/tiny");
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordEvaluateModelFile(
  options: EvaluateModelFileOptions,
  recording: Recording,
): Promise<Recorded<ModelFileEvaluation>> {
  return await _recordStage(
    recording,
    {
      kind: "evaluate",
      name: options.name ?? "evaluate",
      manifestHash: await manifestHashNextTo(options.testPath),
      params: {
        model_dir: options.modelDir,
        test: options.testPath,
        seed: options.seed ?? 42,
        ...(options.by !== undefined ? { by: options.by } : {}),
      },
    },
    () => evaluateModelFile(options),
    (evaluation) => ({
      ..._evaluationRecord(evaluation),
      params: { hyperparameters: evaluation.hyperparameters },
    }),
  );
}
