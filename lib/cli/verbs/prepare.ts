/** `ade prepare`: load ADE Corpus V2 (or a user file), validate, de-duplicate, split, write train/test/manifest. */
import { defaultCorpusSource, type SplitKind } from "../../data/mod.ts";
import { recordPrepareDataset } from "../../record/mod.ts";
import { defineVerb } from "../define_verb.ts";
import {
  NEW_RUN_RECORDING_FLAGS,
  QUIET_FLAG,
  recordingFrom,
  seedFlag,
  seedFrom,
} from "../flag_sets.ts";

const SPLITS: readonly SplitKind[] = ["grouped", "dedup", "random"];

const verb = defineVerb({
  name: "prepare",
  summary:
    "load, validate, de-duplicate and split the data (leak-free by default) into train/test/manifest",
  usage: [
    "[--source DIR|hf|FILE] [--split grouped|dedup|random] [--seed 42] [--test-size 0.2] [--out DIR]",
    " [--validation-size 0.1] [--skip-invalid]",
  ],
  flags: {
    source: {
      type: "string",
      description:
        "corpus folder | hf | CSV/JSONL file (default $ADE_CORPUS_DIR or ../shared/data/ade_corpus_v2)",
    },
    split: {
      type: "string",
      description: "grouped (default, leak-free) | dedup | random (reference protocol, leaks)",
    },
    ...seedFlag("the split"),
    "test-size": { type: "string", description: "test share, between 0 and 1 (default 0.2)" },
    "validation-size": {
      type: "string",
      description:
        "also hold out this share of the training rows as OUT/validation.jsonl, by the same split " +
        "(for train --validation; default none)",
    },
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
    ...NEW_RUN_RECORDING_FLAGS,
    ...QUIET_FLAG,
  },
  async run(flags) {
    const split = flags.choice("split", SPLITS, "grouped");
    const testSize = flags.number("test-size", 0.2);
    if (!(testSize > 0 && testSize < 1)) {
      throw flags.error(`--test-size must be between 0 and 1 (got ${testSize})`);
    }
    const validationSize = flags.number("validation-size");
    if (validationSize !== undefined && !(validationSize > 0 && validationSize < 1)) {
      throw flags.error(`--validation-size must be between 0 and 1 (got ${validationSize})`);
    }
    const result = await recordPrepareDataset({
      source: flags.string("source") ?? defaultCorpusSource(),
      split,
      seed: seedFrom(flags),
      testSize,
      ...(validationSize !== undefined ? { validationSize } : {}),
      out: flags.string("out", "runs/data"),
      skipInvalid: flags.boolean("skip-invalid"),
      hubUrl: flags.string("hub-url"),
      cacheDir: flags.string("cache-dir"),
      quiet: flags.boolean("quiet"),
    }, recordingFrom(flags));
    const m = result.manifest;
    console.log(
      [
        `source ${m.source}: ${m.raw_rows} rows (${m.raw_positive} Adverse_Event, ${m.raw_negative} Not_AE), ` +
        `${m.unique_texts} unique texts, ${m.label_conflicts} label conflicts`,
        `split ${m.split} (seed ${m.seed}): train ${m.train_rows} (${m.train_positive} positive), ` +
        `test ${m.test_rows} (${m.test_positive} positive)` +
        (m.validation_rows !== undefined
          ? `, validation ${m.validation_rows} (${m.validation_positive} positive)`
          : ""),
        `leakage: text_overlap ${m.text_overlap}, pmid_overlap ${m.pmid_overlap}, ` +
        `test positives with text in train ${(100 * m.test_positive_text_in_train).toFixed(1)}%`,
        ...(result.rejectsPath
          ? [`rejects: ${result.rejects.length} rows in ${result.rejectsPath}`]
          : []),
        `wrote ${
          [result.trainPath, result.testPath, result.validationPath, result.manifestPath]
            .filter((path) => path !== undefined).join(", ")
        }`,
      ].join("\n"),
    );
    return 0;
  },
});

/** One-line summary for help. */
export const summary = verb.summary;
/**
 * Runs the verb.
 * @param args flags after `prepare`
 * @returns exit code
 * @throws {UsageError} bad flags; {@link DataError} invalid input
 */
export const run = verb.run;
