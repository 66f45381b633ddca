/** What every evaluation writes and records, shared by `trainAndEvaluate` and `evaluateModelFile`. */
import { toJsonl, writeFilesAtomic } from "../core/mod.ts";
import type { Row } from "../data/mod.ts";
import type { EvaluationReport } from "../metrics/mod.ts";
import { recordRun, type StartRunInput } from "../track/mod.ts";
import type { EvaluationOutcome } from "./evaluation_outcome.ts";

/**
 * Writes `metrics.json` and the predictions (`{id, label, score, gold, pmid?}` per test row, in order)
 * together: both files appear or neither does.
 */
export async function _writeEvaluationFiles(
  rows: readonly Row[],
  scores: ArrayLike<number>,
  threshold: number,
  report: EvaluationReport,
  metricsPath: string,
  predictionsPath: string,
): Promise<void> {
  const predictions = rows.map((row, index) => ({
    id: row.id,
    label: scores[index] >= threshold ? "Adverse_Event" : "Not_AE",
    score: scores[index],
    gold: row.label,
    ...(row.pmid !== undefined ? { pmid: row.pmid } : {}),
  }));
  await writeFilesAtomic([
    { path: metricsPath, data: JSON.stringify(report, null, 2) + "\n" },
    { path: predictionsPath, data: toJsonl(predictions) },
  ]);
}

/**
 * Runs `work` as a recorded `evaluate` run when a store is given (metrics and the model, metrics and
 * predictions paths as artifacts), else just runs it.
 */
export async function _recordEvaluation(
  storePath: string | undefined,
  start: Omit<StartRunInput, "kind">,
  work: () => Promise<EvaluationOutcome>,
): Promise<EvaluationOutcome> {
  if (!storePath) return await work();
  let recordId = "";
  const outcome = await recordRun(storePath, { ...start, kind: "evaluate" }, async (context) => {
    recordId = context.recordId;
    const result = await work();
    return {
      value: result,
      metrics: { ...result.metrics },
      artifacts: {
        model_dir: result.modelDir,
        metrics: result.metricsPath,
        predictions: result.predictionsPath,
      },
    };
  });
  return { ...outcome, recordId };
}
