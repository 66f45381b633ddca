/** What every evaluation writes, shared by `trainAndEvaluate` and `evaluateModelFile`. */
import {
  type AtomicFileWriter,
  createAtomicFileWriter,
  failpoint,
  writeFileAtomic,
} from "../core/mod.ts";
import type { Label } from "../data/mod.ts";
import type { EvaluationReport } from "../metrics/mod.ts";

/** One row of `predictions.jsonl`, as the evaluation writes it. */
export interface _EvaluatedRow {
  id: string;
  label: Label;
  score: number;
  gold: Label;
  pmid?: string;
}

/** The `predictions.jsonl` line of one evaluated row: `{id, label, score, gold, pmid?}`. */
export function _predictionLine(
  row: { id: string; label: Label; pmid?: string },
  score: number,
  threshold: number,
): string {
  const prediction: _EvaluatedRow = {
    id: row.id,
    label: score >= threshold ? "Adverse_Event" : "Not_AE",
    score,
    gold: row.label,
    ...(row.pmid !== undefined ? { pmid: row.pmid } : {}),
  };
  return JSON.stringify(prediction) + "\n";
}

/**
 * Puts an evaluation's two files in place: the old `metrics.json` is removed first, then the complete
 * predictions are renamed in, then `metrics.json` is written (temporary file, rename). A process killed
 * at any point leaves the old pair, the new pair, or predictions without `metrics.json` (an evaluation
 * that visibly did not finish), never new predictions beside old metrics.
 */
export async function _commitEvaluationFiles(
  predictions: AtomicFileWriter,
  report: EvaluationReport,
  metricsPath: string,
): Promise<void> {
  await Deno.remove(metricsPath).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await predictions.commit();
  failpoint("evaluation-files");
  await writeFileAtomic(metricsPath, JSON.stringify(report, null, 2) + "\n");
}

/**
 * Writes `metrics.json` and the predictions (`{id, label, score, gold, pmid?}` per test row, in order)
 * of rows held in memory, in the order of {@link _commitEvaluationFiles}.
 */
export async function _writeEvaluationFiles(
  rows: ReadonlyArray<{ id: string; label: Label; pmid?: string }>,
  scores: ArrayLike<number>,
  threshold: number,
  report: EvaluationReport,
  metricsPath: string,
  predictionsPath: string,
): Promise<void> {
  const writer = await createAtomicFileWriter(predictionsPath);
  try {
    for (let index = 0; index < rows.length; index++) {
      await writer.write(_predictionLine(rows[index], scores[index], threshold));
    }
    await _commitEvaluationFiles(writer, report, metricsPath);
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
