/** Evaluate a saved model on a labelled file: `metrics.json`, predictions, and a store run. */
import { createAtomicFileWriter, DataError } from "../core/mod.ts";
import { type Label, streamLabelledRows } from "../data/mod.ts";
import { loadModel, type ModelHyperparameters } from "../models/mod.ts";
import { buildEvaluationReport, buildGroupedEvaluationReport } from "../metrics/mod.ts";
import { _SCORE_BATCH_ROWS } from "./_batched_scores.ts";
import { _commitEvaluationFiles, _predictionLine } from "./_evaluation_outputs.ts";
import type { EvaluationOutcome } from "./evaluation_outcome.ts";
import { _predictionsPathFor } from "./_paths.ts";

/** Options for {@link evaluateModelFile}. */
export interface EvaluateModelFileOptions {
  /** Folder of a saved model. */
  modelDir: string;
  /** Labelled rows (our JSONL schema, or CSV/JSONL with `text` and `label`). */
  testPath: string;
  /** Where `metrics.json` goes; predictions go to `<metricsPath without .json>.predictions.jsonl`. */
  metricsPath: string;
  /** Name of the evaluation (default `evaluate`). */
  name?: string;
  /** Bootstrap seed (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Also report every value of this row field (e.g. `source`) under `by` in `metrics.json`. */
  by?: string;
  /** Progress: rows scored so far and the share of the test file read. */
  onProgress?: (rows: number, fraction: number) => void;
  /** Notes on how the test file was read (e.g. a re-encoded file); one line each, no data. */
  onNote?: (note: string) => void;
}

/** What {@link evaluateModelFile} produced: the evaluation and the hyperparameters of the model scored. */
export interface ModelFileEvaluation extends EvaluationOutcome {
  /** The evaluated model's hyperparameters (from its folder). */
  hyperparameters: ModelHyperparameters;
}

/**
 * Scores `testPath` with the model in `modelDir`, streaming (rows read, scored and their predictions
 * written a batch at a time; only labels, scores and PubMed ids are kept for the report), writes the
 * report (`metrics.json` keys) and `{id, label, score, gold, pmid?}` predictions (see
 * `_commitEvaluationFiles` for the order that keeps the pair consistent); `recordEvaluateModelFile` of
 * `record` records it as an `evaluate` run. With `by`, one report per value of that field under `by` (each with the small-sample
 * warning under 30 AEs); the field's values are kept per row, like the PubMed ids.
 * @param options model, test file, output path, name, bootstrap settings, `by`
 * @returns the report and paths
 * @throws {DataError} bad test file or model, a `by` field no row has
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const outcome = await evaluateModelFile({
 *   modelDir: "tests/fixtures/models/tiny",
 *   testPath: "tests/fixtures/data/user_rows.jsonl",
 *   metricsPath: `${dir}/metrics.json`,
 *   resamples: 100,
 * });
 * assert.equal(outcome.metrics.n, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function evaluateModelFile(
  options: EvaluateModelFileOptions,
): Promise<ModelFileEvaluation> {
  const name = options.name ?? "evaluate";
  const seed = options.seed ?? 42;
  const predictionsPath = _predictionsPathFor(options.metricsPath);
  const model = await loadModel(options.modelDir);
  // Stream the rows: score a batch, write its predictions, keep only labels, scores and PubMed ids.
  const rows = streamLabelledRows(options.testPath);
  const writer = await createAtomicFileWriter(predictionsPath);
  try {
    const gold: Label[] = [];
    const pmids: Array<string | undefined> = [];
    const by = options.by;
    const byValues: unknown[] = [];
    let scores = new Float64Array(1 << 16);
    let count = 0;
    let batch: Array<{ id: string; label: Label; pmid?: string; text: string; by?: unknown }> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const batchScores = model.scores(batch.map((row) => row.text));
      if (count + batch.length > scores.length) {
        const grown = new Float64Array(Math.max(scores.length * 2, count + batch.length));
        grown.set(scores.subarray(0, count));
        scores = grown;
      }
      let lines = "";
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i];
        scores[count + i] = batchScores[i];
        gold.push(row.label);
        pmids.push(row.pmid);
        if (by !== undefined) byValues.push(row.by);
        lines += _predictionLine(row, batchScores[i], model.threshold);
      }
      await writer.write(lines);
      count += batch.length;
      batch = [];
      options.onProgress?.(count, rows.progress);
    };
    for await (const row of rows) {
      batch.push({
        id: row.id,
        label: row.label,
        pmid: row.pmid,
        text: row.text,
        ...(by !== undefined ? { by: row[by] } : {}),
      });
      if (batch.length >= _SCORE_BATCH_ROWS) await flush();
    }
    await flush();
    for (const note of rows.notes) options.onNote?.(note);
    if (count === 0) throw new DataError({ file: options.testPath }, "no rows to evaluate");
    if (by !== undefined && !byValues.some((value) => value !== undefined && value !== "")) {
      throw new DataError(
        { file: options.testPath, field: by },
        `no row has a "${by}" field to group by`,
      );
    }
    const reportOptions = { seed, resamples: options.resamples, pmids };
    const rowScores = scores.subarray(0, count);
    const report = by === undefined
      ? buildEvaluationReport(gold, rowScores, model.threshold, reportOptions)
      : buildGroupedEvaluationReport(
        gold,
        rowScores,
        model.threshold,
        by,
        byValues,
        reportOptions,
      );
    await _commitEvaluationFiles(writer, report, options.metricsPath);
    return {
      name,
      metrics: report,
      modelDir: options.modelDir,
      metricsPath: options.metricsPath,
      predictionsPath,
      hyperparameters: model.hyperparameters,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
