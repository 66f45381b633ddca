/** Export of stored runs to CSV or JSON, for spreadsheets, pandas/Polars and audit files. */
import { UsageError } from "../core/mod.ts";
import type { ExperimentStore, RunFilter, RunRecord } from "./store.ts";

/** Export formats of {@link exportRuns}. */
export type RunExportFormat = "csv" | "json";

/** The fixed leading columns of the CSV export, in order. */
export const RUN_EXPORT_COLUMNS: readonly string[] = [
  "id",
  "run_id",
  "kind",
  "name",
  "status",
  "started_at",
  "ended_at",
  "manifest_hash",
  "code_version",
  "error",
  "params",
  "metrics",
  "artifacts",
  "resources",
];

/**
 * Serialises the runs that match `filter` as CSV or JSON.
 *
 * JSON is an array of the stored records as they are ({@link RunRecord}). CSV has one row per run: the
 * columns of {@link RUN_EXPORT_COLUMNS} (`params`, `metrics`, `artifacts` and `resources` as JSON text),
 * then one `params.<name>` and one `metrics.<name>` column per scalar parameter and metric seen in any
 * run (sorted by name; empty where a run lacks it), so that a spreadsheet can sort by F1 directly.
 * Quoting follows RFC 4180; lines end with `\n`.
 * @param store open store
 * @param format `csv` or `json`
 * @param filter which runs (default: all), oldest first
 * @returns the file contents
 * @throws {UsageError} on an unknown format
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "./store.ts";
 * const dir = await Deno.makeTempDir();
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * const id = store.startRun({ kind: "evaluate", name: "baseline" });
 * store.finishRun(id, { status: "completed", metrics: { f1: 0.7 } });
 * const csv = exportRuns(store, "csv", { kind: "evaluate" });
 * assert.equal(csv.trim().split("\n").length, 2); // the header and one run
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function exportRuns(
  store: ExperimentStore,
  format: RunExportFormat,
  filter: RunFilter = {},
): string {
  const runs = store.listRuns(filter);
  if (format === "json") return JSON.stringify(runs, null, 2) + "\n";
  if (format === "csv") return runsToCsv(runs);
  throw new UsageError(`unknown export format "${String(format)}" (valid: csv, json)`);
}

/**
 * The CSV form of `runs` (see {@link exportRuns}).
 * @param runs stored records
 * @returns CSV text with a header line
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(runsToCsv([]).split("\n")[0].split(",")[0], RUN_EXPORT_COLUMNS[0]); // the header alone
 * ```
 */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const paramNames = _scalarKeys(runs.map((run) => run.params));
  const metricNames = _scalarKeys(runs.map((run) => run.metrics));
  const header = [
    ...RUN_EXPORT_COLUMNS,
    ...paramNames.map((name) => `params.${name}`),
    ...metricNames.map((name) => `metrics.${name}`),
  ];
  const lines = [header.map(_csvField).join(",")];
  for (const run of runs) {
    const fixed: unknown[] = [
      run.id,
      run.runId,
      run.kind,
      run.name,
      run.status,
      run.startedAt,
      run.endedAt,
      run.manifestHash,
      run.codeVersion,
      run.error,
      JSON.stringify(run.params),
      JSON.stringify(run.metrics),
      JSON.stringify(run.artifacts),
      JSON.stringify(run.resources),
    ];
    const cells = [
      ...fixed,
      ...paramNames.map((name) => _scalarOrEmpty(run.params[name])),
      ...metricNames.map((name) => _scalarOrEmpty(run.metrics[name])),
    ];
    lines.push(cells.map(_csvField).join(","));
  }
  return lines.join("\n") + "\n";
}

function _isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function _scalarKeys(objects: readonly Record<string, unknown>[]): string[] {
  const names = new Set<string>();
  for (const object of objects) {
    for (const [name, value] of Object.entries(object)) if (_isScalar(value)) names.add(name);
  }
  return [...names].sort();
}

function _scalarOrEmpty(value: unknown): unknown {
  return _isScalar(value) ? value : null;
}

function _csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
