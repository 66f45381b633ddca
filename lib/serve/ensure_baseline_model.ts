/** Finds the baseline model a notebook serves, training it (and the split) only when it is missing. */
import { exists, readJsonl } from "../core/mod.ts";
import { defaultCorpusSource, prepareDataset, type Row } from "../data/mod.ts";
import { trainAndEvaluate } from "../evaluate/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";

/** Options of {@link ensureBaselineModel}. */
export interface EnsureBaselineOptions {
  /** Folder of the models; the baseline is `<modelsDir>/baseline/model` (as notebook 02 writes it). */
  modelsDir: string;
  /** Folder of the split (`train.jsonl`, `test.jsonl`, `manifest.json`); prepared (grouped) if missing. */
  dataDir: string;
  /** Experiment store for the runs created here. */
  storePath?: string;
  /** Seed for the split and the fit (default 42). */
  seed?: number;
}

/** Where the baseline model is and whether it had to be made now. */
export interface BaselineModel {
  /** The model folder to serve. */
  modelDir: string;
  /** True when it was trained by this call. */
  trained: boolean;
  /** True when the split was prepared by this call. */
  preparedSplit: boolean;
}

/**
 * Returns `<modelsDir>/baseline/model` when it exists; otherwise prepares the grouped split (when
 * `dataDir` has none) and trains the baseline with the default hyperparameters (`trainAndEvaluate`, name
 * `baseline`), which takes a minute or two.
 * @param options folders, store, seed
 * @returns the model folder and what was created
 * @throws {DataError} when the corpus cannot be read
 * @example
 * ```ts
 * const { modelDir } = await ensureBaselineModel({ modelsDir: "../runs/nb/models", dataDir: "../runs/nb/data" });
 * ```
 */
export async function ensureBaselineModel(options: EnsureBaselineOptions): Promise<BaselineModel> {
  const outDir = `${options.modelsDir}/baseline`;
  const modelDir = `${outDir}/model`;
  if (await exists(modelDir)) return { modelDir, trained: false, preparedSplit: false };
  const seed = options.seed ?? 42;
  let preparedSplit = false;
  if (!(await exists(`${options.dataDir}/manifest.json`))) {
    await prepareDataset({
      source: defaultCorpusSource(),
      split: "grouped",
      seed,
      testSize: 0.2,
      out: options.dataDir,
      storePath: options.storePath,
      quiet: true,
    });
    preparedSplit = true;
  }
  const trainRows = await readJsonl<Row>(`${options.dataDir}/train.jsonl`);
  const testRows = await readJsonl<Row>(`${options.dataDir}/test.jsonl`);
  const outcome = await trainAndEvaluate({
    name: "baseline",
    trainRows,
    testRows,
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
    seed,
    outDir,
    storePath: options.storePath,
  });
  return { modelDir: outcome.modelDir, trained: true, preparedSplit };
}
