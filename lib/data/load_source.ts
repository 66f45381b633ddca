/** One entry point for every data source: the corpus folder, the hub, or a user's file. */
import { DataError, exists } from "../core/mod.ts";
import { loadCorpusFolder } from "./_load_corpus.ts";
import { loadHubDataset, type LoadHubOptions } from "./_load_hub.ts";
import { readLabelledFile } from "./read_rows.ts";
import type { Reject, Row } from "./types.ts";

/** Options for {@link loadSource}. */
export interface LoadSourceOptions extends Omit<LoadHubOptions, "skipInvalid"> {
  /** Skip invalid rows, returning them as rejects, instead of failing on the first. */
  skipInvalid?: boolean;
}

/** Raw rows of a source plus the rows skipped as invalid. */
export interface LoadedSource {
  /** Raw rows (23,516 for the corpus folder). */
  rows: Row[];
  /** Skipped rows with reasons (empty unless `skipInvalid`). */
  rejects: Reject[];
  /** The source as given: a folder path, `hf`, or a file path. */
  source: string;
  /** How the files were read, where a person should know (e.g. a re-encoded file); no data. */
  notes: string[];
}

/** Where to find the raw corpus files, for messages about a missing corpus. */
export const RAW_CORPUS_HINT =
  "set $ADE_CORPUS_DIR to (or pass --source) the folder holding DRUG-AE.rel and ADE-NEG.txt " +
  "(the raw files are at https://github.com/trunghlt/AdverseDrugReaction/tree/master/ADE-Corpus-V2), " +
  "or use --source hf for the Hugging Face copy";

/**
 * Loads raw rows from `source`: a folder holding `DRUG-AE.rel` and `ADE-NEG.txt`, `hf` for the Hugging Face
 * parquet export, or a CSV/JSONL file with `text` and `label`.
 * @param source folder, `hf` or file
 * @param options `skipInvalid`, and for `hf` the hub URL and cache folder
 * @returns rows, rejects and the source
 * @throws {DataError} missing source or invalid rows (file, line and field in the message)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { rows } = await loadSource("tests/fixtures/data/user_rows.jsonl");
 * assert.equal(rows.length, 3);
 * ```
 */
export async function loadSource(
  source: string,
  options: LoadSourceOptions = {},
): Promise<LoadedSource> {
  if (source === "hf") {
    const { rows, rejects } = await loadHubDataset(options);
    return { rows, rejects, source, notes: [] };
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(source);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataError(
        { file: source },
        /\.(csv|tsv|jsonl|json|ndjson)(\.gz)?$/i.test(source)
          ? "source not found (expected a corpus folder, hf, or a CSV/JSONL file)"
          : `corpus folder not found: ${RAW_CORPUS_HINT}`,
      );
    }
    throw error;
  }
  if (info.isDirectory) {
    const missing: string[] = [];
    for (const name of ["DRUG-AE.rel", "ADE-NEG.txt"]) {
      if (!(await exists(`${source.replace(/\/+$/, "")}/${name}`))) missing.push(name);
    }
    if (missing.length > 0) {
      throw new DataError(
        { file: `${source.replace(/\/+$/, "")}/${missing[0]}` },
        `file not found (the folder lacks ${missing.join(" and ")}): ${RAW_CORPUS_HINT}`,
      );
    }
  }
  const loaded = info.isDirectory
    ? await loadCorpusFolder(source, { skipInvalid: options.skipInvalid })
    : await readLabelledFile(source, { skipInvalid: options.skipInvalid });
  return { rows: loaded.rows, rejects: loaded.rejects, source, notes: loaded.notes };
}
