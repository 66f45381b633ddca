/** The shape every recorded stage shares: one run started, the stage run, its outcome stored. */
import {
  type Recorded,
  type Recording,
  recordRun,
  type RunOutcome,
  type StartRunInput,
} from "../track/mod.ts";

/**
 * Runs `stage` as one run of the store (see `recordRun`): started with `start` under the recording's
 * study run, then completed with what `outcome` takes from the result, or failed with the error.
 * @param recording the store and study run
 * @param start the run's kind, name, params and manifest hash
 * @param stage the stage's work
 * @param outcome the metrics, artifacts (and late params or manifest hash) of the result
 * @returns the stage's result, and the record id
 */
export function _recordStage<T extends object>(
  recording: Recording,
  start: Omit<StartRunInput, "runId">,
  stage: () => Promise<T>,
  outcome: (value: Recorded<T>) => Omit<RunOutcome<Recorded<T>>, "value">,
): Promise<Recorded<T>> {
  return recordRun(recording.storePath, { ...start, runId: recording.runId }, async (context) => {
    const value: Recorded<T> = { ...await stage(), recordId: context.recordId };
    return { value, ...outcome(value) };
  });
}
