/** `ade prepare`: load, validate, de-duplicate, split, and write train/test/manifest atomically. */
import { createProgress, sha256Hex, toJsonl, writeFilesAtomic } from "../core/mod.ts";
import { recordRun } from "../track/mod.ts";
import { measureLeakage } from "./_leakage.ts";
import { loadSource, type LoadSourceOptions } from "./load_source.ts";
import { splitRows } from "./split_rows.ts";
import type { Manifest, Reject, Row, SplitKind } from "./types.ts";

/** Manifest format version. */
const MANIFEST_VERSION = 1;

/** Options for {@link prepareDataset}. */
export interface PrepareOptions extends Omit<LoadSourceOptions, "skipInvalid"> {
  /** Corpus folder, `hf`, or a CSV/JSONL file. */
  source: string;
  /** `grouped`, `dedup` or `random`. */
  split: SplitKind;
  /** Random seed. */
  seed: number;
  /** Test share in (0, 1). */
  testSize: number;
  /** Output folder for `train.jsonl`, `test.jsonl`, `manifest.json` (and `rejects.jsonl`). */
  out: string;
  /** Skip invalid rows and write them to `rejects.jsonl` instead of failing. */
  skipInvalid?: boolean;
  /** Record a store run (kind `prepare`) in this SQLite file. */
  storePath?: string;
  /** Study run id for the store record. */
  runId?: string;
  /** Hide the progress lines. */
  quiet?: boolean;
  /** Receives warnings (default: printed to stderr unless `quiet`). */
  onWarning?: (message: string) => void;
}

/** What {@link prepareDataset} wrote. */
export interface PreparedDataset {
  /** The manifest as written. */
  manifest: Manifest;
  /** `out/train.jsonl`. */
  trainPath: string;
  /** `out/test.jsonl`. */
  testPath: string;
  /** `out/manifest.json`. */
  manifestPath: string;
  /** `out/rejects.jsonl`, when `skipInvalid` was set. */
  rejectsPath?: string;
  /** Rows skipped as invalid. */
  rejects: Reject[];
  /** SHA-256 of `manifest.json` (the store's manifest hash). */
  manifestHash: string;
  /** Warnings, e.g. the fallback from `grouped` to `dedup`. */
  warnings: string[];
  /** Store record id, when a store was given. */
  recordId?: string;
}

/** The fields written per row: `id, text, label, pmid?, pmids?, drugs?, effects?`, then any others. */
function _outputRow(row: Row): Row {
  const { id, text, label, pmid, pmids, drugs, effects, ...rest } = row;
  const out: Row = { id, text, label };
  if (pmid !== undefined) out.pmid = pmid;
  if (pmids !== undefined) out.pmids = pmids;
  if (drugs !== undefined) out.drugs = drugs;
  if (effects !== undefined) out.effects = effects;
  return Object.assign(out, rest);
}

/** Numeric manifest fields, as store metrics. */
function _manifestMetrics(manifest: Manifest): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (typeof value === "number" && key !== "version") metrics[key] = value;
  }
  return metrics;
}

/**
 * Loads `source`, validates it, splits it and writes `train.jsonl`, `test.jsonl` and `manifest.json` (plus
 * `rejects.jsonl` with `skipInvalid`) into `out`. Nothing is written unless everything before succeeded,
 * and the files appear together (temporary files, then renames).
 * @param options source, split, seed, test share, output folder
 * @returns the manifest and paths
 * @throws {DataError} invalid input (file, line, field); {@link UsageError} a bad test share
 * @example
 * ```ts
 * const { manifest } = await prepareDataset({
 *   source: defaultCorpusSource(), split: "grouped", seed: 42, testSize: 0.2, out: "runs/data",
 * });
 * ```
 */
