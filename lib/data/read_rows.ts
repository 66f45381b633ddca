/**
 * Reads labelled rows from a JSONL or CSV file, our own files and the user's, streaming; reads the files
 * as users have them (see `_text_source.ts` and `_source_records.ts` for what is accepted) and reports
 * every bad row, not only the first.
 */
import { _labelledRow, _parseLabel } from "./_row_fields.ts";
import { _rowStream, type RowStream } from "./_row_stream.ts";
import type { Label, Reject, Row } from "./types.ts";

export type { RowStream } from "./_row_stream.ts";

/** Rows read from a file plus the rows that were skipped as invalid. */
export interface LabelledFile {
  /** Valid rows in file order. */
  rows: Row[];
  /** Skipped rows with the reason (empty unless `skipInvalid`). */
  rejects: Reject[];
  /** How the file was read, where a person should know (e.g. `read as Windows-1252`); no data. */
  notes: string[];
}

/** Options for {@link readLabelledFile} and {@link streamLabelledRows}. */
export interface ReadLabelledFileOptions {
  /** Skip invalid rows (recording a reject each) instead of failing after reading them all. */
  skipInvalid?: boolean;
}

/**
 * Parses a label: `Adverse_Event`/`Not_AE`, or `1`/`0` (as text or number, or `1.0`/`0.0`),
 * spaces around it ignored.
 * @param value the raw value
 * @returns the label, or `undefined` when it is none of these
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseLabel("1"), "Adverse_Event");
 * assert.equal(parseLabel("Not_AE"), "Not_AE");
 * ```
 */
export function parseLabel(value: unknown): Label | undefined {
  return _parseLabel(value);
}

/**
 * Streams labelled rows from JSONL (one object a line) or CSV (a header naming `text` and `label`), with
 * optional `id`, `pmid` or `group` (used as the PubMed id for grouped splits), and for JSONL
 * `drugs`/`effects` mentions and any further fields. A row without an id gets `line-<N>`, N the line its
 * record starts on. Every problem is collected: without `skipInvalid` the iteration fails at the end with
 * all of them (the first 20 listed); with it, bad rows are skipped and listed in `rejects`.
 * @param path the file (may be gzip-compressed)
 * @param options `skipInvalid`
 * @returns the rows, with rejects, notes and progress
 * @throws {DataError} (while iterating) file, line and field of each problem
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ids: string[] = [];
 * for await (const row of streamLabelledRows("tests/fixtures/data/user_rows.csv")) ids.push(row.id);
 * assert.deepEqual(ids, ["u1", "u2", "u3", "u4"]);
 * ```
 */
export function streamLabelledRows(
  path: string,
  options: ReadLabelledFileOptions = {},
): RowStream<Row> {
  return _rowStream(path, ["text", "label"], options.skipInvalid ?? false, _labelledRow);
}

/**
 * Reads labelled rows (see {@link streamLabelledRows}) into memory.
 * @param path the file
 * @param options `skipInvalid` collects row problems as rejects instead of failing
 * @returns rows, rejects and notes
 * @throws {DataError} with file, line and field: missing file, undecodable lines, bad JSON, wrong column
 *   count, empty text, unknown label, bad mention offsets, repeated id (all of them, the first 20 listed)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { rows } = await readLabelledFile("tests/fixtures/data/user_rows.csv");
 * assert.equal(rows[2].text, "A second\nline inside quotes.");
 * ```
 */
export async function readLabelledFile(
  path: string,
  options: ReadLabelledFileOptions = {},
): Promise<LabelledFile> {
  const stream = streamLabelledRows(path, options);
  const rows: Row[] = [];
  for await (const row of stream) rows.push(row);
  return { rows, rejects: [...stream.rejects], notes: [...stream.notes] };
}

/**
 * Reads labelled rows from JSONL (our schema) or a user's CSV/JSONL; any invalid row fails the read
 * (after all are checked).
 * @param path the file
 * @returns the rows in file order
 * @throws {DataError} with file, line and field
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const trainRows = await readRows("tests/fixtures/data/user_rows.jsonl");
 * assert.deepEqual(trainRows.map((row) => row.label), ["Adverse_Event", "Not_AE", "Adverse_Event"]);
 * ```
 */
export async function readRows(path: string): Promise<Row[]> {
  return (await readLabelledFile(path)).rows;
}
