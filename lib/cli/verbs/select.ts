/** `ade select`: pick the unlabelled texts of a pool whose labels would help `adapt` most. */
import { selectFile } from "../../adapt/mod.ts";
import { recordRun } from "../../track/mod.ts";
import { defineVerb } from "../define_verb.ts";
import { RECORDING_FLAGS, runIdFrom, seedFlag, seedFrom, storePathFrom } from "../flag_sets.ts";

const verb = defineVerb({
  name: "select",
  summary:
    "pick pool texts to label for adapt (score-stratified, word coverage; JSONL + CSV with a label column)",
  usage: "--model DIR --pool FILE --n N --out FILE [--seed N]",
  flags: {
    model: { type: "string", description: "saved model folder" },
    pool: {
      type: "string",
      description:
        "unlabelled texts of your source: JSONL or CSV with text (id and other fields kept)",
    },
    n: { type: "string", description: "how many texts to pick" },
    out: {
      type: "string",
      description:
        "output: OUT.jsonl (the pool's fields) and OUT.csv (an empty label column to fill)",
    },
    ...seedFlag("order of the strata and ties"),
    ...RECORDING_FLAGS,
  },
  async run(flags) {
    const modelDir = flags.required("model");
    const poolPath = flags.required("pool");
    const n = flags.integer("n");
    if (n === undefined) throw flags.error("--n is required");
    const outPath = flags.required("out");
    const seed = seedFrom(flags);
    const result = await recordRun(
      storePathFrom(flags),
      {
        kind: "select",
        runId: runIdFrom(flags),
        params: { model_dir: modelDir, pool: poolPath, n, seed },
      },
      async () => {
        const summary = await selectFile({ modelDir, poolPath, n, outPath, seed });
        return {
          value: summary,
          metrics: {
            pool_rows: summary.poolRows,
            picked: summary.picked,
            picked_from_strata: summary.pickedFromStrata,
            predicted_positive: summary.predictedPositive,
          },
          artifacts: { jsonl: summary.jsonlPath, csv: summary.csvPath, model_dir: modelDir },
        };
      },
    );
    console.error(
      `picked ${result.picked} of ${result.poolRows} pool texts (${result.pickedFromStrata} one per ` +
        `stratum of the score order, covering words new to the model; ` +
        `${result.pickedAsLikelyPositive} from its top as likely adverse events; no near-duplicates; ` +
        `${result.predictedPositive} predicted ` +
        `Adverse_Event); wrote ${result.jsonlPath} and ${result.csvPath}\n` +
        `next: fill in the label column (Adverse_Event or Not_AE), then ` +
        `deno task ade adapt --model ${modelDir} --labelled ${result.csvPath} --out DIR`,
    );
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs `ade select`.
 * @param args arguments after the verb
 * @returns exit code
 * @throws {UsageError} bad flags, an empty pool, `--n` out of range
 * @throws {DataError} a bad pool file or model
 */
export const run = verb.run;
