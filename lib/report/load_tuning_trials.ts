/** The tuning history for the report: from the store's `tune-trial` runs, or from a `trials.jsonl`. */
import { DataError, exists } from "../core/mod.ts";
import type { TuningTrialPoint } from "../figures/mod.ts";
import type { ExperimentStore, RunRecord } from "../track/mod.ts";
import { readTrials } from "../tune/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";

/** The tuning history and where it came from. */
export interface TuningHistory {
  /** Trials in order. */
  trials: TuningTrialPoint[];
  /** Human-readable origin, e.g. `store run tune-… (run id x)` or a file path. */
  source: string;
}

/** Options of {@link loadTuningTrials}. */
export interface LoadTuningTrialsOptions {
  /** Prefer tuning runs of this study run id. */
  runId?: string;
  /** Read this `trials.jsonl` instead of the store. */
  trialsPath?: string;
}

/**
 * Finds the tuning history: an explicit `trialsPath`; else the `tune-trial` runs of `runId`; else the
 * newest `tune` run (same run id first), through its `trials` artifact or its run id's `tune-trial`
 * runs. Returns undefined when there is none.
 * @param store open store
 * @param options run id, explicit trials file
 * @returns trials and source, or undefined
 * @throws {DataError} when a trials file is malformed
 * @example From the `tune-trial` runs of a study run
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * for (const [trial, objective] of [[1, 0.71], [2, 0.78]]) {
 *   const id = store.startRun({ kind: "tune-trial", runId: "study-1", name: `trial-${trial}`, params: { C: trial } });
 *   store.finishRun(id, { status: "completed", metrics: { objective } });
 * }
 * const history = await loadTuningTrials(store, { runId: "study-1" });
 * assert.deepEqual(history?.trials.map((t) => [t.trial, t.objective]), [[1, 0.71], [2, 0.78]]);
 * assert.equal(await loadTuningTrials(store, { runId: "study-2" }), undefined); // and no `tune` run
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadTuningTrials(
  store: ExperimentStore,
  options: LoadTuningTrialsOptions = {},
): Promise<TuningHistory | undefined> {
  if (options.trialsPath) {
    return { trials: await _readTrialsFile(options.trialsPath), source: options.trialsPath };
  }
  if (options.runId) {
    const trialRuns = store.listRuns({ runId: options.runId, kind: "tune-trial" });
    if (trialRuns.length > 0) {
      return { trials: _fromTrialRuns(trialRuns), source: `store, run id ${options.runId}` };
    }
  }
  const tuneRuns = store.listRuns({ kind: "tune" }).filter((run) => run.status === "completed");
  const tune = tuneRuns.filter((run) => run.runId === options.runId).at(-1) ?? tuneRuns.at(-1);
  if (!tune) return undefined;
  const trialRuns = store.listRuns({ runId: tune.runId, kind: "tune-trial" });
  if (trialRuns.length > 0) {
    return { trials: _fromTrialRuns(trialRuns), source: `store, run id ${tune.runId}` };
  }
  if (tune.artifacts.trials) {
    const path = await _resolveArtifactPath(tune.artifacts.trials, store.path);
    if (await exists(path)) return { trials: await _readTrialsFile(path), source: path };
  }
  return undefined;
}

function _fromTrialRuns(runs: readonly RunRecord[]): TuningTrialPoint[] {
  return runs.map((run, index) => {
    // The trial number: a `trial` parameter or metric, else the run name `trial-<n>`.
    const trialNumber = Number(
      run.params.trial ?? run.metrics.trial ?? /^trial-(\d+)$/.exec(run.name)?.[1],
    );
    const objective = run.metrics.objective;
    return {
      trial: Number.isInteger(trialNumber) && trialNumber > 0 ? trialNumber : index + 1,
      objective: typeof objective === "number" && Number.isFinite(objective) ? objective : null,
      status: run.status,
      params: run.params,
    };
  }).sort((a, b) => a.trial - b.trial);
}

/** The trials of a `trials.jsonl` (read by the tune stage, which owns the format), in trial order. */
async function _readTrialsFile(path: string): Promise<TuningTrialPoint[]> {
  if (!(await exists(path))) throw new DataError({ file: path }, "file not found");
  const trials = await readTrials(path);
  return trials.map((trial) => ({
    trial: trial.trial,
    objective: Number.isFinite(trial.objective) ? trial.objective : null,
    status: trial.status,
    params: trial.params,
  })).sort((a, b) => a.trial - b.trial);
}
