/** `trainModel` as a recorded `train` run. */
import {
  type TrainingSetup,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from "../evaluate/mod.ts";
import { manifestHashNextTo, type Recorded, type Recording, recordRun } from "../track/mod.ts";

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
 * @example
 * ```ts ignore
 * const setup = await resolveTrainingSetup({ train: "runs/data/train.jsonl", modelDir: "runs/model" });
 * await recordTrainModel(setup, {}, { storePath: "runs/ade.sqlite" });
 * ```
 */
export async function recordTrainModel(
  setup: TrainingSetup,
  options: RecordTrainModelOptions,
  recording: Recording,
): Promise<Recorded<TrainModelResult>> {
  const { name, ...trainOptions } = options;
  return await recordRun(recording.storePath, {
    kind: "train",
    name: name ?? "train",
    runId: recording.runId,
    manifestHash: await manifestHashNextTo(setup.trainFiles[0]),
    params: {
      hyperparameters: setup.hyperparameters,
      seed: setup.seed,
      ...(setup.targetRecall !== undefined ? { target_recall: setup.targetRecall } : {}),
      train: setup.trainFiles,
      validation: setup.validationFiles,
    },
  }, async ({ recordId }) => {
    const outcome = { ...await trainModel(setup, trainOptions), recordId };
    return {
      value: outcome,
      metrics: {
        train_rows: outcome.trainRows,
        train_positive: outcome.trainPositive,
        validation_rows: outcome.validationRows,
        ...(outcome.validation ? { ...outcome.validation } : {}),
        f1_history: outcome.f1History,
      },
      artifacts: { model_dir: setup.modelDir },
    };
  });
}
