/** `ade prepare`: load, validate, de-duplicate, split, and write train/test/manifest atomically. */
import {
  commitFolder,
  createFileWriter,
  createProgress,
  DataError,
  DataProblemsError,
  sha256Hex,
  stageFolder,
  UsageError,
} from "../core/mod.ts";
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
  /**
   * Share of the training rows (after the test split) held out as `validation.jsonl`, by the same split
   * (whole abstracts for `grouped`), for `train --validation` without looking at the test set. None when
   * absent.
   */
  validationSize?: number;
  /** Output folder for `train.jsonl`, `test.jsonl`, `manifest.json` (and `rejects.jsonl`). */
  out: string;
  /** Skip invalid rows and write them to `rejects.jsonl` instead of failing. */
  skipInvalid?: boolean;
  /** Hide the progress lines. */
  quiet?: boolean;
  /** Receives warnings (default: printed to stderr unless `quiet`). */
  onWarning?: (message: string) => void;
  /** Receives notes on how the input was read, e.g. a re-encoded file (default: stderr unless `quiet`). */
  onNote?: (message: string) => void;
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
  /** `out/validation.jsonl`, when a validation share was asked for. */
  validationPath?: string;
  /** `out/rejects.jsonl`, when `skipInvalid` was set. */
  rejectsPath?: string;
  /** Rows skipped as invalid. */
  rejects: Reject[];
  /** SHA-256 of `manifest.json` (the store's manifest hash). */
  manifestHash: string;
  /** Warnings, e.g. the fallback from `grouped` to `dedup`. */
  warnings: string[];
  /** Notes on how the input was read (e.g. `read as Windows-1252`). */
  notes: string[];
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

/** Added to a list of problems that does not show them all. */
const SKIP_INVALID_HINT = "--skip-invalid skips them and lists them all in OUT/rejects.jsonl";

/** Files `prepare` writes: what an output folder may hold for it to be replaced whole. */
const OUTPUT_FILES = new Set(["train.jsonl", "test.jsonl", "validation.jsonl", "rejects.jsonl"]);

