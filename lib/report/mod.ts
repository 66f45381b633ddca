/**
 * Reporting: the comparison of the `baseline`, `tuned` and `tuned+synthetic` evaluate runs of one study
 * run (precision, recall, F1 with 95% CI, ROC-AUC, PR-AUC, paired F1 difference to the baseline with its
 * CI and McNemar's p), worded findings, the comparison's charts, the tuning history, and a self-contained
 * HTML + markdown report with a reproducibility block (it reads the store; `recordWriteReport` of
 * `pipeline` records the report run).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { comparisonFigures, comparisonMarkdown, loadComparison, writeReport } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const storePath = `${dir}/ade.sqlite`;
 * const rows = Array.from({ length: 60 }, (_, i) => ({
 *   id: `r${i}`,
 *   pmid: `p${Math.floor(i / 2)}`,
 *   text: i % 2 === 0 ? `Severe rash after drug ${i % 7}.` : `The patient recovered well on day ${i}.`,
 *   label: i % 2 === 0 ? "Adverse_Event" as const : "Not_AE" as const,
 * }));
 * await recordTrainAndEvaluate({
 *   name: "baseline",
 *   trainRows: rows.slice(0, 40),
 *   testRows: rows.slice(40),
 *   hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
 *   seed: 42,
 *   outDir: `${dir}/baseline`,
 * }, { storePath, runId: "example" });
 * const store = await ExperimentStore.open(storePath);
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * assert.deepEqual(comparison.missing, ["tuned", "tuned+synthetic"]);
 * console.log(comparisonMarkdown(comparison));
 * assert.equal(comparisonFigures(comparison).length, 3);
 * const written = await writeReport({ storePath, outDir: `${dir}/report`, resamples: 200 });
 * assert.deepEqual(written.configurations, ["baseline"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export {
  type Comparison,
  type ComparisonConfiguration,
  type ComparisonEntry,
  type ComparisonMetrics,
  type Interval,
  loadComparison,
  type LoadComparisonOptions,
  type VersusBaseline,
} from "./comparison.ts";
export { comparisonFrame, comparisonMarkdown } from "./comparison_table.ts";
export {
  type ComparisonFinding,
  describeComparison,
  type SignificanceVerdict,
} from "./describe_comparison.ts";
export { findingsMarkdown } from "./findings_markdown.ts";
export { comparisonFigures, type ReportFigure } from "./comparison_figures.ts";
export {
  loadTuningTrials,
  type LoadTuningTrialsOptions,
  type TuningHistory,
} from "./load_tuning_trials.ts";
export {
  loadReportContent,
  writeReport,
  writeReportFiles,
  type WriteReportOptions,
  type WrittenReport,
} from "./write_report.ts";
export {
  buildReportContent,
  type BuildReportContentOptions,
  type ReportContent,
} from "./report_content.ts";
export { type ReportSection, reportSection, type ReportSectionName } from "./report_section.ts";
export {
  comparisonRunsMarkdown,
  type ComparisonRunsResult,
  ensureComparisonRuns,
  type EnsureComparisonRunsOptions,
} from "./comparison_runs.ts";
