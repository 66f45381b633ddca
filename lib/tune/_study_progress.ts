/** The study's progress line on stderr: trials done, and the best objective so far. */
import { createProgress, type Progress } from "../core/mod.ts";
import { type BestTrial, bestTrial, type TrialRecord } from "./trials.ts";

/** A study's progress display. */
export interface StudyProgress {
  /** Shows where a (resumed) study starts. */
  start(trials: readonly TrialRecord[]): void;
  /** One more trial done. */
  trialDone(trials: readonly TrialRecord[]): void;
  /** The service reported `trials` with its `status`. */
  synced(trials: readonly TrialRecord[], status: string): void;
  /** The last line: interrupted or the service's final status, and the best trial. */
  finish(trials: readonly TrialRecord[], end: { interrupted: boolean; status?: string }): void;
}

/**
 * Creates the progress display of a study.
 * @param label e.g. `tune` or `tune:sagemaker`
 * @param total trials planned
 * @param quiet print nothing
 * @returns the display
 */
export function createStudyProgress(label: string, total: number, quiet = false): StudyProgress {
  let progress: Progress | undefined;
  const display = () => progress ??= createProgress(label, total, { silent: quiet });
  return {
    start(trials) {
      display().update(trials.length, _bestNote(bestTrial(trials)));
    },
    trialDone(trials) {
      display().tick(1, _bestNote(bestTrial(trials)));
    },
    synced(trials, status) {
      const best = bestTrial(trials);
      display().update(trials.length, `${status}${best ? ` · ${_bestNote(best)}` : ""}`);
    },
    finish(trials, end) {
      if (!progress) return;
      const best = bestTrial(trials);
      progress.finish(
        end.status === undefined
          ? `${end.interrupted ? "interrupted · " : ""}${_bestNote(best)}`
          : `${end.status}${best ? ` · best ${best.objective.toFixed(4)}` : ""}`,
      );
    },
  };
}

function _bestNote(best: BestTrial | undefined): string {
  return best ? `best ${best.objective.toFixed(4)} (trial ${best.trial})` : "no result yet";
}
