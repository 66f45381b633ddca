/** Score a file of sentences with a saved model and write `{id, label, score}` rows. */
import { writeJsonl } from "../core/mod.ts";
import { loadModel } from "../models/mod.ts";
import { _readTextRows } from "./_unlabelled_rows.ts";

/** Options for {@link predictFile}. */
export interface PredictFileOptions {
  /** Folder of a saved model. */
  modelDir: string;
  /** Input: JSONL rows with `text` (our schema or bare `{"text"}`), or CSV with a `text` column. */
  inputPath: string;
  /** Output JSONL path (written atomically). */
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

/** Summary of a {@link predictFile} run (counts only: no sentence text). */
export interface PredictFileSummary {
  /** Rows scored. */
  rows: number;
  /** Rows predicted `Adverse_Event`. */
  positives: number;
  /** The model's decision threshold. */
  threshold: number;
}

/**
 * Scores every row of `inputPath` and writes `{id, label, score}` rows in input order to `outputPath`.
 * @param options model folder, input and output paths
 * @returns counts of rows and predicted positives
 * @throws {DataError} bad input (file, line and field named), or a missing/corrupt model
 * @example
 * ```ts
 * await predictFile({ modelDir: "runs/model", inputPath: "sentences.jsonl", outputPath: "out.jsonl" });
 * ```
 */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileSummary> {
  const model = await loadModel(options.modelDir);
  const rows = await _readTextRows(options.inputPath);
  const scores = model.scores(rows.map((row) => row.text));
  let positives = 0;
  const predictions: PredictionRow[] = rows.map((row, index) => {
    const positive = scores[index] >= model.threshold;
    if (positive) positives++;
    return { id: row.id, label: positive ? "Adverse_Event" : "Not_AE", score: scores[index] };
  });
  await writeJsonl(options.outputPath, predictions);
  return { rows: rows.length, positives, threshold: model.threshold };
}