/**
 * Loads `source`, validates it, splits it and writes `train.jsonl`, `test.jsonl` and `manifest.json` (plus
 * `validation.jsonl` with `validationSize`, `rejects.jsonl` with `skipInvalid`) into `out`. Nothing is
 * written unless everything before succeeded: the files are written into a staging folder that then
 * takes the place of `out` (a process killed at any point leaves the old folder or the new one).
 * @param options source, split, seed, test share, output folder
 * @returns the manifest and paths
 * @throws {DataError} invalid input (file, line, field; every problem, the first 20 listed), or no rows
 *   or one label only left; {@link UsageError} a bad test or validation share
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = await Deno.makeTempDir();
 * const { manifest } = await prepareDataset({
 *   source: "tests/fixtures/data/ae_mentions.jsonl",
 *   split: "grouped",
 *   seed: 42,
 *   testSize: 0.25,
 *   out,
 *   quiet: true,
 * });
 * assert.equal(manifest.train_rows + manifest.test_rows, 12);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function prepareDataset(options: PrepareOptions): Promise<PreparedDataset> {
  const progress = createProgress("prepare", 3, { silent: options.quiet });
  const warn = options.onWarning ??
    ((message: string) => {
      if (!options.quiet) console.error(`warning: ${message}`);
    });
  const note = options.onNote ??
    ((message: string) => {
      if (!options.quiet) console.error(`note: ${message}`);
    });
  const out = options.out.endsWith("/") && options.out.length > 1
    ? options.out.slice(0, -1)
    : options.out;
  const validationSize = options.validationSize;
  if (validationSize !== undefined && !(validationSize > 0 && validationSize < 1)) {
    throw new UsageError(`validation size must be between 0 and 1 (got ${validationSize})`);
  }
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
    for (const message of loaded.notes) note(message);
    _checkRowsLeft(options.source, loaded.rows, loaded.rejects.length);
    progress.tick(1, `loaded ${loaded.rows.length} rows`);
    const split = splitRows(loaded.rows, {
      split: options.split,
      seed: options.seed,
      testSize: options.testSize,
    });
    const warnings = [...split.warnings];
    let trainRows = split.train;
    let validationRows: Row[] | undefined;
    if (validationSize !== undefined) {
      const held = splitRows(split.train, {
        split: split.split,
        seed: options.seed,
        testSize: validationSize,
      });
      trainRows = held.train;
      validationRows = held.test;
      warnings.push(...held.warnings.map((warning) => `validation split: ${warning}`));
    }
    for (const warning of warnings) warn(warning);
    progress.tick(1, `split ${trainRows.length}/${split.test.length}`);
    const leakage = measureLeakage(split.train, split.test);
    const rawPositive = _positives(loaded.rows);
    return {
      loaded,
      warnings,
      split,
      trainRows,
      validationRows,
      leakage,
      rawPositive,
    };
  };
  const prepared = await compute().catch((error) => {
    throw error instanceof DataProblemsError && error.total > error.problems.length
      ? new DataProblemsError(error.problems, error.total, SKIP_INVALID_HINT)
      : error;
  });
  const { loaded, split, trainRows, validationRows, leakage, rawPositive } = prepared;
  const trainPath = `${out}/train.jsonl`;
  const testPath = `${out}/test.jsonl`;
  const manifestPath = `${out}/manifest.json`;
  const validationPath = validationRows ? `${out}/validation.jsonl` : undefined;
  const rejectsPath = options.skipInvalid ? `${out}/rejects.jsonl` : undefined;
  // Write everything into a staging folder first (the manifest holds the files' hashes), then put it in
  // the place of `out` in one step.
  const staged = await stageFolder(out);
  let manifest: Manifest;
  let manifestHash: string;
  try {
    const trainSha = await _writeRows(`${staged}/train.jsonl`, trainRows.map(_outputRow));
    const testSha = await _writeRows(`${staged}/test.jsonl`, split.test.map(_outputRow));
    const validationSha = validationRows
      ? await _writeRows(`${staged}/validation.jsonl`, validationRows.map(_outputRow))
      : undefined;
    if (rejectsPath) await _writeRows(`${staged}/rejects.jsonl`, loaded.rejects);
    manifest = {
      raw_rows: loaded.rows.length,
      raw_positive: rawPositive,
      raw_negative: loaded.rows.length - rawPositive,
      unique_texts: split.uniqueTexts,
      duplicates_removed: split.duplicatesRemoved,
      label_conflicts: split.labelConflicts,
      split: split.split,
      seed: options.seed,
      test_size: options.testSize,
      train_rows: trainRows.length,
      test_rows: split.test.length,
      train_positive: _positives(trainRows),
      test_positive: _positives(split.test),
      ...(validationRows
        ? {
          validation_size: validationSize,
          validation_rows: validationRows.length,
          validation_positive: _positives(validationRows),
        }
        : {}),
      text_overlap: leakage.text_overlap,
      pmid_overlap: leakage.pmid_overlap,
      test_positive_text_in_train: leakage.test_positive_text_in_train,
      sha256: {
        train: trainSha,
        test: testSha,
        ...(validationSha ? { validation: validationSha } : {}),
      },
      source: options.source,
      version: MANIFEST_VERSION,
    };
    const manifestText = JSON.stringify(manifest, null, 2) + "\n";
    manifestHash = await sha256Hex(manifestText);
    await Deno.writeTextFile(`${staged}/manifest.json`, manifestText);
  } catch (error) {
    await Deno.remove(staged, { recursive: true }).catch(() => {});
    throw error;
  }
  try {
    await commitFolder(staged, out, {
      marker: "manifest.json",
      isOwnFile: (name) => OUTPUT_FILES.has(name) || name === "manifest.json",
    });
  } catch (error) {
    await Deno.remove(staged, { recursive: true }).catch(() => {});
    throw error;
  }
  progress.tick(1, `wrote ${out}`);
  const written = manifest;
  progress.finish(`${written.split}: ${written.train_rows} train, ${written.test_rows} test`);
  return {
    manifest: written,
    trainPath,
    testPath,
    manifestPath,
    ...(validationPath ? { validationPath } : {}),
    rejectsPath,
    rejects: loaded.rejects,
    manifestHash,
    warnings: prepared.warnings,
    notes: loaded.notes,
  };
}

function _positives(rows: readonly Row[]): number {
  let count = 0;
  for (const row of rows) if (row.label === "Adverse_Event") count++;
  return count;
}

/** Refuses a source that leaves no rows, or rows of one label only (nothing to learn or to split). */
function _checkRowsLeft(source: string, rows: readonly Row[], rejected: number): void {
  const skipped = rejected > 0 ? ` after skipping ${rejected} invalid rows` : "";
  if (rows.length === 0) {
    throw new DataError({ file: source }, `no valid rows${skipped}; nothing was written`);
  }
  const positives = _positives(rows);
  if (positives === 0 || positives === rows.length) {
    const only = positives === 0 ? "Not_AE" : "Adverse_Event";
    throw new DataError(
      { file: source, field: "label" },
      `every one of the ${rows.length} rows${skipped} is ${only}; prepare needs rows of both ` +
        "labels; nothing was written",
    );
  }
}

/** Writes rows as JSONL, one at a time; returns the file's SHA-256. */
async function _writeRows(path: string, rows: readonly unknown[]): Promise<string> {
  const writer = await createFileWriter(path);
  try {
    for (const row of rows) await writer.write(JSON.stringify(row) + "\n");
  } catch (error) {
    await writer.close().catch(() => "");
    throw error;
  }
  return await writer.close();
}
