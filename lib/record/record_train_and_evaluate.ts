/** `trainAndEvaluate` as a recorded `evaluate` run. */
import {
  type EvaluationOutcome,
  trainAndEvaluate,
  type TrainAndEvaluateOptions,
} from "../evaluate/mod.ts";
import type { Recorded, Recording } from "../track/mod.ts";
import { _evaluationRecord } from "./_evaluation_record.ts";
import { _recordStage } from "./_record_stage.ts";

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
 * @example Fit on eight fixture sentences, evaluate on the other four
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const baseline = await recordTrainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 8),
 *   testRows: rows.slice(8),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0 },
 *   seed: 42,
 *   outDir: `${dir}/baseline`,
 *   resamples: 50,
 * }, { storePath: `${dir}/ade.sqlite`, runId: "small" });
 * assert.equal(baseline.name, "baseline");
 * assert.match(baseline.recordId, /^evaluate-/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function recordTrainAndEvaluate(
  options: RecordTrainAndEvaluateOptions,
  recording: Recording,
): Promise<Recorded<EvaluationOutcome>> {
  const { manifestHash, ...evaluation } = options;
  return _recordStage(
    recording,
    {
      kind: "evaluate",
      name: options.name,
      manifestHash,
      params: {
        hyperparameters: options.hyperparameters,
        seed: options.seed,
        ...(options.targetRecall !== undefined ? { target_recall: options.targetRecall } : {}),
        train_rows: options.trainRows.length,
        test_rows: options.testRows.length,
      },
    },
    () => trainAndEvaluate(evaluation),
    _evaluationRecord,
  );
}
