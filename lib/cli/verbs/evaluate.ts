/**
 * `ade evaluate`: metrics of a saved model on labelled rows, with bootstrap intervals; writes
 * `metrics.json` and `<out>.predictions.jsonl`, prints `f1: <value>`.
 */
import { evaluateModelFile, formatF1Line } from "../../evaluate/mod.ts";
import { defaultStorePath } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  requireString,
  STORE_FLAG,
} from "../args.ts";

/** One-line summary for help. */
export const summary = "evaluate a saved model on labelled rows (metrics.json with F1 intervals)";

const FLAGS: Record<string, FlagSpec> = {
  model: { type: "string", description: "saved model folder" },
  test: {
    type: "string",
    description: "labelled rows (JSONL in our schema, or CSV/JSONL with text, label)",
  },
  out: { type: "string", description: "metrics.json path (predictions go next to it)" },
  name: { type: "string", description: "name of the store record (default evaluate)" },
  seed: { type: "string", description: "bootstrap seed (default 42)" },
  resamples: { type: "string", description: "bootstrap resamples (default 1000)" },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID)" },
  ...HELP_FLAG,
};

/**
 * Runs `ade evaluate`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags
 * @throws {DataError} bad test file or model
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("evaluate", args, FLAGS);
  if (flags.help) {
    console.log(
      `usage: deno task ade evaluate --model DIR --test FILE --out metrics.json\n${
        flagHelp(FLAGS)
      }`,
    );
    return 0;
  }
  const outcome = await evaluateModelFile({
    modelDir: requireString("evaluate", flags, "model"),
    testPath: requireString("evaluate", flags, "test"),
    metricsPath: requireString("evaluate", flags, "out"),
    name: optionalString(flags, "name"),
    seed: numberFlag("evaluate", flags, "seed", 42, true),
    resamples: numberFlag("evaluate", flags, "resamples", 1000, true),
    storePath: optionalString(flags, "store", defaultStorePath()),
    runId: optionalString(flags, "run-id", Deno.env.get("ADE_RUN_ID")),
  });
  const report = outcome.metrics;
  console.log(formatF1Line(report.f1));
  console.error(
    `n ${report.n}: f1 ${report.f1.toFixed(4)} (95% CI ${report.f1_ci.low.toFixed(4)}–${
      report.f1_ci.high.toFixed(4)
    }${
      report.f1_ci_pmid
        ? `; by PubMed id ${report.f1_ci_pmid.low.toFixed(4)}–${report.f1_ci_pmid.high.toFixed(4)}`
        : ""
    }), precision ${report.precision.toFixed(4)}, recall ${report.recall.toFixed(4)}\n` +
      `wrote ${outcome.metricsPath} and ${outcome.predictionsPath}`,
  );
  return 0;
}
