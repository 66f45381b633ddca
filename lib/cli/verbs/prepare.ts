/** `ade prepare`: load ADE Corpus V2 (or a user file), validate, de-duplicate, split, write train/test/manifest. */
import { UsageError } from "../../core/errors.ts";
import { defaultCorpusSource, prepareDataset, type SplitKind } from "../../data/mod.ts";
import { defaultStorePath } from "../../track/mod.ts";
import {
  flagHelp,
  type FlagSpec,
  HELP_FLAG,
  numberFlag,
  optionalString,
  parseFlags,
  STORE_FLAG,
} from "../args.ts";

/** One-line summary for help. */
export const summary =
  "load, validate, de-duplicate and split the data (leak-free by default) into train/test/manifest";

const FLAGS: Record<string, FlagSpec> = {
  source: {
    type: "string",
    description:
      "corpus folder | hf | CSV/JSONL file (default $ADE_CORPUS_DIR or ../shared/data/ade_corpus_v2)",
  },
  split: {
    type: "string",
    description: "grouped (default, leak-free) | dedup | random (reference protocol, leaks)",
  },
  seed: { type: "string", description: "random seed (default 42)" },
  "test-size": { type: "string", description: "test share, between 0 and 1 (default 0.2)" },
  out: { type: "string", description: "output folder (default runs/data)" },
  "skip-invalid": {
    type: "boolean",
    description: "skip invalid rows and write them to OUT/rejects.jsonl",
  },
  "hub-url": {
    type: "string",
    description: "Hugging Face hub URL for --source hf (default $HF_ENDPOINT or huggingface.co)",
  },
  "cache-dir": {
    type: "string",
    description: "download cache for --source hf (default runs/cache/hf)",
  },
  ...STORE_FLAG,
  "run-id": { type: "string", description: "study run id (default $ADE_RUN_ID or a new id)" },
  quiet: { type: "boolean", description: "no progress lines" },
  ...HELP_FLAG,
};

const SPLITS: readonly SplitKind[] = ["grouped", "dedup", "random"];

/**
 * Runs the verb.
 * @param args flags after `prepare`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link DataError} invalid input
 */
export async function run(args: string[]): Promise<number> {
  const flags = parseFlags("prepare", args, FLAGS);
  if (flags.help) {
    console.log(
      `usage: deno task ade prepare [--source DIR|hf|FILE] [--split grouped|dedup|random] [--seed 42] [--test-size 0.2] [--out DIR]\n${
        flagHelp(FLAGS)
      }`,
    );
    return 0;
  }
  const split = optionalString(flags, "split", "grouped") as SplitKind;
  if (!SPLITS.includes(split)) {
    throw new UsageError(`--split must be one of ${SPLITS.join(", ")} (got "${split}")`);
  }
  const testSize = numberFlag("prepare", flags, "test-size", 0.2);
  if (!(testSize > 0 && testSize < 1)) {
    throw new UsageError(`--test-size must be between 0 and 1 (got ${testSize})`);
  }
  const result = await prepareDataset({
    source: optionalString(flags, "source") ?? defaultCorpusSource(),
    split,
    seed: numberFlag("prepare", flags, "seed", 42, true),
    testSize,
    out: optionalString(flags, "out", "runs/data")!,
    skipInvalid: flags["skip-invalid"] === true,
    hubUrl: optionalString(flags, "hub-url"),
    cacheDir: optionalString(flags, "cache-dir"),
    storePath: optionalString(flags, "store") ?? defaultStorePath(),
    runId: optionalString(flags, "run-id") ?? (Deno.env.get("ADE_RUN_ID") || undefined),
    quiet: flags.quiet === true,
  });
  const m = result.manifest;
  console.log(
    [
      `source ${m.source}: ${m.raw_rows} rows (${m.raw_positive} Adverse_Event, ${m.raw_negative} Not_AE), ` +
      `${m.unique_texts} unique texts, ${m.label_conflicts} label conflicts`,
      `split ${m.split} (seed ${m.seed}): train ${m.train_rows} (${m.train_positive} positive), ` +
      `test ${m.test_rows} (${m.test_positive} positive)`,
      `leakage: text_overlap ${m.text_overlap}, pmid_overlap ${m.pmid_overlap}, ` +
      `test positives with text in train ${(100 * m.test_positive_text_in_train).toFixed(1)}%`,
      ...(result.rejectsPath
        ? [`rejects: ${result.rejects.length} rows in ${result.rejectsPath}`]
        : []),
      `wrote ${result.trainPath}, ${result.testPath}, ${result.manifestPath}`,
    ].join("\n"),
  );
  return 0;
}
