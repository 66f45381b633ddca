/** Fit a model on training rows, evaluate it on test rows, and write model, metrics and predictions. */
import { sha256Hex, toJsonl } from "../core/mod.ts";
import type { Row } from "../data/mod.ts";
import { buildEvaluationReport } from "../metrics/mod.ts";
import { type ModelHyperparameters, TextClassifier } from "../models/mod.ts";
import { _scoreInBatches } from "./_batched_scores.ts";
import { _writeEvaluationFiles } from "./_evaluation_outputs.ts";
import { saveModelFolder } from "./save_model_folder.ts";
import type { EvaluationOutcome } from "./evaluation_outcome.ts";
import { _recallThresholdRule } from "./_recall_threshold_rule.ts";
import { _mentionsOf } from "./_mentions.ts";

/** Options for {@link trainAndEvaluate}. */
export interface TrainAndEvaluateOptions {
  /** Name of the evaluation, e.g. `baseline`, `tuned`, `tuned+synthetic` (stored as the run name). */
  name: string;
  /** Rows to fit on. */
  trainRows: Row[];
  /** Rows to evaluate on (never used for fitting or for choosing the threshold). */
  testRows: Row[];
  /** Model hyperparameters. */
  hyperparameters: ModelHyperparameters;
  /** Seed of fitting and of the bootstrap. */
  seed: number;
  /** Output folder: `model/`, `metrics.json`, `predictions.jsonl`. */
  outDir: string;
  /** The data's source and split kind (from the split's manifest), for the model card. */
  dataSource?: { source: string | null; split: string | null };
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Choose the threshold that reaches this recall on out-of-fold scores (default: the best F1). */
  targetRecall?: number;
  /** Progress callback of fitting. */
  onProgress?: (stage: string, fraction: number) => void;
}

/**
 * Fits the local classifier on `trainRows` (PubMed ids as groups for the threshold folds), saves it to
 * `outDir/model/` with its `MODEL_CARD.md`, scores `testRows`, and writes `outDir/metrics.json` and `outDir/predictions.jsonl`
 * (both written atomically). Records nothing: `recordTrainAndEvaluate` of `record` records it as a run of
 * kind `evaluate`.
 * @param options rows, hyperparameters, seed, output folder
 * @returns the report and the paths written
 * @throws {RangeError} when a row set is empty
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const outDir = await Deno.makeTempDir();
 * const outcome = await trainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 8),
 *   testRows: rows.slice(8),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0 },
 *   seed: 42,
 *   outDir,
 *   resamples: 100,
 * });
 * assert.equal(outcome.metrics.n, 4);
 * console.log(outcome.metrics.f1, outcome.metrics.f1_ci);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function trainAndEvaluate(
  options: TrainAndEvaluateOptions,
): Promise<EvaluationOutcome> {
  if (options.trainRows.length === 0) throw new RangeError("trainAndEvaluate: no training rows");
  if (options.testRows.length === 0) throw new RangeError("trainAndEvaluate: no test rows");
  const modelDir = `${options.outDir}/model`;
  const metricsPath = `${options.outDir}/metrics.json`;
  const predictionsPath = `${options.outDir}/predictions.jsonl`;
  const trainRows = options.trainRows;
  const model = TextClassifier.fit(
    trainRows.map((row) => row.text),
    trainRows.map((row) => row.label),
    options.hyperparameters,
    {
      seed: options.seed,
      groups: trainRows.map((row) => row.pmid),
      mentions: trainRows.map(_mentionsOf),
      onProgress: options.onProgress,
      ...(options.targetRecall !== undefined
        ? { chooseThreshold: _recallThresholdRule(options.targetRecall) }
        : {}),
    },
  );
  const testRows = options.testRows;
  const scores = _scoreInBatches(model, testRows.map((row) => row.text));
  const report = buildEvaluationReport(
    testRows.map((row) => row.label),
    scores,
    model.threshold,
    { seed: options.seed, resamples: options.resamples, pmids: testRows.map((row) => row.pmid) },
  );
  // The model (its shift reference included) and its card appear whole.
  await saveModelFolder(model, modelDir, {
    trainingDataSha256: await sha256Hex(toJsonl(trainRows)),
    metrics: { test: report },
    seed: options.seed,
  }, {
    name: options.name,
    evaluation: { on: "the held-out test rows", report },
    ...(options.dataSource ? { data: options.dataSource } : {}),
  });
  await _writeEvaluationFiles(
    testRows,
    scores,
    model.threshold,
    report,
    metricsPath,
    predictionsPath,
  );
  return { name: options.name, metrics: report, modelDir, metricsPath, predictionsPath };
}
