/** Where a study run writes: its id, its folder and its experiment store, the same for every way to run it. */
import { resolve } from "node:path";
import { defaultCorpusSource, type PreparedDataset } from "../data/mod.ts";
import { recordPrepareDataset } from "../record/mod.ts";
import { defaultStorePath, newRunId, recordRun, type RunOutcome } from "../track/mod.ts";
import type { PipelineConfig } from "./config.ts";
import type { StageLog } from "./_stages.ts";

/** The run's id, folder, store and log. */
export interface RunFolder {
  /** Study run id (tags, S3 prefix, store). */
  runId: string;
  /** `runs/<run-id>/`, or the given folder (absolute). */
  runDir: string;
  /** `runs/ade.sqlite`, or `<folder>/ade.sqlite` when a folder is given (absolute). */
  storePath: string;
  /** Where stage lines go (default stderr). */
  log: StageLog;
}

/**
 * Resolves a run's id, folder and store: with `outDir`, everything (the store included) goes under it.
 * @param options the run id, output folder and log given, if any
 * @returns the run folder
 */
export function runFolder(
  options: { runId?: string; outDir?: string; log?: StageLog },
): RunFolder {
  const runId = options.runId ?? newRunId("study");
  const runDir = resolve(options.outDir ?? `runs/${runId}`);
  return {
    runId,
    runDir,
    storePath: resolve(options.outDir ? `${runDir}/ade.sqlite` : defaultStorePath()),
    log: options.log ?? ((line: string) => console.error(line)),
  };
}

/**
 * Prepares the configured split into `<run folder>/data/` (recorded in the run's store).
 * @param config the pipeline configuration (data source, split, test share, seed)
 * @param folder the run folder
 * @param quiet hide the progress output
 * @returns the prepared dataset
 */
export function prepareRunSplit(
  config: PipelineConfig,
  folder: RunFolder,
  quiet?: boolean,
): Promise<PreparedDataset> {
  return recordPrepareDataset({
    source: config.data.source ?? defaultCorpusSource(),
    split: config.data.split,
    seed: config.seed,
    testSize: config.data.test_size,
    out: `${folder.runDir}/data`,
    quiet,
  }, { storePath: folder.storePath, runId: folder.runId });
}

/**
 * Runs a whole study (or its plan) as the run's `pipeline` record in the run's store.
 * @param folder the run folder (store and run id)
 * @param name the record's name (`study`, `sagemaker-study`, `sagemaker-plan`)
 * @param params the configuration and how it ran
 * @param work the study
 * @returns what `work` returns
 */
export function recordPipelineRun<T>(
  folder: RunFolder,
  name: string,
  params: Record<string, unknown>,
  work: () => Promise<RunOutcome<T>>,
): Promise<T> {
  return recordRun(folder.storePath, { kind: "pipeline", runId: folder.runId, name, params }, work);
}
