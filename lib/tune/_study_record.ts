/**
 * The study in the experiment store: one `tune` run (with the resources the study created) and, for trials
 * the study ran itself, one `tune-trial` run per trial. Without a store every call does nothing.
 */
import { ExperimentStore, type RunResource, type RunStatus } from "../track/mod.ts";

/** How a finished run ends in the store. */
export type EndStatus = Exclude<RunStatus, "running">;
import type { BestTrial, TrialStatus } from "./trials.ts";
import type { FinishedTrial, StudyDefinition } from "./tuning_executor.ts";

/** The study's record in the store. */
export interface StudyRecord {
  /** Adds a resource the study created. */
  addResource(resource: RunResource): void;
  /** Records a finished trial as a `tune-trial` run. */
  recordTrial(finished: FinishedTrial): void;
  /** Ends the `tune` run with the best objective and the trials table, and closes the store. */
  finish(status: EndStatus, best: BestTrial | undefined, trialCount: number): void;
  /** Ends the `tune` run as failed, and closes the store. */
  fail(error: unknown): void;
}

/** The `tune` run to start. */
export interface StudyRunDescription {
  /** Run name, e.g. `bayesian:local`. */
  name: string;
  /** Run parameters. */
  params: Record<string, unknown>;
  /** Resources recorded at once (e.g. the study folder). */
  resources?: RunResource[];
}

const _TRIAL_RUN_STATUS: Record<TrialStatus, EndStatus> = {
  Completed: "completed",
  Failed: "failed",
  Stopped: "stopped",
};

/**
 * Opens the study's record: starts its `tune` run when the definition names a store.
 * @param definition the study (store path, run id, output folder)
 * @param run the run's name, parameters and first resources; null records nothing (a dry run)
 * @returns the record (inert without a store)
 */
export async function openStudyRecord(
  definition: StudyDefinition,
  run: StudyRunDescription | null,
): Promise<StudyRecord> {
  if (!definition.storePath || !run) {
    return { addResource() {}, recordTrial() {}, finish() {}, fail() {} };
  }
  const store = await ExperimentStore.open(definition.storePath);
  const { outDir, runId } = definition;
  const recordId = store.startRun({ kind: "tune", runId, name: run.name, params: run.params });
  for (const resource of run.resources ?? []) store.addResource(recordId, resource);
  return {
    addResource(resource) {
      store.addResource(recordId, resource);
    },
    recordTrial({ record, hyperparameters, logPath }) {
      const trialRecordId = store.startRun({
        kind: "tune-trial",
        runId,
        name: `trial-${record.trial}`,
        params: hyperparameters,
      });
      store.finishRun(trialRecordId, {
        status: _TRIAL_RUN_STATUS[record.status],
        metrics: { objective: record.objective, intermediate: record.intermediate ?? [] },
        artifacts: { log: logPath },
        error: record.error ?? null,
      });
    },
    finish(status, best, trialCount) {
      store.finishRun(recordId, {
        status,
        metrics: { best_objective: best?.objective ?? null, trials: trialCount },
        artifacts: { out: outDir, trials: `${outDir}/trials.jsonl`, best: `${outDir}/best.json` },
      });
      store.close();
    },
    fail(error) {
      store.finishRun(recordId, { status: "failed", error: (error as Error).message });
      store.close();
    },
  };
}
