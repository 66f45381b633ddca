/** `report`: the comparison report written to a folder and recorded in the store. */
import { resolve } from "node:path";
import { writeFilesAtomic } from "../core/mod.ts";
import { ExperimentStore, recordRun } from "../track/mod.ts";
import { buildReportContent, type BuildReportContentOptions } from "./report_content.ts";
import { renderReportHtml } from "./_render_html.ts";
import { renderReportMarkdown } from "./_render_markdown.ts";

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends BuildReportContentOptions {
  /** The experiment store to read (and to record the report run in). */
  storePath: string;
  /** Output folder: `report.html` and `report.md` go there. */
  outDir: string;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Study run id reported on. */
  runId: string;
  /** Path of `report.html`. */
  htmlPath: string;
  /** Path of `report.md`. */
  markdownPath: string;
  /** Configurations in the table. */
  configurations: string[];
  /** Configurations missing from the table. */
  missing: string[];
  /** Number of charts. */
  figureCount: number;
  /** Store record id of the report run. */
  recordId: string;
}

/**
 * Builds the report of one study run (default: the newest with a baseline), or of the evaluate runs named
 * in `runs`, and writes `OUT/report.html` (self-contained) and `OUT/report.md` together (both appear or
 * neither), recording a store run of kind `report` under the same run id. The report quotes test
 * sentences only for the public corpus or with `showText`.
 * @param options store, output folder, run id or runs, bootstrap settings, trials file, text, focus
 * @returns paths and what the report holds
 * @throws {AdeError} when the store has no baseline run; {@link DataError} on malformed predictions
 * @example await writeReport({ storePath: "runs/ade.sqlite", outDir: "runs/report" });
 */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  const store = await ExperimentStore.open(options.storePath);
  let content;
  try {
    content = await buildReportContent(store, options);
  } finally {
    store.close();
  }
  const htmlPath = resolve(options.outDir, "report.html");
  const markdownPath = resolve(options.outDir, "report.md");
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
    await writeFilesAtomic([
      { path: htmlPath, data: await renderReportHtml(content) },
      { path: markdownPath, data: renderReportMarkdown(content) },
    ]);
    const metrics: Record<string, unknown> = { rows: comparison.entries.length };
    for (const entry of comparison.entries) {
      metrics[`${entry.configuration}.f1`] = entry.metrics.f1;
      if (entry.versusBaseline) {
        metrics[`${entry.configuration}.f1_diff`] = entry.versusBaseline.difference;
        metrics[`${entry.configuration}.mcnemar_p`] = entry.versusBaseline.mcnemar.pValue;
      }
    }
    return {
      value: {
        runId: comparison.runId,
        htmlPath,
        markdownPath,
        configurations: comparison.entries.map((entry) => entry.configuration),
        missing: [...comparison.missing],
        figureCount: content.figures.length,
        recordId,
      },
      metrics,
      artifacts: { html: htmlPath, markdown: markdownPath },
    };
  });
}
