/** Finds the split a notebook or stage reads, preparing it only when it is missing. */
import { exists } from "../core/mod.ts";
import { defaultCorpusSource, prepareDataset, type SplitKind } from "../data/mod.ts";
import { recordPrepareDataset } from "../record/mod.ts";

/** Options of {@link ensureSplit}. */
export interface EnsureSplitOptions {
  /** Folder of the split (`train.jsonl`, `test.jsonl`, `manifest.json`). */
  dataDir: string;
  /** Split kind when it has to be prepared (default `grouped`, the leak-free one). */
  split?: SplitKind;
  /** Seed of the split (default 42). */
  seed?: number;
  /** Test share (default 0.2). */
  testSize?: number;
  /** Corpus to prepare from (default `defaultCorpusSource()` of `data`). */
  source?: string;
  /** Experiment store: the `prepare` run is recorded there when the split is made now. */
  storePath?: string;
  /** Study run id of that record. */
  runId?: string;
}

/** Where the split is and whether it had to be made now. */
export interface EnsuredSplit {
  /** `<dataDir>/train.jsonl`. */
  trainPath: string;
  /** `<dataDir>/test.jsonl`. */
  testPath: string;
  /** `<dataDir>/manifest.json`. */
  manifestPath: string;
  /** True when it was prepared by this call. */
  prepared: boolean;
}

/**
 * Returns the split in `dataDir` when its `manifest.json` exists (it is written last, so its presence
 * means the split is whole); otherwise prepares it (quietly, recorded as a `prepare` run when a store
 * is given).
 * @param options folder, split settings, store
 * @returns the split's paths and whether it was made now
 * @throws {DataError} when the corpus cannot be read
 * @example Made once, then found (a small fixture stands in for the corpus)
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const options = {
 *   dataDir: `${dir}/data`, source: "tests/fixtures/data/ae_mentions.jsonl", split: "random" as const,
 * };
 * const first = await ensureSplit(options);
 * assert.equal(first.prepared, true);
 * assert.equal(first.trainPath, `${dir}/data/train.jsonl`);
 * assert.equal((await ensureSplit(options)).prepared, false); // the manifest says the split is whole
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ensureSplit(options: EnsureSplitOptions): Promise<EnsuredSplit> {
  const dir = options.dataDir;
  const paths = {
    trainPath: `${dir}/train.jsonl`,
    testPath: `${dir}/test.jsonl`,
    manifestPath: `${dir}/manifest.json`,
  };
  if (await exists(paths.manifestPath)) return { ...paths, prepared: false };
  const prepare = {
    source: options.source ?? defaultCorpusSource(),
    split: options.split ?? "grouped",
    seed: options.seed ?? 42,
    testSize: options.testSize ?? 0.2,
    out: dir,
    quiet: true,
  };
  if (options.storePath) {
    await recordPrepareDataset(prepare, { storePath: options.storePath, runId: options.runId });
  } else {
    await prepareDataset(prepare);
  }
  return { ...paths, prepared: true };
}
