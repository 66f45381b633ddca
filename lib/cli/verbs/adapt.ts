/**
 * `ade adapt`: fit a model to a labelled sample of your own source (threshold, retrain, or whichever
 * cross-validates better) and save it as a normal model folder.
 */
import { ADAPT_STRATEGIES, adaptModel, describeEstimate } from "../../adapt/mod.ts";
import { createProgress } from "../../core/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, runIdFrom, seedFlag, seedFrom, storePathFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "adapt",
  summary: "adapt a model to a labelled sample of your own source (a new model folder)",
  usage: [
    "--model DIR --labelled FILE --out DIR [--strategy auto|threshold|retrain]",
    " [--target-recall R] [--seed N] [--train FILE]",
  ],
  flags: {
    model: { type: "string", description: "saved model folder to adapt" },
    labelled: {
      type: "string",
      description: "your labelled sample: CSV or JSONL with text and label, at least 50 rows",
    },
    out: { type: "string", description: "folder for the adapted model (a new folder)" },
    strategy: {
      type: "string",
      description:
        "threshold (re-fit calibration and threshold), retrain (original rows + sample), " +
        "or auto: the better on cross-validation (default auto)",
    },
    "target-recall": {
      type: "string",
      description: "choose the threshold that reaches this recall (0–1) instead of the best F1",
    },
    train: {
      type: "string",
      description: "the model's training rows, for retrain (checked against the model's hash)",
    },
    ...seedFlag("the folds, the solver and the bootstrap"),
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const modelDir = flags.required("model");
    const labelledPath = flags.required("labelled");
    const outDir = flags.required("out");
    const strategy = flags.choice("strategy", ADAPT_STRATEGIES, "auto");
    const targetRecall = flags.number("target-recall");
    const trainPath = flags.string("train");
    const seed = seedFrom(flags);
    const progress = createProgress("adapt", 0);
    const result = await recordRun(
      storePathFrom(flags),
      {
        kind: "adapt",
        runId: runIdFrom(flags),
        params: {
          model_dir: modelDir,
          labelled: labelledPath,
          strategy,
          target_recall: targetRecall ?? null,
          seed,
        },
      },
      async () => {
        const outcome = await adaptModel({
          modelDir,
          labelledPath,
          outDir,
          strategy,
          targetRecall,
          seed,
          trainPath,
          onProgress: (stage, done, total) => progress.update(done, `${stage} ${done}/${total}`),
        });
        const { estimate } = outcome.adaptation;
        return {
          value: outcome,
          metrics: {
            sample_rows: outcome.adaptation.sample.rows,
            sample_positives: outcome.adaptation.sample.positives,
            cv_f1: estimate.f1,
            cv_f1_low: estimate.f1_ci.low,
            cv_f1_high: estimate.f1_ci.high,
            cv_precision: estimate.precision,
            cv_recall: estimate.recall,
          },
          artifacts: { model_dir: outDir, base_model_dir: modelDir },
        };
      },
    );
    progress.finish();
    const { adaptation } = result;
    const { estimate } = adaptation;
    for (const note of result.notes) console.error(`note: ${note}`);
    console.error(
      `adapted with ${adaptation.strategy} (${adaptation.reason}) on ${adaptation.sample.rows} rows ` +
        `(${adaptation.sample.positives} Adverse_Event)\n` +
        `cross-validated on the sample: ${describeEstimate(estimate)}; threshold ` +
        `${result.model.threshold.toFixed(4)}` +
        (adaptation.target_recall === null
          ? ""
          : ` (reaches recall ${
            adaptation.sample_recall.toFixed(3)
          } ≥ ${adaptation.target_recall} ` +
            "on the sample's cross-validated scores)") +
        `\nwrote ${outDir}`,
    );
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs `ade adapt`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags
 * @throws {DataError} a bad sample or training file (file, line and field named)
 */
export const run = verb.run;
