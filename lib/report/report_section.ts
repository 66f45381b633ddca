/** One section of the report — the same words, tables and charts — for a notebook cell. */
import type { PlotlyFigure } from "../figures/mod.ts";
import { _calibrationBlocks } from "./_calibration_blocks.ts";
import { _comparisonBlocks } from "./_comparison_blocks.ts";
import { _dataBlocks } from "./_data_blocks.ts";
import { _errorBlocks } from "./_error_blocks.ts";
import { _blocksMarkdown } from "./_render_markdown.ts";
import { _modelCardBlocks } from "./_model_card_blocks.ts";
import { _operatingPointBlocks } from "./_operating_point_blocks.ts";
import type { _ReportBlock } from "./_report_block.ts";
import type { ReportContent } from "./report_content.ts";
import { _reproducibilityBlocks } from "./_reproducibility_blocks.ts";
import { _summaryBlocks, _textBanner } from "./_summary_blocks.ts";
import { _tuningBlocks } from "./_tuning_blocks.ts";

/** The sections of the report, in its order. */
export const REPORT_SECTIONS = [
  "summary",
  "data",
  "comparison",
  "operating-points",
  "calibration",
  "errors",
  "tuning",
  "model-cards",
  "reproducibility",
] as const;

/** One section's name. */
export type ReportSectionName = typeof REPORT_SECTIONS[number];

const BUILDERS: Record<ReportSectionName, (content: ReportContent) => _ReportBlock[]> = {
  "summary": (content) => [_textBanner(content), ..._summaryBlocks(content)],
  "data": _dataBlocks,
  "comparison": _comparisonBlocks,
  "operating-points": _operatingPointBlocks,
  "calibration": _calibrationBlocks,
  "errors": _errorBlocks,
  "tuning": _tuningBlocks,
  "model-cards": _modelCardBlocks,
  "reproducibility": _reproducibilityBlocks,
};

/** A report section as a notebook shows it. */
export interface ReportSection {
  /** Its text and tables as markdown (charts left out: they are in `figures`). */
  markdown: string;
  /** Its charts, in order. */
  figures: PlotlyFigure[];
}

/**
 * One section of the report, exactly as `report.html` words it: its markdown (headings, sentences, tables)
 * and its charts, for `showInNotebook([markdownDisplay(section.markdown), ...section.figures])`.
 * @param content from {@link buildReportContent}
 * @param name the section (see {@link REPORT_SECTIONS})
 * @returns markdown and figures
 * @throws {RangeError} an unknown section name
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { buildReportContent } from "./report_content.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const dir = await Deno.makeTempDir();
 * await recordTrainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 8),
 *   testRows: rows.slice(8),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0 },
 *   seed: 42,
 *   outDir: `${dir}/baseline`,
 * }, { storePath: `${dir}/ade.sqlite`, runId: "example" });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * const content = await buildReportContent(store, { resamples: 100 });
 * const section = reportSection(content, "operating-points");
 * assert.match(section.markdown, /threshold/i);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function reportSection(content: ReportContent, name: ReportSectionName): ReportSection {
  const build = BUILDERS[name];
  if (!build) {
    throw new RangeError(
      `reportSection: unknown section "${name}" (sections: ${REPORT_SECTIONS.join(", ")})`,
    );
  }
  const blocks = build(content);
  const keys = blocks.flatMap((block) => (block.kind === "figure" ? [block.key] : []));
  return {
    markdown: _blocksMarkdown(blocks.filter((block) => block.kind !== "figure"), content),
    figures: keys.flatMap((key) =>
      content.figures.filter((item) => item.key === key).map((item) => item.figure)
    ),
  };
}
