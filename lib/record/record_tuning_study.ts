/** `runTuningStudy` as a recorded `tune` run, with one `tune-trial` run per trial the study runs itself. */
import { resolve } from "node:path";
import { ExperimentStore, newRunId, type Recording, type RunStatus } from "../track/mod.ts";
import {
  runTuningStudy,
  type TrialStatus,
  type TuningStudyHooks,
  type TuningStudyOptions,
  type TuningStudyResult,
} from "../tune/mod.ts";

/** What {@link recordTuningStudy} returns: the study's result and the `tune` run's record id. */
export type RecordedTuningStudy = TuningStudyResult & {
  /** Record id of the `tune` run; null when nothing was recorded (a dry run). */
  recordId: string | null;
};

const _TRIAL_RUN_STATUS: Record<TrialStatus, Exclude<RunStatus, "running">> = {
  Completed: "completed",
  Failed: "failed",
  Stopped: "stopped",
};

/**
 * Runs a tuning study (see `runTuningStudy`) as a run of kind `tune` named by the executor (e.g.
 * `bayesian:local`), written as the study goes, so that a study killed half-way keeps what it did: the
 * resources it creates (the study folder, an S3 prefix, the tuning job) the moment they exist, one
 * `tune-trial` run (`trial-<n>`: hyperparameters, objective and intermediate values, log) the moment each
 * trial the study runs itself ends, and the `tune` run completed, stopped or failed at the end with the
 * best objective, the trial count and the study's files. The local default trial command records its own
 * `train` run (`tune-trial-<n>`) under the same study run id. A dry run records nothing.
 * @param options what `runTuningStudy` takes (its hooks and trial arguments are this function's)
 * @param recording the store and study run (the study's run id: `options.runId`, else `recording.runId`,
 *   else a new `tune-…` id)
 * @returns the study's result, and the `tune` run's record id
 * @throws what `runTuningStudy` throws (after recording the failure once the study started)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../track/mod.ts";
 * import { createLocalExecutor, localSpace } from "../tune/mod.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const result = await recordTuningStudy({
 *   trainPath: "tests/fixtures/data/ae_mentions.jsonl",
 *   outDir: `${dir}/tune`,
 *   space: localSpace(),
 *   maxTrials: 2,
 *   quiet: true,
 *   // Each trial prints its objective (`ade train` by default; here a constant).
 *   executor: createLocalExecutor({ trialCommand: () => ({ command: "echo", args: ["f1: 0.5"] }) }),
 * }, { storePath: `${dir}/ade.sqlite`, runId: "demo" });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * assert.equal(store.getRun(result.recordId!)?.metrics.best_objective, 0.5);
 * assert.equal(store.listRuns({ runId: "demo", kind: "tune-trial" }).length, 2);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordTuningStudy(
  options: Omit<TuningStudyOptions, "hooks" | "trialArgs">,
  recording: Recording,
): Promise<RecordedTuningStudy> {
  const runId = options.runId ?? recording.runId ?? newRunId("tune");
  const storePath = resolve(recording.storePath);
  const tracker = _storeTracker(recording.storePath, runId);
  const result = await runTuningStudy({
    ...options,
    runId,
    hooks: tracker.hooks,
    trialArgs: (trial) => [
      "--store",
      storePath,
      "--name",
      `tune-trial-${trial}`,
      "--run-id",
      runId,
    ],
  });
  return { ...result, recordId: tracker.recordId() };
}

/** The hooks that write the study to the store (opened when the study starts, closed when it ends). */
function _storeTracker(
  storePath: string,
  runId: string,
): { hooks: TuningStudyHooks; recordId: () => string | null } {
  let store: ExperimentStore | undefined;
  let recordId: string | null = null;
  let outDir = "";
  const end = (finish: Parameters<ExperimentStore["finishRun"]>[1]) => {
    if (!store || !recordId) return;
    const open = store;
    store = undefined;
    try {
      open.finishRun(recordId, finish);
    } finally {
      open.close();
    }
  };
  const hooks: TuningStudyHooks = {
    async started(start) {
      outDir = start.outDir;
      store = await ExperimentStore.open(storePath);
      const { name, params } = start;
      recordId = store.startRun({ kind: "tune", runId, name, params });
    },
    resourceCreated(resource) {
      if (store && recordId) store.addResource(recordId, resource);
    },
    trialFinished({ record, hyperparameters, logPath }) {
      if (!store) return;
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
    finished({ status, best, trials }) {
      end({
        status,
        metrics: { best_objective: best?.objective ?? null, trials: trials.length },
        artifacts: { out: outDir, trials: `${outDir}/trials.jsonl`, best: `${outDir}/best.json` },
      });
    },
    failed(error) {
      end({ status: "failed", error: (error as Error).message });
    },
  };
  return { hooks, recordId: () => recordId };
}
