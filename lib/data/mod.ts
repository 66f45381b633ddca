/**
 * The data layer: load ADE Corpus V2 (raw files, the Hugging Face parquet export, or the user's CSV/JSONL),
 * validate it, de-duplicate it, and split it without leakage (whole PubMed abstracts on one side).
 *
 * @example
 * ```ts
 * import { defaultCorpusSource, groupedStratifiedKFold, readRows } from "./mod.ts";
 * const trainRows = await readRows("runs/data/train.jsonl");
 * const folds = groupedStratifiedKFold(trainRows, 5, 42);
 * console.log(defaultCorpusSource(), folds.length);
 * ```
 * `records_frame.ts` (`recordsFrame`: records to a Polars DataFrame, for notebooks) is imported on its own so
 * that the CLI and the server do not load Polars' native module.
 * @module
 */
export * from "./types.ts";
export * from "./normalize.ts";
export * from "./default_source.ts";
export * from "./read_rows.ts";
export * from "./grouped_kfold.ts";
export * from "./load_corpus.ts";
export * from "./load_hub.ts";
export * from "./load_source.ts";
export * from "./deduplicate.ts";
export * from "./leakage.ts";
export * from "./split_rows.ts";
export * from "./prepare_dataset.ts";
export * from "./corpus_summary.ts";
export * from "./compare_splits.ts";
