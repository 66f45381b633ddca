/**
 * Experiment tracking: a SQLite store (node:sqlite, WAL) of every run — kind, parameters, metrics,
 * dataset manifest hash, code version, times, status, artifacts and the resources it created — and its
 * export to CSV or JSON.
 *
 * @example
 * ```ts
 * import { ExperimentStore, exportRuns, recordRun } from "./mod.ts";
 * await recordRun("runs/ade.sqlite", { kind: "train", params: { C: 1 } }, async () => ({
 *   value: undefined,
 *   metrics: { f1: 0.7 },
 * }));
 * const store = await ExperimentStore.open("runs/ade.sqlite");
 * console.log(exportRuns(store, "csv", { kind: "train" }));
 * store.close();
 * ```
 * @module
 */
export * from "./store.ts";
export * from "./export_runs.ts";
export * from "./manifest_hash.ts";
export * from "./resolve_recorded_path.ts";
