/**
 * Experiment tracking: a SQLite store (node:sqlite, WAL) of every run — kind, parameters, metrics,
 * dataset manifest hash, code version, times, status, artifacts and the resources it created.
 *
 * @example
 * ```ts
 * import { recordRun } from "./mod.ts";
 * await recordRun("runs/ade.sqlite", { kind: "train", params: { C: 1 } }, async () => ({
 *   value: undefined,
 *   metrics: { f1: 0.7 },
 * }));
 * ```
 * @module
 */
export * from "./store.ts";
