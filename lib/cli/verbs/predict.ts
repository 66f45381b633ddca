/** `ade predict`: score sentences with a saved model; writes `{id, label, score}` JSONL in input order. */
import { predictFile } from "../../evaluate/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, runIdFrom, storePathFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "predict",
  summary: "score sentences with a saved model ({id, label, score} JSONL)",
  usage: "--model DIR --in FILE --out FILE",
  flags: {
    model: { type: "string", description: "saved model folder" },
    in: {
      type: "string",
      description: 'input: JSONL rows with text (our schema or bare {"text"}) or CSV',
    },
    out: { type: "string", description: "output JSONL ({id, label, score} per input row)" },
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const modelDir = flags.required("model");
    const inputPath = flags.required("in");
    const outputPath = flags.required("out");
    const summaryOfRun = await recordRun(
      storePathFrom(flags),
      { kind: "predict", runId: runIdFrom(flags), params: { model_dir: modelDir, in: inputPath } },
      async () => {
        const result = await predictFile({ modelDir, inputPath, outputPath });
        return {
          value: result,
          metrics: { rows: result.rows, positives: result.positives, threshold: result.threshold },
          artifacts: { predictions: outputPath, model_dir: modelDir },
        };
      },
    );
    console.error(
      `scored ${summaryOfRun.rows} rows: ${summaryOfRun.positives} Adverse_Event ` +
        `(threshold ${summaryOfRun.threshold.toFixed(4)}); wrote ${outputPath}`,
    );
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
