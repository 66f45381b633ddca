/** The per-group metrics of a grouped report as a plain-text table (CLI) or markdown rows. */
import type { EvaluationReport } from "./evaluation_report.ts";
import type { GroupedEvaluationReport } from "./grouped_evaluation_report.ts";
import { SMALL_SAMPLE_POSITIVES } from "./small_sample_warning.ts";

/** One display row of a group's metrics. */
export interface GroupTableRow {
  /** The group value, or `all`. */
  group: string;
  /** Rows. */
  rows: number;
  /** Gold `Adverse_Event` rows. */
  positives: number;
  /** F1 with its interval, or with the small-sample note instead of an interval. */
  f1: string;
  /** Precision (3 decimals). */
  precision: string;
  /** Recall (3 decimals). */
  recall: string;
  /** PR-AUC (3 decimals, `–` when undefined). */
  pr_auc: string;
}

function _row(group: string, report: EvaluationReport): GroupTableRow {
  const positives = report.confusion.tp + report.confusion.fn;
  return {
    group,
    rows: report.n,
    positives,
    f1: positives < SMALL_SAMPLE_POSITIVES
      ? `${report.f1.toFixed(3)} (no interval: ${positives} AEs)`
      : `${report.f1.toFixed(3)} (${report.f1_ci.low.toFixed(3)}–${report.f1_ci.high.toFixed(3)})`,
    precision: report.precision.toFixed(3),
    recall: report.recall.toFixed(3),
    pr_auc: report.pr_auc === null ? "–" : report.pr_auc.toFixed(3),
  };
}

/**
 * The display rows of a grouped report: every group, then `all`. A group with fewer than 30 AEs shows its
 * F1 with a note instead of an interval.
 * @param report a grouped report
 * @returns one row per group and the overall row
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildGroupedEvaluationReport } from "./grouped_evaluation_report.ts";
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const report = buildGroupedEvaluationReport(gold, [0.9, 0.2, 0.3, 0.1], 0.5, "source", ["a", "a", "b", "b"]);
 * assert.deepEqual(groupTableRows(report).map((row) => row.group), ["a", "b", "all"]);
 * ```
 */
export function groupTableRows(report: GroupedEvaluationReport): GroupTableRow[] {
  return [
    ...Object.entries(report.by).map(([group, groupReport]) => _row(group, groupReport)),
    _row("all", report),
  ];
}

/**
 * A plain-text table of {@link groupTableRows}, for the terminal, with a line under it when any group
 * is too small for an interval.
 * @param report a grouped report
 * @returns the table
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildGroupedEvaluationReport } from "./grouped_evaluation_report.ts";
 * const gold = ["Adverse_Event", "Not_AE", "Adverse_Event", "Not_AE"] as const;
 * const report = buildGroupedEvaluationReport(gold, [0.9, 0.2, 0.3, 0.1], 0.5, "source", ["a", "a", "b", "b"]);
 * assert.match(formatGroupTable(report), /\ball\b/);
 * ```
 */
export function formatGroupTable(report: GroupedEvaluationReport): string {
  const rows = groupTableRows(report);
  const header = [report.by_field, "rows", "AE", "F1 (95% CI)", "precision", "recall", "PR-AUC"];
  const cells = rows.map((row) => [
    row.group,
    String(row.rows),
    String(row.positives),
    row.f1,
    row.precision,
    row.recall,
    row.pr_auc,
  ]);
  const widths = header.map((name, i) =>
    Math.max(name.length, ...cells.map((cell) => cell[i].length))
  );
  const line = (values: string[]) =>
    values.map((
      value,
      i,
    ) => (i === 0 || i === 3 ? value.padEnd(widths[i]) : value.padStart(widths[i])))
      .join("  ").trimEnd();
  const small = Object.entries(report.by).filter(([, groupReport]) =>
    groupReport.confusion.tp + groupReport.confusion.fn < SMALL_SAMPLE_POSITIVES
  );
  return [
    line(header),
    ...cells.map(line),
    ...(small.length > 0
      ? [
        `warning: ${
          small.map(([group]) => group).join(", ")
        }: fewer than 30 AEs, so no interval is ` +
        "shown (it would look more certain than it is); label more rows to measure these groups",
      ]
      : []),
  ].join("\n");
}
