/** Grouped, stratified K-fold cross-validation indices for tuning. */
import { AdeError, createRng } from "../core/mod.ts";
import { assignGroupsStratified, connectedGroups } from "./_groups.ts";
import type { Row } from "./types.ts";

/** One fold: row indices to fit on and row indices to validate on (both ascending). */
export interface Fold {
  /** Indices of the training rows. */
  train: number[];
  /** Indices of the validation rows. */
  validation: number[];
}

/**
 * Splits rows into `folds` folds such that rows sharing a PubMed id (`pmid`, or any of a merged row's
 * `pmids`) or a normalised text are always in the same fold, with each fold's label mix close to the whole.
 * @param rows the rows (only `text`, `label` and `pmid`/`pmids` are read)
 * @param folds number of folds (≥ 2)
 * @param seed random seed; same seed and rows give the same folds
 * @returns one `{train, validation}` pair of index lists per fold
 * @throws {AdeError} fewer than 2 folds, or fewer groups than folds
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "./read_rows.ts";
 * const rows = await readRows("tests/fixtures/data/ae_mentions.jsonl"); // 6 pmids, 2 rows each
 * for (const { train, validation } of groupedStratifiedKFold(rows, 3, 42)) {
 *   const trainPmids = new Set(train.map((i) => rows[i].pmid));
 *   assert.ok(validation.every((i) => !trainPmids.has(rows[i].pmid))); // whole abstracts on one side
 * }
 * ```
 */
export function groupedStratifiedKFold(
  rows: readonly (Pick<Row, "text" | "label" | "pmid"> & { pmids?: unknown })[],
  folds: number,
  seed: number,
): Fold[] {
  if (!Number.isInteger(folds) || folds < 2) {
    throw new AdeError(`groupedStratifiedKFold: folds must be an integer ≥ 2 (got ${folds})`);
  }
  const groupOfRow = connectedGroups(rows);
  const groupCount = groupOfRow.reduce((max, group) => Math.max(max, group + 1), 0);
  if (groupCount < folds) {
    throw new AdeError(
      `groupedStratifiedKFold: only ${groupCount} independent groups for ${folds} folds`,
    );
  }
  const shares = Array.from({ length: folds }, () => 1 / folds);
  const binOfGroup = assignGroupsStratified(
    groupOfRow,
    rows.map((row) => row.label),
    shares,
    createRng(seed),
  );
  const result: Fold[] = Array.from({ length: folds }, () => ({ train: [], validation: [] }));
  groupOfRow.forEach((group, row) => {
    const bin = binOfGroup[group];
    for (let fold = 0; fold < folds; fold++) {
      if (fold === bin) result[fold].validation.push(row);
      else result[fold].train.push(row);
    }
  });
  return result;
}
