/** Loads the Hugging Face `ade_corpus_v2` classification parquet export through `@huggingface/hub`. */
import { AdeError, DataError, exists, writeFileAtomic } from "../core/mod.ts";
import type { Reject, Row } from "./types.ts";

/** Where the dataset lives on the hub. */
export const HUB_DATASET = "ade_corpus_v2";
/** The revision that holds the parquet conversion. */
export const HUB_REVISION = "refs/convert/parquet";
/** The classification config's parquet file within that revision. */
export const HUB_PARQUET_PATH = "Ade_corpus_v2_classification/train/0000.parquet";

/** Options for {@link loadHubDataset}. */
export interface LoadHubOptions {
  /** Hub base URL (default `$HF_ENDPOINT`, else `https://huggingface.co`). */
  hubUrl?: string;
  /** Folder for downloaded files (default `$ADE_CACHE_DIR`, else `runs/cache/hf`); a cached file is reused. */
  cacheDir?: string;
  /** Dataset repository (default {@link HUB_DATASET}). */
  dataset?: string;
  /** Revision (default {@link HUB_REVISION}). */
  revision?: string;
  /** File within the revision (default {@link HUB_PARQUET_PATH}). */
  path?: string;
  /** Skip invalid rows (one reject each) instead of failing. */
  skipInvalid?: boolean;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** Rows from the hub, skipped rows, and where the parquet file was cached. */
export interface HubRows {
  /** One row per parquet row: `hf-<index>`, `label` 1 → `Adverse_Event`, 0 → `Not_AE`; no PubMed id. */
  rows: Row[];
  /** Invalid rows (only with `skipInvalid`). */
  rejects: Reject[];
  /** The cached parquet file. */
  cachedFile: string;
}

function _env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Downloads (or reuses from the cache) the classification parquet file and reads it with `hyparquet`.
 * The hub's label names are `Not-Related` (0) and `Related` (1).
 * @param options hub URL, cache folder, repository coordinates
 * @returns rows, rejects and the cached file path
 * @throws {AdeError} the download fails; {@link DataError} a row has empty text or an unknown label
 * @example const { rows } = await loadHubDataset({ hubUrl: "http://127.0.0.1:8080", cacheDir: "/tmp/hf" });
 */
export async function loadHubDataset(options: LoadHubOptions = {}): Promise<HubRows> {
  const hubUrl = options.hubUrl ?? _env("HF_ENDPOINT") ?? "https://huggingface.co";
  const cacheDir = options.cacheDir ?? _env("ADE_CACHE_DIR") ?? "runs/cache/hf";
  const dataset = options.dataset ?? HUB_DATASET;
  const revision = options.revision ?? HUB_REVISION;
  const path = options.path ?? HUB_PARQUET_PATH;
  const cachedFile = `${cacheDir}/${dataset.replaceAll("/", "--")}/${
    revision.replaceAll("/", "--")
  }/${path}`;
  const where = `hf:${dataset}@${revision}/${path}`;
  if (!(await exists(cachedFile))) {
    // Loaded on demand so that importing lib/data stays light.
    const { downloadFile } = await import("@huggingface/hub");
    let blob: Blob | null;
    try {
      blob = await downloadFile({
        repo: { type: "dataset", name: dataset },
        path,
        revision,
        hubUrl,
        fetch: options.fetch,
      });
    } catch (error) {
      throw new AdeError(`could not download ${where} from ${hubUrl}: ${(error as Error).message}`);
    }
    if (!blob) throw new AdeError(`${where} not found on ${hubUrl}`);
    await writeFileAtomic(cachedFile, new Uint8Array(await blob.arrayBuffer()));
  }
  const bytes = await Deno.readFile(cachedFile);
  const { parquetReadObjects } = await import("hyparquet");
  let records: Record<string, unknown>[];
  try {
    records = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      columns: ["text", "label"],
    });
  } catch (error) {
    throw new DataError(
      { file: cachedFile },
      `not a readable parquet file with text and label columns (${(error as Error).message})`,
    );
  }
  const rows: Row[] = [];
  const rejects: Reject[] = [];
  records.forEach((record, index) => {
    const line = index + 1;
    try {
      const text = record.text;
      if (typeof text !== "string" || text.trim() === "") {
        throw new DataError({ file: where, line, field: "text" }, "empty text");
      }
      const label = typeof record.label === "bigint" ? Number(record.label) : record.label;
      if (label !== 0 && label !== 1) {
        throw new DataError(
          { file: where, line, field: "label" },
          `unknown label ${JSON.stringify(String(record.label))} (expected 0 or 1)`,
        );
      }
      rows.push({ id: `hf-${index}`, text, label: label === 1 ? "Adverse_Event" : "Not_AE" });
    } catch (error) {
      if (!(error instanceof DataError) || !options.skipInvalid) throw error;
      rejects.push({ ...error.location, reason: error.reason });
    }
  });
  return { rows, rejects, cachedFile };
}
