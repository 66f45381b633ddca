/** The comparison as a Polars frame (notebooks) and as a markdown table (reports). */
import pl from "nodejs-polars";
import { withTableDisplay } from "../figures/mod.ts";
import type { Comparison } from "./comparison.ts";
import { SMALL_SAMPLE_POSITIVES } from "../metrics/mod.ts";
import { formatF1Cell, formatMetric, formatPValue, formatSigned } from "./_format.ts";

/** One table row as plain numbers (null where a value does not apply). */
export interface ComparisonTableRow {
  /** `baseline`, `tuned` or `tuned+synthetic`. */
  configuration: string;
  /** Test rows. */
  n: number;
  /** Gold `Adverse_Event` test rows (under 30: the interval is rough; 0: F1 says nothing). */
  positives: number;
  /** Precision. */
  precision: number;
  /** Recall. */
  recall: number;
  /** F1. */
  f1: number;
  /** Lower bound of F1's 95% interval. */
  f1_ci_low: number;
  /** Upper bound of F1's 95% interval. */
  f1_ci_high: number;
  /** ROC-AUC. */
  roc_auc: number;
  /** PR-AUC. */
  pr_auc: number;
  /** F1 − baseline F1 (null for the baseline). */
  f1_diff: number | null;
  /** Lower bound of the difference's 95% paired-bootstrap interval. */
  f1_diff_ci_low: number | null;
  /** Upper bound. */
  f1_diff_ci_high: number | null;
  /** McNemar exact p-value against the baseline. */
  mcnemar_p: number | null;
}

/**
 * The comparison's rows as plain objects, in table order.
 * @param comparison from {@link loadComparison}
 * @returns one object per configuration present
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { loadComparison } from "./comparison.ts";
 * // A study run with a baseline and a tuned evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const recording = { storePath: `${dir}/ade.sqlite`, runId: "example" };
 * for (const [name, C] of [["baseline", 0.25], ["tuned", 4]] as const) {
 *   await recordTrainAndEvaluate({
 *     name, trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *     hyperparameters: { ...DEFAULT_HYPERPARAMETERS, C }, outDir: `${dir}/${name}`,
 *   }, recording);
 * }
 * const store = await ExperimentStore.open(recording.storePath);
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * const [baseline, tuned] = comparisonRows(comparison);
 * assert.equal(baseline.f1_diff, null); // the reference
 * assert.equal(tuned.f1_diff, tuned.f1 - baseline.f1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function comparisonRows(comparison: Comparison): ComparisonTableRow[] {
  return comparison.entries.map((entry) => ({
    configuration: entry.configuration,
    n: entry.metrics.n,
    positives: entry.metrics.positives,
    precision: entry.metrics.precision,
    recall: entry.metrics.recall,
    f1: entry.metrics.f1,
    f1_ci_low: entry.metrics.f1_ci.low,
    f1_ci_high: entry.metrics.f1_ci.high,
    roc_auc: entry.metrics.roc_auc,
    pr_auc: entry.metrics.pr_auc,
    f1_diff: entry.versusBaseline?.difference ?? null,
    f1_diff_ci_low: entry.versusBaseline?.low ?? null,
    f1_diff_ci_high: entry.versusBaseline?.high ?? null,
    mcnemar_p: entry.versusBaseline?.mcnemar.pValue ?? null,
  }));
}

/** Columns a notebook shows first: F1 with its interval, the difference to the baseline with its, p. */
const KEY_COLUMNS = [
  "configuration",
  "f1",
  "f1_ci_low",
  "f1_ci_high",
  "f1_diff",
  "f1_diff_ci_low",
  "f1_diff_ci_high",
  "mcnemar_p",
] as const;

