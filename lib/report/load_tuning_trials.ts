/** The tuning history for the report: from the store's `tune-trial` runs, or from a `trials.jsonl`. */
import { exists, readJsonl } from "../core/mod.ts";
import type { ExperimentStore, RunRecord } from "../track/mod.ts";
import { _resolveArtifactPath } from "./_artifact_path.ts";

/** One trial of the history. */
export interface TuningTrialPoint {
  /** Trial number, from 1. */
  trial: number;
  /** Objective (validation F1), null when the trial logged none. */
  objective: number | null;
  /** `Completed`, `Failed` or `Stopped` (or the store's status). */
  status: string;
  /** The trial's hyperparameters. */
  params: Record<string, unknown>;
}

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
 * @example const history = await loadTuningTrials(store, { runId });
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

async function _readTrialsFile(path: string): Promise<TuningTrialPoint[]> {
  const rows = await readJsonl<Record<string, unknown>>(path);
  return rows.map((row, index) => ({
    trial: typeof row.trial === "number" ? row.trial : index + 1,
    objective: typeof row.objective === "number" && Number.isFinite(row.objective)
      ? row.objective
      : null,
    status: String(row.status ?? "Completed"),
    params: (row.params ?? {}) as Record<string, unknown>,
  })).sort((a, b) => a.trial - b.trial);
}
