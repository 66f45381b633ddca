/** `writeReport` as a recorded `report` run, in the store the report reads. */
import {
  type Comparison,
  loadReportContent,
  writeReportFiles,
  type WriteReportOptions,
  type WrittenReport,
} from "../report/mod.ts";
import { type Recorded, recordRun } from "../track/mod.ts";

/**
 * Builds and writes the report (see `writeReport`) and records it as a run of kind `report` named
 * `comparison`, under the study run id reported on: the output folder, seed, resamples, trials file, runs
 * and whether text is shown as params, the data's manifest hash, the row count and each configuration's
 * F1 (and, against the reference, its F1 difference and McNemar p) as metrics, and both files as
 * artifacts. A report that cannot be built (no baseline) records nothing; one whose files cannot be
 * written is recorded as failed.
 * @param options what `writeReport` takes (the store is read and recorded in)
 * @returns what `writeReport` returns, and the record id
 * @throws what `writeReport` throws
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const storePath = `${dir}/ade.sqlite`;
 * const rows = Array.from({ length: 40 }, (_, i) => ({
 *   id: `r${i}`,
 *   text: i % 2 === 0 ? `Severe rash after drug ${i % 5}.` : `The patient recovered on day ${i}.`,
 *   label: i % 2 === 0 ? "Adverse_Event" as const : "Not_AE" as const,
 * }));
 * await recordTrainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 28),
 *   testRows: rows.slice(28),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
 *   seed: 42,
 *   outDir: `${dir}/baseline`,
 * }, { storePath, runId: "example" });
 * const written = await recordWriteReport({ storePath, outDir: `${dir}/report`, resamples: 100 });
 * const store = await ExperimentStore.open(storePath);
 * const run = store.getRun(written.recordId)!;
 * assert.equal(run.kind, "report");
 * assert.equal(run.runId, "example");
 * assert.deepEqual(run.artifacts, { html: written.htmlPath, markdown: written.markdownPath });
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordWriteReport(
  options: WriteReportOptions,
): Promise<Recorded<WrittenReport>> {
  const content = await loadReportContent(options);
  const { comparison } = content;
  return await recordRun(options.storePath, {
    kind: "report",
    runId: comparison.runId,
    name: "comparison",
    params: {
      out: options.outDir,
      seed: comparison.seed,
      resamples: comparison.resamples,
      ...(options.trialsPath ? { trials: options.trialsPath } : {}),
      ...(options.runs ? { runs: [...options.runs] } : {}),
      show_text: content.showText,
    },
    manifestHash: content.reproducibility.data.manifestHashes[0] ?? null,
  }, async ({ recordId }) => {
    const written = await writeReportFiles(content, options.outDir);
    return {
      value: { ...written, recordId },
      metrics: _comparisonMetrics(comparison),
      artifacts: { html: written.htmlPath, markdown: written.markdownPath },
    };
  });
}

/** The row count, and each configuration's F1 (with its difference and McNemar p against the reference). */
function _comparisonMetrics(comparison: Comparison): Record<string, unknown> {
  const metrics: Record<string, unknown> = { rows: comparison.entries.length };
  for (const entry of comparison.entries) {
    metrics[`${entry.configuration}.f1`] = entry.metrics.f1;
    if (entry.versusBaseline) {
      metrics[`${entry.configuration}.f1_diff`] = entry.versusBaseline.difference;
      metrics[`${entry.configuration}.mcnemar_p`] = entry.versusBaseline.mcnemar.pValue;
    }
  }
  return metrics;
}
