/** `ade predict`: score sentences with a saved model; writes `{id, label, score}` JSONL in input order. */
import { predictFile } from "../../evaluate/mod.ts";
import { defaultStorePath, recordRun } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  optionalString,
  parseFlags,
  requireString,
  STORE_FLAG,
} from "../args.ts";

/** One-line summary for help. */
export const summary = "score sentences with a saved model ({id, label, score} JSONL)";

const FLAGS: Record<string, FlagSpec> = {
  model: { type: "string", description: "saved model folder" },
  in: {
    type: "string",
    description: 'input: JSONL rows with text (our schema or bare {"text"}) or CSV',
  },
  out: { type: "string", description: "output JSONL ({id, label, score} per input row)" },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID)" },
  ...HELP_FLAG,
};

/**
 * Runs `ade predict`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags
 * @throws {DataError} bad input file or model
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("predict", args, FLAGS);
  if (flags.help) {
    console.log(
      `usage: deno task ade predict --model DIR --in FILE --out FILE\n${flagHelp(FLAGS)}`,
    );
    return 0;
  }
  const modelDir = requireString("predict", flags, "model");
  const inputPath = requireString("predict", flags, "in");
  const outputPath = requireString("predict", flags, "out");
  const summaryOfRun = await recordRun(
    optionalString(flags, "store", defaultStorePath())!,
    {
      kind: "predict",
      runId: optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")),
      params: { model_dir: modelDir, in: inputPath },
    },
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
}
