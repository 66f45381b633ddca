/**
 * `ade predict`: score sentences with a saved model; writes `{id, label, score}` JSONL in input order, or
 * with `--text "..."` prints each sentence's label and score (no server, nothing written). With
 * `--backend sagemaker` a JSON Lines file in S3 is scored by a SageMaker Batch Transform job.
 */
import { createProgress } from "../../core/mod.ts";
import { predictFile, predictTexts } from "../../evaluate/mod.ts";
import { shiftWarningLine } from "../../shift/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, runIdFrom, storePathFrom } from "../flag_sets.ts";
import {
  PREDICT_SAGEMAKER_FLAG_NAMES,
  PREDICT_SAGEMAKER_FLAGS,
  runPredictOnSageMaker,
} from "./_predict_sagemaker.ts";

const verb = defineVerb({
  name: "predict",
  summary: "score sentences with a saved model ({id, label, score} JSONL, OUT.summary.json)",
  usage: [
    "--model DIR --in FILE --out FILE",
    '--model DIR --text "..." [--text "..."]',
    "--backend sagemaker --model NAME|S3_URI --in s3://… --out s3://… --role-arn ARN --bucket B",
    " --kms-key-id K [--instance-type T] [--dry-run --plan-out DIR]",
  ],
  flags: {
    backend: {
      type: "string",
      description: "local (default: this process) or sagemaker (a Batch Transform job over S3)",
    },
    model: {
      type: "string",
      description:
        "saved model folder; sagemaker: a SageMaker model name or a job's s3://…/model.tar.gz",
    },
    in: {
      type: "string",
      description:
        'input: JSONL rows with text (our schema or bare {"text"}) or CSV; sagemaker: s3://… JSON Lines',
    },
    out: {
      type: "string",
      description:
        "output JSONL ({id, label, score} per row), OUT.summary.json beside it; sagemaker: s3://… prefix",
    },
    text: {
      type: "string",
      multiple: true,
      description: "a sentence to score instead of --in/--out: prints label and score (repeatable)",
    },
    ...PREDICT_SAGEMAKER_FLAGS,
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    if (flags.choice("backend", ["local", "sagemaker"], "local") === "sagemaker") {
      flags.refuse(["text"], "is not for --backend sagemaker, which scores the --in file in S3");
      return await runPredictOnSageMaker(flags);
    }
    flags.refuse(PREDICT_SAGEMAKER_FLAG_NAMES, "needs --backend sagemaker");
    const modelDir = flags.required("model");
    if (flags.given("text")) {
      if (flags.given("in") || flags.given("out")) {
        throw flags.error("give either --text or --in/--out, not both");
      }
      const texts = flags.list("text");
      const scored = await recordRun(
        storePathFrom(flags),
        {
          kind: "predict",
          runId: runIdFrom(flags),
          params: { model_dir: modelDir, texts: texts.length },
        },
        async () => {
          const result = await predictTexts(modelDir, texts);
          return {
            value: result,
            metrics: {
              rows: texts.length,
              positives: result.predictions.filter((p) => p.label === "Adverse_Event").length,
              threshold: result.threshold,
            },
            artifacts: { model_dir: modelDir },
          };
        },
      );
      for (const [index, prediction] of scored.predictions.entries()) {
        console.log(
          `${texts.length > 1 ? `${index + 1}\t` : ""}${prediction.label}\tscore ${
            prediction.score.toFixed(4)
          }`,
        );
      }
      console.error(`threshold ${scored.threshold.toFixed(4)} (score >= threshold: Adverse_Event)`);
      return 0;
    }
    const inputPath = flags.required("in");
    const outputPath = flags.required("out");
    const summaryOfRun = await recordRun(
      storePathFrom(flags),
      { kind: "predict", runId: runIdFrom(flags), params: { model_dir: modelDir, in: inputPath } },
      async () => {
        const progress = createProgress("predict", 100);
        const result = await predictFile({
          modelDir,
          inputPath,
          outputPath,
          onProgress: (rows, fraction) =>
            progress.update(Math.round(100 * fraction), `${rows} rows`),
          onNote: (note) => console.error(`note: ${note}`),
        });
        progress.finish(`${result.rows} rows`);
        return {
          value: result,
          metrics: {
            rows: result.rows,
            positives: result.positives,
            threshold: result.threshold,
            shift_score: result.shift.score,
            shift_flagged: result.shift.flagged,
          },
          artifacts: { predictions: outputPath, summary: result.summaryPath, model_dir: modelDir },
        };
      },
    );
    console.error(
      `scored ${summaryOfRun.rows} rows: ${summaryOfRun.positives} Adverse_Event ` +
        `(threshold ${summaryOfRun.threshold.toFixed(4)}); wrote ${outputPath} and ` +
        summaryOfRun.summaryPath,
    );
    const { shift } = summaryOfRun;
    if (shift.flagged) console.error(shiftWarningLine(shift));
    else if (shift.threshold === null) console.error(`note: shift ${shift.reason}`);
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs `ade predict`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags
 * @throws {DataError} bad input file or model
 */
export const run = verb.run;