/**
 * The comparison as a Polars DataFrame: one row per configuration, numeric columns as in
 * {@link ComparisonTableRow}. The Deno kernel renders it as a table of the key columns
 * (configuration, F1 and its interval, the difference to the baseline and its interval, McNemar's p)
 * with three decimals, the other columns on demand.
 * @param comparison from {@link loadComparison}
 * @returns the frame
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { loadComparison } from "./comparison.ts";
 * // A study run with a baseline and a tuned evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const recording = { storePath: `${dir}/ade.sqlite`, runId: "example" };
 * for (const [name, C] of [["baseline", 0.25], ["tuned", 4]] as const) {
 *   await recordTrainAndEvaluate({
 *     name, trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *     hyperparameters: { ...DEFAULT_HYPERPARAMETERS, C }, outDir: `${dir}/${name}`,
 *   }, recording);
 * }
 * const store = await ExperimentStore.open(recording.storePath);
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * const frame = comparisonFrame(comparison);
 * assert.deepEqual(frame.getColumn("configuration").toArray(), ["baseline", "tuned"]);
 * console.log(frame.getColumn("f1").toArray());
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function comparisonFrame(comparison: Comparison): pl.DataFrame {
  const rows = comparisonRows(comparison);
  const numberColumn = (name: keyof ComparisonTableRow) =>
    pl.Series(name, rows.map((row) => row[name] as number | null), pl.Float64);
  return withTableDisplay(
    pl.DataFrame([
      pl.Series("configuration", rows.map((row) => row.configuration), pl.Utf8),
      pl.Series("n", rows.map((row) => row.n), pl.Int64),
      ...(
        [
          "precision",
          "recall",
          "f1",
          "f1_ci_low",
          "f1_ci_high",
          "roc_auc",
          "pr_auc",
          "f1_diff",
          "f1_diff_ci_low",
          "f1_diff_ci_high",
          "mcnemar_p",
        ] as const
      ).map(numberColumn),
    ]),
    { keyColumns: KEY_COLUMNS },
  );
}

/** Column headings of the comparison table, shared by the markdown and HTML reports. */
export const _COMPARISON_TABLE_HEADER: readonly string[] = [
  "Configuration",
  "n",
  "Precision",
  "Recall",
  "F1 (95% CI)",
  "ROC-AUC",
  "PR-AUC",
  "ΔF1 vs baseline (95% CI)",
  "McNemar p",
];

/**
 * The comparison as a GitHub-flavoured markdown table: configuration, precision, recall, F1 (95% CI),
 * ROC-AUC, PR-AUC, ΔF1 vs baseline (95% CI) and McNemar p. Values with three decimals.
 * @param comparison from {@link loadComparison}
 * @returns markdown (header, separator, one line per configuration)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
 * import { recordTrainAndEvaluate } from "../record/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { loadComparison } from "./comparison.ts";
 * // A study run with a baseline and a tuned evaluation over 20 invented rows
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 20 }, (_, i) => ({
 *   id: `r${i}`, pmid: `p${i >> 1}`, label: i % 2 ? "Not_AE" as const : "Adverse_Event" as const,
 *   text: i % 2 ? `The patient recovered well on day ${i}.` : `Severe rash after drug ${i % 7}.`,
 * }));
 * const recording = { storePath: `${dir}/ade.sqlite`, runId: "example" };
 * for (const [name, C] of [["baseline", 0.25], ["tuned", 4]] as const) {
 *   await recordTrainAndEvaluate({
 *     name, trainRows: rows.slice(0, 14), testRows: rows.slice(14), seed: 42,
 *     hyperparameters: { ...DEFAULT_HYPERPARAMETERS, C }, outDir: `${dir}/${name}`,
 *   }, recording);
 * }
 * const store = await ExperimentStore.open(recording.storePath);
 * const comparison = await loadComparison(store, { resamples: 200 });
 * store.close();
 * const markdown = comparisonMarkdown(comparison);
 * assert.equal(markdown.trim().split("\n").length, 4); // header, separator, baseline, tuned
 * console.log(markdown);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function comparisonMarkdown(comparison: Comparison): string {
  const header = _COMPARISON_TABLE_HEADER;
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i < 1 ? " --- " : " ---: ")).join("|")}|`,
  ];
  for (const row of comparisonRows(comparison)) lines.push(`| ${_tableCells(row).join(" | ")} |`);
  return lines.join("\n") + "\n";
}

/** One table row as the cells of {@link _COMPARISON_TABLE_HEADER}, values with three decimals. */
export function _tableCells(row: ComparisonTableRow): string[] {
  const difference = row.f1_diff === null
    ? "—"
    : `${formatSigned(row.f1_diff)} (${formatSigned(row.f1_diff_ci_low!)} to ${
      formatSigned(row.f1_diff_ci_high!)
    })`;
  const f1 = formatF1Cell(
    row.f1,
    { low: row.f1_ci_low, high: row.f1_ci_high },
    row.positives,
    SMALL_SAMPLE_POSITIVES,
  );
  return [
    row.configuration,
    String(row.n),
    formatMetric(row.precision),
    formatMetric(row.recall),
    f1,
    formatMetric(row.roc_auc),
    formatMetric(row.pr_auc),
    difference,
    row.mcnemar_p === null ? "—" : formatPValue(row.mcnemar_p),
  ];
}