export async function prepareDataset(options: PrepareOptions): Promise<PreparedDataset> {
  const progress = createProgress("prepare", 3, { silent: options.quiet });
  const warn = options.onWarning ??
    ((message: string) => {
      if (!options.quiet) console.error(`warning: ${message}`);
    });
  const out = options.out.endsWith("/") && options.out.length > 1
    ? options.out.slice(0, -1)
    : options.out;
  const params = {
    source: options.source,
    split: options.split,
    seed: options.seed,
    test_size: options.testSize,
    out,
    skip_invalid: options.skipInvalid ?? false,
  };
  const compute = async () => {
    const loaded = await loadSource(options.source, {
      skipInvalid: options.skipInvalid,
      hubUrl: options.hubUrl,
      cacheDir: options.cacheDir,
      dataset: options.dataset,
      revision: options.revision,
      path: options.path,
      fetch: options.fetch,
    });
    progress.tick(1, `loaded ${loaded.rows.length} rows`);
    const split = splitRows(loaded.rows, {
      split: options.split,
      seed: options.seed,
      testSize: options.testSize,
    });
    for (const warning of split.warnings) warn(warning);
    progress.tick(1, `split ${split.train.length}/${split.test.length}`);
    const trainText = toJsonl(split.train.map(_outputRow));
    const testText = toJsonl(split.test.map(_outputRow));
    const leakage = measureLeakage(split.train, split.test);
    const rawPositive = loaded.rows.filter((row) => row.label === "Adverse_Event").length;
    const manifest: Manifest = {
      raw_rows: loaded.rows.length,
      raw_positive: rawPositive,
      raw_negative: loaded.rows.length - rawPositive,
      unique_texts: split.uniqueTexts,
      duplicates_removed: split.duplicatesRemoved,
      label_conflicts: split.labelConflicts,
      split: split.split,
      seed: options.seed,
      test_size: options.testSize,
      train_rows: split.train.length,
      test_rows: split.test.length,
      train_positive: split.train.filter((row) => row.label === "Adverse_Event").length,
      test_positive: split.test.filter((row) => row.label === "Adverse_Event").length,
      text_overlap: leakage.text_overlap,
      pmid_overlap: leakage.pmid_overlap,
      test_positive_text_in_train: leakage.test_positive_text_in_train,
      sha256: { train: await sha256Hex(trainText), test: await sha256Hex(testText) },
      source: options.source,
      version: MANIFEST_VERSION,
    };
    const manifestText = JSON.stringify(manifest, null, 2) + "\n";
    return {
      loaded,
      warnings: split.warnings,
      manifest,
      trainText,
      testText,
      manifestText,
      manifestHash: await sha256Hex(manifestText),
    };
  };
  let prepared: Awaited<ReturnType<typeof compute>>;
  try {
    prepared = await compute();
  } catch (error) {
    if (options.storePath) {
      // Record the failed attempt; the original error is what the caller sees.
      await recordRun(
        options.storePath,
        { kind: "prepare", runId: options.runId, params },
        () => Promise.reject(error),
      ).catch(() => {});
    }
    throw error;
  }
  const trainPath = `${out}/train.jsonl`;
  const testPath = `${out}/test.jsonl`;
  const manifestPath = `${out}/manifest.json`;
  const rejectsPath = options.skipInvalid ? `${out}/rejects.jsonl` : undefined;
  const write = async () => {
    const files = [
      { path: trainPath, data: prepared.trainText },
      { path: testPath, data: prepared.testText },
    ];
    if (rejectsPath) files.push({ path: rejectsPath, data: toJsonl(prepared.loaded.rejects) });
    files.push({ path: manifestPath, data: prepared.manifestText });
    await writeFilesAtomic(files);
    progress.tick(1, `wrote ${out}`);
  };
  const artifacts: Record<string, string> = {
    train: trainPath,
    test: testPath,
    manifest: manifestPath,
  };
  if (rejectsPath) artifacts.rejects = rejectsPath;
  let recordId: string | undefined;
  if (options.storePath) {
    await recordRun(
      options.storePath,
      { kind: "prepare", runId: options.runId, params, manifestHash: prepared.manifestHash },
      async (context) => {
        recordId = context.recordId;
        await write();
        return { value: undefined, metrics: _manifestMetrics(prepared.manifest), artifacts };
      },
    );
  } else {
    await write();
  }
  progress.finish(
    `${prepared.manifest.split}: ${prepared.manifest.train_rows} train, ${prepared.manifest.test_rows} test`,
  );
  return {
    manifest: prepared.manifest,
    trainPath,
    testPath,
    manifestPath,
    rejectsPath,
    rejects: prepared.loaded.rejects,
    manifestHash: prepared.manifestHash,
    warnings: prepared.warnings,
    recordId,
  };
}
