/** Puts the leakage of the three split kinds side by side. */
import { measureLeakage } from "./_leakage.ts";
import { splitRows } from "./split_rows.ts";
import type { Row, SplitKind } from "./types.ts";

/** One line of {@link compareSplitLeakage}. */
export interface SplitLeakageRow {
  /** The split made. */
  split: SplitKind;
  /** Training rows. */
  train_rows: number;
  /** Test rows. */
  test_rows: number;
  /** `Adverse_Event` rows in test. */
  test_positive: number;
  /** Test rows whose normalised text also occurs in train. */
  text_overlap: number;
  /** Test rows whose PubMed id also occurs in train. */
  pmid_overlap: number;
  /** Fraction of test positives whose normalised text occurs in train. */
  test_positive_text_in_train: number;
}

/**
 * Splits the same rows in each requested way with the same seed and measures the leakage of each.
 * @param rows raw rows
 * @param options seed, test share and the splits to compare (default: random, dedup, grouped)
 * @returns one line per split, in the order asked
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "./read_rows.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl");
 * const lines = compareSplitLeakage(rows, { seed: 42, testSize: 0.25 });
 * assert.deepEqual(lines.map((line) => line.split), ["random", "dedup", "grouped"]);
 * ```
 */
export function compareSplitLeakage(
  rows: readonly Row[],
  options: { seed: number; testSize: number; splits?: readonly SplitKind[] },
): SplitLeakageRow[] {
  const splits = options.splits ?? ["random", "dedup", "grouped"];
  return splits.map((kind) => {
    const result = splitRows(rows, { split: kind, seed: options.seed, testSize: options.testSize });
    return {
      split: result.split,
      train_rows: result.train.length,
      test_rows: result.test.length,
      test_positive: result.test.filter((row) => row.label === "Adverse_Event").length,
      ...measureLeakage(result.train, result.test),
    };
  });
}
