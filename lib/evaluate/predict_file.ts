/**
 * Score a file of sentences with a saved model: `{id, label, score}` rows, and a summary (counts and the
 * shift verdict, no text) beside them; streaming, so any size of file scores in flat memory.
 */
import { createAtomicFileWriter, failpoint, writeFileAtomic } from "../core/mod.ts";
import { streamTextRows } from "../data/mod.ts";
import { loadModel } from "../models/mod.ts";
import {
  judgeShiftCounts,
  loadShiftReference,
  type ShiftJudgement,
  unusualRows,
} from "../shift/mod.ts";
import { _SCORE_BATCH_ROWS } from "./_batched_scores.ts";

/** Options for {@link predictFile}. */
export interface PredictFileOptions {
  /** Folder of a saved model. */
  modelDir: string;
  /** Input: JSONL rows with `text` (our schema or bare `{"text"}`), or CSV with a `text` column. */
  inputPath: string;
  /** Output JSONL path (written to a temporary file, put in place with the summary when complete). */
  outputPath: string;
  /** Progress: rows scored so far and the share of the input read. */
  onProgress?: (rows: number, fraction: number) => void;
  /** Notes on how the input was read (e.g. a re-encoded file); one line each, no data. */
  onNote?: (note: string) => void;
}

/** One output row of {@link predictFile}. */
export interface PredictionRow {
  /** The input row's id, or `line-<N>` (N the line its record starts on) when it has none. */
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
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(predictionSummaryPath("runs/pred.jsonl"), "runs/pred.summary.json");
 * ```
 */
export function predictionSummaryPath(outputPath: string): string {
  return `${outputPath.replace(/\.(jsonl|json|ndjson)$/i, "")}.summary.json`;
}

/**
 * Scores every row of `inputPath`, writes `{id, label, score}` rows in input order to `outputPath` and
 * `OUT.summary.json` beside it: rows, predicted positives and their rate, the training positive rate,
 * and the shift verdict from the model's reference statistics (below 50 rows it cannot judge; a model
 * without a reference says so). Streaming: rows are read, scored and written a batch at a time (the
 * shift verdict needs only counts), so memory stays flat however large the file. The old summary is
 * removed first and the new one written last: a run killed half-way leaves no new output, or new
 * predictions without a summary, never a mismatched pair. On any input problem (all are collected and
 * reported, the first 20 listed) nothing is written.
 * @param options model folder, input and output paths, progress
 * @returns counts, the shift verdict and the summary path
 * @throws {DataError} bad input (file, line and field named), or a missing/corrupt model
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outputPath = `${await Deno.makeTempDir()}/predictions.jsonl`;
 * const { shift } = await predictFile({
 *   modelDir: "tests/fixtures/models/tiny",
 *   inputPath: "tests/fixtures/data/user_rows.csv",
 *   outputPath,
 * });
 * assert.equal((await Deno.readTextFile(outputPath)).trim().split("\n").length, 4); // one line per row
 * console.log(shift);
 * await Deno.remove(outputPath);
 * ```
 */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileSummary> {
  const model = await loadModel(options.modelDir);
  // A model carries its reference; folders written before it did may hold one beside the model.
  const reference = model.shiftReference ?? await loadShiftReference(options.modelDir);
  const rows = streamTextRows(options.inputPath);
  const writer = await createAtomicFileWriter(options.outputPath);
  let count = 0;
  let positives = 0;
  let unusual = 0;
  let ids: string[] = [];
  let texts: string[] = [];
  const flush = async () => {
    if (texts.length === 0) return;
    const scores = model.scores(texts);
    if (reference) unusual += unusualRows(reference, texts).filter(Boolean).length;
    let lines = "";
    for (let i = 0; i < texts.length; i++) {
      const positive = scores[i] >= model.threshold;
      if (positive) positives++;
      const prediction: PredictionRow = {
        id: ids[i],
        label: positive ? "Adverse_Event" : "Not_AE",
        score: scores[i],
      };
      lines += JSON.stringify(prediction) + "\n";
    }
    await writer.write(lines);
    count += texts.length;
    ids = [];
    texts = [];
    options.onProgress?.(count, rows.progress);
  };
  const summaryPath = predictionSummaryPath(options.outputPath);
  let shift: ShiftJudgement;
  try {
    for await (const row of rows) {
      ids.push(row.id);
      texts.push(row.text);
      if (texts.length >= _SCORE_BATCH_ROWS) await flush();
    }
    await flush();
    for (const note of rows.notes) options.onNote?.(note);
    shift = reference ? judgeShiftCounts(reference, { rows: count, unusualRows: unusual }) : {
      score: null,
      threshold: null,
      flagged: false,
      reason: "cannot judge: the model folder has no shift reference (trained before it existed; " +
        "retrain to get one)",
    };
    const summary: PredictionSummaryFile = {
      rows: count,
      predicted_positive: positives,
      predicted_positive_rate: count > 0 ? positives / count : 0,
      training_positive_rate: model.summary.positives / model.summary.rows,
      shift,
    };
    await Deno.remove(summaryPath).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
    await writer.commit();
    failpoint("prediction-files");
    await writeFileAtomic(summaryPath, JSON.stringify(summary, null, 2) + "\n");
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { rows: count, positives, threshold: model.threshold, shift, summaryPath };
}
