/** `trainAndEvaluate` as a recorded `evaluate` run. */
import {
  type EvaluationOutcome,
  trainAndEvaluate,
  type TrainAndEvaluateOptions,
} from "../evaluate/mod.ts";
import { type Recorded, type Recording, recordRun } from "../track/mod.ts";
import { _evaluationRecord } from "./_evaluation_record.ts";

/** Options of {@link recordTrainAndEvaluate}: those of `trainAndEvaluate`, and the split's manifest hash. */
export interface RecordTrainAndEvaluateOptions extends TrainAndEvaluateOptions {
  /** SHA-256 of the dataset manifest (`manifestHashOf` of `track`), for the store record. */
  manifestHash?: string;
}

/**
 * Fits and evaluates (see `trainAndEvaluate`) as a run of kind `evaluate` named `options.name`: the
 * hyperparameters, seed, target recall and row counts as params, the report as metrics, and the model,
 * metrics and predictions paths as artifacts.
 * @param options what `trainAndEvaluate` takes, and the manifest hash
 * @param recording the store and study run
 * @returns the evaluation, and the record id
 * @throws what `trainAndEvaluate` throws (after recording the failure)
 * @example
 * ```ts ignore
 * const baseline = await recordTrainAndEvaluate({
 *   name: "baseline", trainRows, testRows, hyperparameters: { ...DEFAULT_HYPERPARAMETERS }, seed: 42,
 *   outDir: "runs/nb/models/baseline",
 * }, { storePath: "runs/nb/ade.sqlite" });
 * ```
 */
export async function recordTrainAndEvaluate(
  options: RecordTrainAndEvaluateOptions,
  recording: Recording,
): Promise<Recorded<EvaluationOutcome>> {
  const { manifestHash, ...evaluation } = options;
  return await recordRun(
    recording.storePath,
    {
      kind: "evaluate",
      name: options.name,
      runId: recording.runId,
      manifestHash,
      params: {
        hyperparameters: options.hyperparameters,
        seed: options.seed,
        ...(options.targetRecall !== undefined ? { target_recall: options.targetRecall } : {}),
        train_rows: options.trainRows.length,
        test_rows: options.testRows.length,
      },
    },
    async ({ recordId }) => _evaluationRecord({ ...await trainAndEvaluate(evaluation), recordId }),
  );
}
