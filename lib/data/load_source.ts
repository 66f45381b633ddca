/** One entry point for every data source: the corpus folder, the hub, or a user's file. */
import { DataError } from "../core/mod.ts";
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
}

/**
 * Loads raw rows from `source`: a folder holding `DRUG-AE.rel` and `ADE-NEG.txt`, `hf` for the Hugging Face
 * parquet export, or a CSV/JSONL file with `text` and `label`.
 * @param source folder, `hf` or file
 * @param options `skipInvalid`, and for `hf` the hub URL and cache folder
 * @returns rows, rejects and the source
 * @throws {DataError} missing source or invalid rows (file, line and field in the message)
 * @example const { rows } = await loadSource(defaultCorpusSource());
 */
export async function loadSource(
  source: string,
  options: LoadSourceOptions = {},
): Promise<LoadedSource> {
  if (source === "hf") {
    const { rows, rejects } = await loadHubDataset(options);
    return { rows, rejects, source };
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(source);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataError(
        { file: source },
        "source not found (expected a corpus folder, hf, or a CSV/JSONL file)",
      );
    }
    throw error;
  }
  const loaded = info.isDirectory
    ? await loadCorpusFolder(source, { skipInvalid: options.skipInvalid })
    : await readLabelledFile(source, { skipInvalid: options.skipInvalid });
  return { rows: loaded.rows, rejects: loaded.rejects, source };
}
