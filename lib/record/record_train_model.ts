/** `trainModel` as a recorded `train` run. */
import {
  type TrainingSetup,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from "../evaluate/mod.ts";
import { manifestHashNextTo, type Recorded, type Recording } from "../track/mod.ts";
import { _recordStage } from "./_record_stage.ts";

/** Options of {@link recordTrainModel}: those of `trainModel`, and the record's name. */
export interface RecordTrainModelOptions extends TrainModelOptions {
  /** Store record name (default `train`). */
  name?: string;
}

/**
 * Trains (see `trainModel`) as a run of kind `train`: the hyperparameters, seed, target recall and data
 * files as params, the row counts, validation metrics and F1 history as metrics, the model folder as
 * artifact, and the manifest hash when `manifest.json` sits next to the first training file.
 * @param setup from `resolveTrainingSetup`
 * @param options what `trainModel` takes, and the record's name
 * @param recording the store and study run
 * @returns what `trainModel` returns, and the record id
 * @throws what `trainModel` throws (after recording the failure)
 * @example Train on the fixture's sentences (no validation file: no validation metrics)
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveTrainingSetup } from "../evaluate/mod.ts";
 * import { ExperimentStore } from "../track/mod.ts";
 * const dir = await Deno.makeTempDir();
 * const setup = await resolveTrainingSetup({
 *   train: "tests/fixtures/data/ae_mentions.jsonl",
 *   modelDir: `${dir}/model`,
 *   hyperparameters: ["min_df=1", "threshold_folds=0"],
 *   env: {},
 * });
 * const trained = await recordTrainModel(setup, {}, { storePath: `${dir}/ade.sqlite` });
 * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
 * assert.deepEqual(store.getRun(trained.recordId)?.artifacts, { model_dir: `${dir}/model` });
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordTrainModel(
  setup: TrainingSetup,
  options: RecordTrainModelOptions,
  recording: Recording,
): Promise<Recorded<TrainModelResult>> {
  const { name, ...trainOptions } = options;
  return await _recordStage(
    recording,
    {
      kind: "train",
      name: name ?? "train",
      manifestHash: await manifestHashNextTo(setup.trainFiles[0]),
      params: {
        hyperparameters: setup.hyperparameters,
        seed: setup.seed,
        ...(setup.targetRecall !== undefined ? { target_recall: setup.targetRecall } : {}),
        train: setup.trainFiles,
        validation: setup.validationFiles,
      },
    },
    () => trainModel(setup, trainOptions),
    (outcome) => ({
      metrics: {
        train_rows: outcome.trainRows,
        train_positive: outcome.trainPositive,
        validation_rows: outcome.validationRows,
        ...(outcome.validation ? { ...outcome.validation } : {}),
        f1_history: outcome.f1History,
      },
      artifacts: { model_dir: setup.modelDir },
    }),
  );
}
