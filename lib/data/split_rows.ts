/** Splits rows into train and test: grouped by abstract (leak-free), de-duplicated random, or raw random. */
import { createRng, type Rng, UsageError } from "../core/mod.ts";
import { assignGroupsStratified, connectedGroups, rowPmids } from "./_groups.ts";
import { deduplicateRows } from "./_deduplicate.ts";
import type { Row, SplitKind } from "./types.ts";

/** Options for {@link splitRows}. */
export interface SplitOptions {
  /** `grouped` (default in the CLI), `dedup` or `random`. */
  split: SplitKind;
  /** Random seed. */
  seed: number;
  /** Share of rows for test, strictly between 0 and 1. */
  testSize: number;
}

/** A train/test split and how it was made. */
export interface SplitResult {
  /** Training rows (seeded shuffled order). */
  train: Row[];
  /** Test rows (seeded shuffled order). */
  test: Row[];
  /** The split actually made (`grouped` falls back to `dedup` when rows carry no PubMed id). */
  split: SplitKind;
  /** Distinct normalised texts among the input rows. */
  uniqueTexts: number;
  /** Rows merged away by de-duplication (0 for `random`, which splits the raw rows). */
  duplicatesRemoved: number;
  /** Normalised texts seen with both labels. */
  labelConflicts: number;
  /** Things the user should know, e.g. the fallback from `grouped`. */
  warnings: string[];
}

function _stratifiedRandomTest(rows: readonly Row[], testSize: number, rng: Rng): boolean[] {
  const inTest = new Array<boolean>(rows.length).fill(false);
  for (const label of ["Adverse_Event", "Not_AE"] as const) {
    const indices = rows.flatMap((row, index) => row.label === label ? [index] : []);
    rng.shuffle(indices);
    const count = Math.round(testSize * indices.length);
    for (const index of indices.slice(0, count)) inTest[index] = true;
  }
  return inTest;
}

function _arrange(
  rows: readonly Row[],
  inTest: readonly boolean[],
  rng: Rng,
): { train: Row[]; test: Row[] } {
  const order = rng.shuffle(rows.map((_, index) => index));
  const train: Row[] = [], test: Row[] = [];
  for (const index of order) (inTest[index] ? test : train).push(rows[index]);
  return { train, test };
}

/**
 * Splits rows into train and test.
 * - `grouped`: de-duplicate, join rows that share a PubMed id or a normalised text into groups (so abstracts
 *   linked through a shared sentence stay together) and assign whole groups to test, stratified by label.
 *   Rows without a PubMed id are grouped by text alone; when no row has one, this falls back to `dedup`.
 * - `dedup`: de-duplicate, then a stratified random split.
 * - `random`: a stratified random split of the raw rows (the reference protocol; leaks duplicates).
 * @param rows raw rows
 * @param options split kind, seed and test share
 * @returns train and test rows, de-duplication counts and warnings
 * @throws {UsageError} a test share outside (0, 1)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "./read_rows.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const { train, test } = splitRows(rows, { split: "grouped", seed: 42, testSize: 0.25 });
 * assert.equal(train.length + test.length, 12);
 * assert.ok(test.every((row) => !train.some((other) => other.pmid === row.pmid)));
 * ```
 */
export function splitRows(rows: readonly Row[], options: SplitOptions): SplitResult {
  const { seed, testSize } = options;
  if (!(testSize > 0 && testSize < 1)) {
    throw new UsageError(`test size must be between 0 and 1 (exclusive), got ${testSize}`);
  }
  const rng = createRng(seed);
  const deduplication = deduplicateRows(rows);
  const warnings: string[] = [];
  const counts = {
    uniqueTexts: deduplication.uniqueTexts,
    duplicatesRemoved: deduplication.duplicatesRemoved,
    labelConflicts: deduplication.labelConflicts,
  };
  if (options.split === "random") {
    const inTest = _stratifiedRandomTest(rows, testSize, rng);
    // The raw rows are split as they are: nothing is merged away.
    return {
      ..._arrange(rows, inTest, rng),
      split: "random",
      ...counts,
      duplicatesRemoved: 0,
      warnings,
    };
  }
  const unique = deduplication.rows;
  let split: SplitKind = options.split;
  const withoutPmid = unique.filter((row) => rowPmids(row).length === 0).length;
  if (split === "grouped" && withoutPmid === unique.length) {
    warnings.push("rows have no PubMed id or group: grouped split falls back to dedup");
    split = "dedup";
  } else if (split === "grouped" && withoutPmid > 0) {
    warnings.push(
      `${withoutPmid} rows have no PubMed id or group: each is grouped by its text alone`,
    );
  }
  let inTest: boolean[];
  if (split === "dedup") {
    inTest = _stratifiedRandomTest(unique, testSize, rng);
  } else {
    const groupOfRow = connectedGroups(unique);
    const binOfGroup = assignGroupsStratified(
      groupOfRow,
      unique.map((row) => row.label),
      [1 - testSize, testSize],
      rng.fork(),
    );
    inTest = groupOfRow.map((group) => binOfGroup[group] === 1);
    const share = inTest.filter(Boolean).length / unique.length;
    if (Math.abs(share - testSize) > 0.01) {
      warnings.push(
        `whole groups could only give a test share of ${share.toFixed(3)} (asked ${testSize})`,
      );
    }
  }
  return { ..._arrange(unique, inTest, rng), split, ...counts, warnings };
}
