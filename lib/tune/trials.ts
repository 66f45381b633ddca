/**
 * The trials table shared by the local and SageMaker backends: `OUT/trials.jsonl` (one record per trial) and
 * `OUT/best.json`. Statuses use SageMaker's names.
 */
import { exists, readJsonl, writeJsonAtomic, writeJsonl } from "../core/mod.ts";
import type { TrialParams } from "./space.ts";

/** The `error` of a trial stopped because the study was interrupted: a resumed study runs it again. */
export const INTERRUPTED = "interrupted";

/** How a trial ended (SageMaker's training-job status names). */
export type TrialStatus = "Completed" | "Failed" | "Stopped";

/** One row of `trials.jsonl`. */
export interface TrialRecord {
  /** Trial number, from 1. */
  trial: number;
  /** The searched hyperparameters of this trial (static ones are not repeated). */
  params: TrialParams;
  /** How it ended. */
  status: TrialStatus;
  /** Final objective (last metric match), or null when none was logged. */
  objective: number | null;
  /** Wall-clock seconds. */
  seconds: number;
  /** Intermediate objective values (every match before the last). */
  intermediate?: number[];
  /** 1-based line of `trials/<n>/log.txt` holding the final objective. */
  objective_line?: number;
  /** Tail of the log or the failure reason, for failed and stopped trials. */
  error?: string;
  /** Where the trial came from when it is not a fresh one (e.g. `warm-start`). */
  origin?: string;
  /** SageMaker training job name (SageMaker backend). */
  training_job?: string;
}

/** `best.json`. */
export interface BestTrial {
  /** Trial number. */
  trial: number;
  /** Its hyperparameters. */
  params: TrialParams;
  /** Its objective. */
  objective: number;
}

/**
 * The completed trial with the highest objective (ties: the earlier trial), or undefined.
 * @param trials trial records
 * @returns the best trial, or undefined when none completed
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const best = bestTrial([
 *   { trial: 1, params: {}, status: "Completed", objective: 0.5, seconds: 1 },
 *   { trial: 2, params: {}, status: "Completed", objective: 0.7, seconds: 1 },
 * ]);
 * assert.equal(best?.trial, 2);
 * ```
 */
export function bestTrial(trials: readonly TrialRecord[]): BestTrial | undefined {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.status !== "Completed" || t.objective === null) continue;
    if (
      !best || t.objective > best.objective! ||
      (t.objective === best.objective && t.trial < best.trial)
    ) {
      best = t;
    }
  }
  return best ? { trial: best.trial, params: best.params, objective: best.objective! } : undefined;
}

/**
 * Reads `trials.jsonl` (empty list when the file does not exist).
 * @param path the file
 * @returns the records in file order
 * @throws {DataError} a malformed line (file and line named)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(await readTrials("runs/no-such-study/trials.jsonl"), []); // no study yet
 * ```
 */
export async function readTrials(path: string): Promise<TrialRecord[]> {
  if (!(await exists(path))) return [];
  return await readJsonl<TrialRecord>(path);
}

/**
 * Writes `OUT/trials.jsonl` (sorted by trial) and `OUT/best.json` (`null` while no trial has completed),
 * each atomically.
 * @param outDir the tuning folder
 * @param trials all trial records
 * @returns the best trial, if any
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const outDir = await Deno.makeTempDir();
 * const trials = [{ trial: 1, params: { C: 1 }, status: "Completed" as const, objective: 0.7, seconds: 2 }];
 * await writeTrialsTable(outDir, trials);
 * assert.deepEqual(await readTrials(`${outDir}/trials.jsonl`), trials);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function writeTrialsTable(
  outDir: string,
  trials: readonly TrialRecord[],
): Promise<BestTrial | undefined> {
  const sorted = [...trials].sort((a, b) => a.trial - b.trial);
  await writeJsonl(`${outDir}/trials.jsonl`, sorted);
  const best = bestTrial(sorted);
  await writeJsonAtomic(`${outDir}/best.json`, best ?? null);
  return best;
}
