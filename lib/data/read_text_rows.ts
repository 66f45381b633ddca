/** Reads rows to score or to label: JSONL objects or CSV records with a `text` field; labels not needed. */
import { _rowStream, type RowStream } from "./_row_stream.ts";
import { _rowId, _rowText } from "./_row_fields.ts";

/** One row to score: its id, text, line and every field as read. */
export interface TextRow {
  /** The row's own `id`, else `line-<N>` (the rule of every reader). */
  id: string;
  /** The sentence. */
  text: string;
  /** 1-based line where the row's record starts. */
  line: number;
  /** Every field of the row as read (JSON values, or CSV strings by column name). */
  fields: Record<string, unknown>;
}

/**
 * Streams rows with a `text` (JSONL: our schema or bare `{"text"}`; CSV: a header with a `text` column,
 * optional `id`), read as users' files are (see `readLabelledFile`). Every problem is collected and the
 * iteration fails at the end with all of them (the first 20 listed); no row is handed on after the first
 * problem.
 * @param path the file (may be gzip-compressed)
 * @returns the rows, with notes and progress
 * @throws {DataError} (while iterating) naming file, line and field: missing or empty text, bad JSON,
 *   wrong column count, a repeated id
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lengths: number[] = [];
 * for await (const row of streamTextRows("tests/fixtures/data/user_no_groups.csv")) lengths.push(row.text.length);
 * assert.equal(lengths.length, 6);
 * ```
 */
export function streamTextRows(path: string): RowStream<TextRow> {
  return _rowStream(path, ["text"], false, (fields, location) => ({
    id: _rowId(fields.id, location),
    text: _rowText(fields.text, location),
    line: location.line,
    fields,
  }));
}

/**
 * Reads rows to score (see {@link streamTextRows}) into memory.
 * @param path the file
 * @returns the rows in file order
 * @throws {DataError} naming file, line and field
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const pool = await readTextRows("tests/fixtures/data/user_rows.csv");
 * assert.equal(pool[0].id, "u1");
 * ```
 */
export async function readTextRows(path: string): Promise<TextRow[]> {
  const rows: TextRow[] = [];
  for await (const row of streamTextRows(path)) rows.push(row);
  return rows;
}
