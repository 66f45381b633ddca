/** Private: reads rows to score (JSONL objects or CSV records with a `text` field; label not needed). */
import { DataError, readTextStrict } from "../core/mod.ts";
import { type CsvRecord, CsvSyntaxError, parseCsv } from "../data/mod.ts";

/** One row to score. */
export interface _TextRow {
  /** The row's id, or its 1-based line number as a string. */
  id: string;
  /** The sentence. */
  text: string;
  /** Every field of the row as read (JSONL values, or CSV strings by column name). */
  fields: Record<string, unknown>;
}

/**
 * Reads JSONL (a `.jsonl`/`.json`/`.ndjson` file, or any file whose first non-blank character is `{`) or
 * CSV (header row with a `text` column, optional `id`). Every row needs a non-empty string `text`.
 */
export async function _readTextRows(path: string): Promise<_TextRow[]> {
  const content = (await readTextStrict(path)).replace(/^\uFEFF/, "");
  const lower = path.toLowerCase();
  const looksJson = lower.endsWith(".jsonl") || lower.endsWith(".json") ||
    lower.endsWith(".ndjson") || (!lower.endsWith(".csv") && content.trimStart().startsWith("{"));
  const rows = looksJson ? _fromJsonl(path, content) : _fromCsv(path, content);
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const earlier = seen.get(row.id);
    if (earlier !== undefined) {
      throw new DataError(
        { file: path, line: row.line, field: "id" },
        `id already used by row ${earlier + 1}`,
      );
    }
    seen.set(row.id, index);
  });
  return rows.map(({ id, text, fields }) => ({ id, text, fields }));
}

function _checkedRow(
  record: Record<string, unknown>,
  path: string,
  line: number,
): _TextRow & { line: number } {
  const text = record.text;
  if (typeof text !== "string") {
    throw new DataError(
      { file: path, line, field: "text" },
      text === undefined ? "missing" : "expected a string",
    );
  }
  if (text.trim() === "") throw new DataError({ file: path, line, field: "text" }, "empty text");
  const id = record.id;
  if (id === undefined || id === null || id === "") {
    return { id: String(line), text, fields: record, line };
  }
  if (typeof id !== "string" && typeof id !== "number") {
    throw new DataError({ file: path, line, field: "id" }, "expected a string or number");
  }
  return { id: String(id), text, fields: record, line };
}

function _fromJsonl(path: string, content: string): Array<_TextRow & { line: number }> {
  const rows: Array<_TextRow & { line: number }> = [];
  const lines = content.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const source = lines[index].trim();
    if (source === "") continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new DataError({ file: path, line }, `not valid JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new DataError({ file: path, line }, "expected a JSON object");
    }
    rows.push(_checkedRow(value as Record<string, unknown>, path, line));
  }
  return rows;
}

function _fromCsv(path: string, content: string): Array<_TextRow & { line: number }> {
  const [header, ...records] = _csvRecords(path, content);
  if (!header) throw new DataError({ file: path }, "empty file");
  const names = header.fields.map((name) => name.trim());
  if (!names.includes("text")) {
    throw new DataError(
      { file: path, line: header.line, field: "text" },
      "no text column in the header",
    );
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new DataError(
        { file: path, line },
        `expected ${names.length} columns, found ${fields.length}`,
      );
    }
    const record: Record<string, unknown> = {};
    names.forEach((name, index) => (record[name] = fields[index]));
    return _checkedRow(record, path, line);
  });
}

/** CSV records read as `ade prepare` reads a CSV (a quote inside an unquoted field is a literal quote). */
function _csvRecords(path: string, content: string): CsvRecord[] {
  try {
    return parseCsv(content, { relaxQuotes: true, skipBlankLines: true });
  } catch (error) {
    throw error instanceof CsvSyntaxError ? error.inFile(path) : error;
  }
}
