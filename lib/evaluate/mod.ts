/**
 * The train / predict / evaluate workflows behind `ade train`, `ade predict` and `ade evaluate`: fit the
 * local classifier and evaluate it on held-out rows (`metrics.json` with bootstrap intervals, and
 * `predictions.jsonl`, written together), score a file of sentences with a saved model, evaluate a saved
 * model on a labelled file, read predictions back, flatten reports into table rows, and write each model
 * folder's `MODEL_CARD.md` (no training text). The statistics themselves are in `lib/metrics`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { readPredictions, trainAndEvaluate } from "./mod.ts";
 * const row = (i: number) => ({
 *   id: `r${i}`,
 *   pmid: `p${Math.floor(i / 2)}`,
 *   text: i % 2 === 0 ? `Severe rash after drug ${i % 7}.` : `The patient recovered well on day ${i}.`,
 *   label: i % 2 === 0 ? "Adverse_Event" as const : "Not_AE" as const,
 * });
 * const rows = Array.from({ length: 60 }, (_, i) => row(i));
 * const outDir = await Deno.makeTempDir();
 * const outcome = await trainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 40),
 *   testRows: rows.slice(40),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
 *   seed: 42,
 *   outDir,
 *   resamples: 200,
 * });
 * assert.equal(outcome.metrics.n, 20);
 * const predictions = await readPredictions(outcome.predictionsPath);
 * assert.equal(predictions.length, 20);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 * @module
 */
export { trainAndEvaluate, type TrainAndEvaluateOptions } from "./train_and_evaluate.ts";
export type { EvaluationOutcome } from "./evaluation_outcome.ts";
export {
  evaluateModelFile,
  type EvaluateModelFileOptions,
  type ModelFileEvaluation,
} from "./evaluate_model_file.ts";
export {
  predictFile,
  type PredictFileOptions,
  type PredictFileSummary,
  type PredictionRow,
  type PredictionSummaryFile,
} from "./predict_file.ts";
export { predictTexts, type TextPredictions } from "./predict_texts.ts";
export { saveModelFolder } from "./save_model_folder.ts";
export type { WriteModelCardOptions } from "./_write_model_card.ts";
export {
  resolveTrainingSetup,
  type TrainingInputs,
  type TrainingSetup,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from "./train_model.ts";
export { type EvaluatedPrediction, readPredictions } from "./read_predictions.ts";
export { readUnlabelledRows, type UnlabelledRow } from "./read_unlabelled_rows.ts";
export {
  type EvaluationSummaryRow,
  evaluationSummaryRows,
  type NamedEvaluation,
} from "./evaluation_summary_rows.ts";
