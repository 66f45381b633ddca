/** What a cleanup did, resource by resource, and its text and Jupyter renderings. */
import type { RunResource } from "../track/mod.ts";
import { hourlyCostUsd } from "./prices.ts";

/** What happened to one resource. */
export type CleanupOutcome =
  | "removed"
  | "stopped"
  | "not-running"
  | "already-gone"
  | "would-remove"
  | "left-alone"
  | "failed";

/** One resource in a cleanup report. */
export interface CleanupEntry {
  /** Study run the resource belongs to. */
  runId: string;
  /** The resource as recorded. */
  resource: RunResource;
  /** What happened. */
  outcome: CleanupOutcome;
  /** Why (for left-alone / failed) or what (object counts, pid). */
  detail?: string;
}

/** What a handler says about one resource (the entry without its run and resource). */
export type _CleanupResult = Pick<CleanupEntry, "outcome" | "detail">;

/** The result of `cleanupRun`; renders as a table in Jupyter. */
export interface CleanupReport {
  /** True for a dry run. */
  dryRun: boolean;
  /** Study runs considered. */
  runIds: string[];
  /** Every resource, in the order handled. */
  entries: CleanupEntry[];
  /** Resources that still exist afterwards (left alone, failed, or listed by a dry run). */
  remaining: CleanupEntry[];
  /** Estimated USD per hour of what still runs (endpoints and jobs with a known instance type). */
  stillRunningHourlyCostUsd: number;
  /** Estimated USD per hour that the removed endpoints and stopped jobs were costing. */
  removedHourlyCostUsd: number;
  /** The label of the price table. */
  costLabel: string;
}

/** The outcomes after which nothing of the resource remains that cleanup should remove. */
export const _DONE_OUTCOMES: ReadonlySet<CleanupOutcome> = new Set([
  "removed",
  "stopped",
  "not-running",
  "already-gone",
]);

/**
 * A plain-text summary: removed, remaining (with reasons) and the hourly cost estimate of what still runs.
 * @param report from `cleanupRun`
 * @returns lines of text
 * @example
 * ```ts
 * import { formatCleanupReport } from "./cleanup_report.ts";
 * console.log(formatCleanupReport({
 *   dryRun: true, runIds: ["r1"], entries: [], remaining: [], stillRunningHourlyCostUsd: 0,
 *   removedHourlyCostUsd: 0, costLabel: "estimate",
 * })); // dry run: nothing changed. runs: r1 …
 * ```
 */
export function formatCleanupReport(report: CleanupReport): string {
  const lines: string[] = [];
  const label = (entry: CleanupEntry) =>
    `${entry.resource.type} ${entry.resource.name}${
      entry.resource.region ? ` (${entry.resource.region})` : ""
    }${entry.detail ? ` — ${entry.detail}` : ""}`;
  lines.push(
    `${report.dryRun ? "dry run: nothing changed. " : ""}runs: ${
      report.runIds.join(", ") || "none"
    }`,
  );
  const done = report.entries.filter((e) => _DONE_OUTCOMES.has(e.outcome));
  if (!report.dryRun) {
    lines.push(`removed (${done.length}):`);
    for (const entry of done) lines.push(`  ${entry.outcome.padEnd(12)} ${label(entry)}`);
  }
  lines.push(
    `${report.dryRun ? "would remove / remaining" : "remaining"} (${report.remaining.length}):`,
  );
  for (const entry of report.remaining) lines.push(`  ${entry.outcome.padEnd(12)} ${label(entry)}`);
  if (report.removedHourlyCostUsd > 0) {
    lines.push(
      `removed endpoints and stopped jobs were costing about $${
        report.removedHourlyCostUsd.toFixed(2)
      }/h (${report.costLabel})`,
    );
  }
  lines.push(
    `still running: about $${report.stillRunningHourlyCostUsd.toFixed(2)}/h (${report.costLabel})`,
  );
  return lines.join("\n");
}

/** Text for a markdown table cell (pipes escaped). */
export function _markdownCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * Makes `report` render in Jupyter: a markdown table of every entry and the cost line (the text summary
 * for plain-text front ends).
 * @param report the report
 * @returns the same object
 */
export function _displayableCleanupReport(report: CleanupReport): CleanupReport {
  Object.defineProperty(report, Symbol.for("Jupyter.display"), {
    enumerable: false,
    value: () => {
      const rows = report.entries.map((entry) =>
        `| ${entry.runId} | ${entry.resource.type} | \`${entry.resource.name}\` | ${entry.outcome} | ${
          _markdownCell(entry.detail ?? "")
        } |`
      );
      const table = report.entries.length === 0
        ? "_No recorded resources._"
        : ["| run | type | name | outcome | detail |", "|---|---|---|---|---|", ...rows].join("\n");
      return {
        "text/markdown": `${table}\n\n${
          report.dryRun ? "**Dry run:** nothing changed. " : ""
        }Still running: about $${
          report.stillRunningHourlyCostUsd.toFixed(2)
        }/h (${report.costLabel}).`,
        "text/plain": formatCleanupReport(report),
      };
    },
  });
  return report;
}

/** Estimated USD per hour of the endpoints and jobs among `entries` (those with a known instance type). */
export function _hourlyCostUsd(entries: readonly CleanupEntry[]): number {
  let total = 0;
  for (const entry of entries) {
    const { type, instanceType, instanceCount } = entry.resource;
    if (
      !instanceType || !["endpoint", "training-job", "tuning-job", "transform-job"].includes(type)
    ) continue;
    total += hourlyCostUsd(instanceType, instanceCount ?? 1) ?? 0;
  }
  return total;
}
