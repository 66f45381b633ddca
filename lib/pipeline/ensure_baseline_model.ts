/** Finds the baseline model a notebook serves, training it (and the split) only when it is missing. */
import { exists } from "../core/mod.ts";
import { readRows } from "../data/mod.ts";
import { trainAndEvaluate, type TrainAndEvaluateOptions } from "../evaluate/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../models/mod.ts";
import { manifestHashOf } from "../track/mod.ts";
import { ensureSplit } from "./ensure_split.ts";
import { recordTrainAndEvaluate } from "../record/mod.ts";

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
 * `dataDir` has none, see {@link ensureSplit}) and trains the baseline with the default hyperparameters
 * (`trainAndEvaluate`, name `baseline`, recorded as an `evaluate` run when a store is given), which
 * takes a minute or two.
 * @param options folders, store, seed
 * @returns the model folder and what was created
 * @throws {DataError} when the corpus cannot be read
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareDataset } from "../data/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const source = "tests/fixtures/lay_language/lay_language.jsonl";
 * await prepareDataset({ source, split: "dedup", seed: 42, testSize: 0.2, out: `${dir}/data`, quiet: true });
 * const first = await ensureBaselineModel({ modelsDir: `${dir}/models`, dataDir: `${dir}/data` });
 * const again = await ensureBaselineModel({ modelsDir: `${dir}/models`, dataDir: `${dir}/data` });
 * assert.deepEqual([first.trained, again.trained, again.modelDir], [true, false, first.modelDir]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ensureBaselineModel(options: EnsureBaselineOptions): Promise<BaselineModel> {
  const outDir = `${options.modelsDir}/baseline`;
  const modelDir = `${outDir}/model`;
  if (await exists(modelDir)) return { modelDir, trained: false, preparedSplit: false };
  const seed = options.seed ?? 42;
  const split = await ensureSplit({ dataDir: options.dataDir, seed, storePath: options.storePath });
  const evaluation: TrainAndEvaluateOptions = {
    name: "baseline",
    trainRows: await readRows(split.trainPath),
    testRows: await readRows(split.testPath),
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
    seed,
    outDir,
  };
  const outcome = options.storePath
    ? await recordTrainAndEvaluate(
      { ...evaluation, manifestHash: await manifestHashOf(split.manifestPath) },
      { storePath: options.storePath },
    )
    : await trainAndEvaluate(evaluation);
  return { modelDir: outcome.modelDir, trained: true, preparedSplit: split.prepared };
}
