/**
 * Score a file of sentences with a saved model: `{id, label, score}` rows, and a summary (counts and the
 * shift verdict, no text) beside them.
 */
import { toJsonl, writeFilesAtomic } from "../core/mod.ts";
import { loadModel } from "../models/mod.ts";
import { judgeShift, loadShiftReference, type ShiftJudgement } from "../shift/mod.ts";
import { _readTextRows } from "./_unlabelled_rows.ts";

/** Options for {@link predictFile}. */
export interface PredictFileOptions {
  /** Folder of a saved model. */
  modelDir: string;
  /** Input: JSONL rows with `text` (our schema or bare `{"text"}`), or CSV with a `text` column. */
  inputPath: string;
  /** Output JSONL path (written atomically, together with the summary). */
  outputPath: string;
}

/** One output row of {@link predictFile}. */
export interface PredictionRow {
  /** The input row's id, or its 1-based line number as a string. */
  id: string;
  /** Predicted label (`score >= threshold`). */
  label: "Adverse_Event" | "Not_AE";
  /** Probability of `Adverse_Event`. */
  score: number;
}

/** `OUT.summary.json`: what was scored and whether it looks like the training data (counts only). */
export interface PredictionSummaryFile {
  /** Rows scored. */
  rows: number;
  /** Rows predicted `Adverse_Event`. */
  predicted_positive: number;
  /** `predicted_positive / rows`. */
  predicted_positive_rate: number;
  /** Share of `Adverse_Event` in the model's training data. */
  training_positive_rate: number;
  /** Does the input differ from the training data? */
  shift: ShiftJudgement;
}

/** Summary of a {@link predictFile} run (counts only: no sentence text). */
export interface PredictFileSummary {
  /** Rows scored. */
  rows: number;
  /** Rows predicted `Adverse_Event`. */
  positives: number;
  /** The model's decision threshold. */
  threshold: number;
  /** The shift verdict (also in the summary file). */
  shift: ShiftJudgement;
  /** Where the summary went: the output path without `.jsonl`/`.json`, plus `.summary.json`. */
  summaryPath: string;
}

/**
 * The summary file that goes with an output path: `pred.jsonl` → `pred.summary.json`.
 * @param outputPath the predictions path
 * @returns the summary path
 * @example predictionSummaryPath("runs/pred.jsonl") === "runs/pred.summary.json";
 */
export function predictionSummaryPath(outputPath: string): string {
  return `${outputPath.replace(/\.(jsonl|json|ndjson)$/i, "")}.summary.json`;
}

/**
 * Scores every row of `inputPath`, writes `{id, label, score}` rows in input order to `outputPath` and
 * `OUT.summary.json` beside it (both or neither): rows, predicted positives and their rate, the training
 * positive rate, and the shift verdict from the model's reference statistics (below 50 rows it cannot
 * judge; a model without a reference says so).
 * @param options model folder, input and output paths
 * @returns counts, the shift verdict and the summary path
 * @throws {DataError} bad input (file, line and field named), or a missing/corrupt model
 * @example
 * ```ts
 * const { shift } = await predictFile({ modelDir: "runs/model", inputPath: "in.jsonl", outputPath: "out.jsonl" });
 * ```
 */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileSummary> {
  const model = await loadModel(options.modelDir);
  const reference = await loadShiftReference(options.modelDir);
  const rows = await _readTextRows(options.inputPath);
  const texts = rows.map((row) => row.text);
  const scores = model.scores(texts);
  let positives = 0;
  const predictions: PredictionRow[] = rows.map((row, index) => {
    const positive = scores[index] >= model.threshold;
    if (positive) positives++;
    return { id: row.id, label: positive ? "Adverse_Event" : "Not_AE", score: scores[index] };
  });
  const shift: ShiftJudgement = reference ? judgeShift(reference, texts) : {
    score: null,
    threshold: null,
    flagged: false,
    reason: "cannot judge: the model folder has no shift reference (trained before it existed; " +
      "retrain to get one)",
  };
  const summary: PredictionSummaryFile = {
    rows: rows.length,
    predicted_positive: positives,
    predicted_positive_rate: rows.length > 0 ? positives / rows.length : 0,
    training_positive_rate: model.summary.positives / model.summary.rows,
    shift,
  };
  const summaryPath = predictionSummaryPath(options.outputPath);
  await writeFilesAtomic([
    { path: options.outputPath, data: toJsonl(predictions) },
    { path: summaryPath, data: JSON.stringify(summary, null, 2) + "\n" },
  ]);
  return { rows: rows.length, positives, threshold: model.threshold, shift, summaryPath };
}
