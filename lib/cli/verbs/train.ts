/**
 * `ade train`: fit the local classifier. Progress on stderr; with validation data, one `f1: <value>` line
 * per evaluation on stdout (SageMaker's metric regex `f1: ([0-9.]+).*$`), the final model's last.
 * Honours the SageMaker training-container contract (`SM_CHANNEL_TRAIN`, `SM_CHANNEL_TEST`, `SM_MODEL_DIR`,
 * `hyperparameters.json` in `SM_INPUT_CONFIG_DIR`).
 */
import { createProgress } from "../../core/mod.ts";
import { resolveTrainingSetup } from "../../evaluate/mod.ts";
import { recordTrainModel } from "../../record/mod.ts";
import { HYPERPARAMETER_NAMES } from "../../models/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, recordingFrom, seedFlag } from "../flag_sets.ts";

/** Share of the progress bar each fitting stage takes (rough: the folds refit the model k times). */
const STAGES_WITH_FOLDS: Record<string, [number, number]> = {
  read: [0, 0.05],
  features: [0.05, 0.15],
  folds: [0.15, 0.8],
  fit: [0.8, 1],
};
const STAGES_WITHOUT_FOLDS: Record<string, [number, number]> = {
  read: [0, 0.1],
  features: [0.1, 0.35],
  fit: [0.35, 1],
};

const verb = defineVerb({
  name: "train",
  summary: "train the local classifier (prints f1: lines on validation data)",
  usage:
    "--train FILE --model-dir DIR [--validation FILE] [--hp name=value ...] [--target-recall R]",
  flags: {
    train: {
      type: "string",
      description: "training rows, JSONL/CSV file or folder (default $SM_CHANNEL_TRAIN)",
    },
    "model-dir": { type: "string", description: "output model folder (default $SM_MODEL_DIR)" },
    validation: {
      type: "string",
      description:
        "validation rows: prints f1: lines (default $SM_CHANNEL_TEST when --train is absent)",
    },
    hp: {
      type: "string",
      multiple: true,
      description: `hyperparameter name=value, over hyperparameters.json (${
        HYPERPARAMETER_NAMES.join(", ")
      })`,
    },
    ...seedFlag("fitting"),
    "target-recall": {
      type: "string",
      description:
        "choose the threshold that reaches this recall (0-1] on out-of-fold scores (default: best F1)",
    },
    "checkpoint-every": {
      type: "string",
      description: "also evaluate every N solver passes (default 0: final model only)",
    },
    ...RECORDING_FLAGS,
    name: { type: "string", description: "name of the store record (default train)" },
  },
  async run(flags) {
    const setup = await resolveTrainingSetup({
      train: flags.string("train"),
      validation: flags.string("validation"),
      modelDir: flags.string("model-dir"),
      hyperparameters: flags.list("hp"),
      seed: flags.integer("seed"),
      targetRecall: flags.number("target-recall"),
    });
    const progress = createProgress("train", 100);
    const started = performance.now();
    const result = await recordTrainModel(setup, {
      name: flags.string("name"),
      checkpointEvery: flags.integer("checkpoint-every", 0),
      onProgress: (stage, fraction) => {
        const [start, end] =
          (setup.hyperparameters.threshold_folds >= 2 ? STAGES_WITH_FOLDS : STAGES_WITHOUT_FOLDS)[
            stage
          ] ?? [0, 1];
        progress.update(Math.round(100 * (start + (end - start) * fraction)), stage);
      },
      onMetricLine: (line) => console.log(line),
      onNote: (note) => console.error(`note: ${note}`),
    }, recordingFrom(flags));
    progress.finish(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    const hp = setup.hyperparameters;
    console.error(
      `trained ${hp.model} on ${result.trainRows} rows (${result.trainPositive} Adverse_Event), ` +
        `threshold ${result.model.threshold.toFixed(4)} (${result.model.summary.thresholdMethod})` +
        (result.validation
          ? `; validation ${result.validationRows} rows: f1 ${result.validation.f1.toFixed(4)}, ` +
            `precision ${result.validation.precision.toFixed(4)}, recall ${
              result.validation.recall.toFixed(4)
            }`
          : "") +
        `\nmodel saved to ${setup.modelDir}`,
    );
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs `ade train`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags or hyperparameters
 * @throws {DataError} bad training or validation data
 */
export const run = verb.run;
