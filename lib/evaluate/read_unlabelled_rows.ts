/** Reads rows to score or to label: JSONL objects or CSV records with a `text` field. */
import { _readTextRows, type _TextRow } from "./_unlabelled_rows.ts";

/** One unlabelled row: its id, text and every field as read. */
export type UnlabelledRow = _TextRow;

/**
 * Reads JSONL (our schema or bare `{"text"}`) or CSV (a header with a `text` column, optional `id`),
 * keeping every field; labels are not needed. A row without an id gets `line-<N>` (N the line its record
 * starts on), the rule of every reader. Read as the data stage reads every file (see `readTextRows`).
 * @param path the file
 * @returns the rows in file order
 * @throws {DataError} naming the file, line and field: missing or empty text, bad JSON, wrong column
 *   count, a repeated id
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const pool = await readUnlabelledRows("tests/fixtures/data/user_no_groups.csv");
 * assert.equal(pool.length, 6);
 * ```
 */
export async function readUnlabelledRows(path: string): Promise<UnlabelledRow[]> {
  return await _readTextRows(path);
}
