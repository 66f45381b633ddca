/** `report`: the comparison report written to a folder (`report.html` and `report.md`). */
import { resolve } from "node:path";
import { writeFilesAtomic } from "../core/mod.ts";
import { ExperimentStore } from "../track/mod.ts";
import {
  buildReportContent,
  type BuildReportContentOptions,
  type ReportContent,
} from "./report_content.ts";
import { renderReportHtml } from "./_render_html.ts";
import { renderReportMarkdown } from "./_render_markdown.ts";

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends BuildReportContentOptions {
  /** The experiment store to read. */
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
}

/**
 * Builds the report of one study run (default: the newest with a baseline), or of the evaluate runs named
 * in `runs`, and writes `OUT/report.html` (self-contained) and `OUT/report.md` together (both appear or
 * neither). It only reads the store: `recordWriteReport` of `pipeline` also records the report as a
 * `report` run. The report quotes test sentences only for the public corpus or with `showText`.
 * @param options store, output folder, run id or runs, bootstrap settings, trials file, text, focus
 * @returns paths and what the report holds
 * @throws {AdeError} when the store has no baseline run; {@link DataError} on malformed predictions
 * @example A store without a baseline: the error says so, and no file is written
 * ```ts
 * import assert from "node:assert/strict";
 * import { exists } from "../core/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const report = writeReport({ storePath: `${dir}/ade.sqlite`, outDir: `${dir}/report` });
 * await assert.rejects(report, /baseline/);
 * assert.equal(await exists(`${dir}/report/report.md`), false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  return await writeReportFiles(await loadReportContent(options), options.outDir);
}

/**
 * Opens the store, builds the report's content (see `buildReportContent`) and closes the store.
 * @param options the store, and what `buildReportContent` takes
 * @returns the report's content
 * @throws {AdeError} when the store has no baseline run
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * // A study run with one baseline evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const storePath = `${dir}/ade.sqlite`;
 * await recordTrainAndEvaluate({
 *   name: "baseline", trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS }, outDir: `${dir}/baseline`,
 * }, { storePath, runId: "example" });
 * const content = await loadReportContent({ storePath, runId: "example", resamples: 200 });
 * assert.deepEqual(content.comparison.entries.map((entry) => entry.configuration), ["baseline"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadReportContent(
  options: BuildReportContentOptions & { storePath: string },
): Promise<ReportContent> {
  const store = await ExperimentStore.open(options.storePath);
  try {
    return await buildReportContent(store, options);
  } finally {
    store.close();
  }
}

/**
 * Renders a report's content and writes `OUT/report.html` and `OUT/report.md` together (both appear or
 * neither).
 * @param content from `buildReportContent`
 * @param outDir the report folder
 * @returns paths and what the report holds
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * // A study run with one baseline evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const storePath = `${dir}/ade.sqlite`;
 * await recordTrainAndEvaluate({
 *   name: "baseline", trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS }, outDir: `${dir}/baseline`,
 * }, { storePath, runId: "example" });
 * const content = await loadReportContent({ storePath, runId: "example", resamples: 200 });
 * const written = await writeReportFiles(content, `${dir}/report`);
 * assert.ok((await Deno.readTextFile(written.markdownPath)).includes("baseline"));
 * assert.deepEqual(written.configurations, ["baseline"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeReportFiles(
  content: ReportContent,
  outDir: string,
): Promise<WrittenReport> {
  const htmlPath = resolve(outDir, "report.html");
  const markdownPath = resolve(outDir, "report.md");
  await writeFilesAtomic([
    { path: htmlPath, data: await renderReportHtml(content) },
    { path: markdownPath, data: renderReportMarkdown(content) },
  ]);
  const { comparison } = content;
  return {
    runId: comparison.runId,
    htmlPath,
    markdownPath,
    configurations: comparison.entries.map((entry) => entry.configuration),
    missing: [...comparison.missing],
    figureCount: content.figures.length,
  };
}
