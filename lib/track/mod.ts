/**
 * Experiment tracking: a SQLite store (node:sqlite, WAL) of every run — kind, parameters, metrics,
 * dataset manifest hash, code version, times, status, artifacts and the resources it created — and its
 * export to CSV or JSON.
 *
 * @example
 * ```ts
 * import { ExperimentStore, exportRuns, recordRun } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await recordRun(`${dir}/ade.sqlite`, { kind: "train", params: { C: 1 } }, () =>
 *   Promise.resolve({ value: undefined, metrics: { f1: 0.7 } }));
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * console.log(exportRuns(store, "csv", { kind: "train" })); // a header, then one row
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export {
  currentCodeVersion,
  defaultStorePath,
  ExperimentStore,
  type FinishRunInput,
  newRunId,
  type Recorded,
  type Recording,
  recordRun,
  type ResourceSink,
  type RunContext,
  type RunFilter,
  type RunKind,
  type RunOutcome,
  type RunRecord,
  type RunResource,
  type RunStatus,
  type StartRunInput,
} from "./store.ts";
export { exportRuns, type RunExportFormat } from "./export_runs.ts";
export { manifestHashNextTo, manifestHashOf } from "./manifest_hash.ts";
export { resolveRecordedPath } from "./resolve_recorded_path.ts";
