/**
 * Private: the records of a user's CSV or JSONL file, streaming, as objects keyed by column name with
 * the line each starts on. Decoding and line breaks are `_text_source.ts`'s; on top of them this accepts
 * what spreadsheets and data tools write:
 * - CSV delimited by `,`, `;` (Excel where the decimal mark is a comma), tab (Excel's "Text" and
 *   "Unicode Text", TSV downloads) or `|`, told from the header (the delimiter that makes a `text`
 *   column), or named by Excel's `sep=;` first line;
 * - quoted headers (R's `write.csv`, `QUOTE_ALL`), header names in any case or with spaces around them
 *   (`Text`, ` label `), values with spaces around them, spaces around quoted fields;
 * - columns without a name (pandas' or R's index column, the empty columns Excel keeps after the last
 *   one used): ignored, with a note when they hold values;
 * - JSONL with a byte-order mark or blank lines, known keys in any case (`Text`).
 * It refuses, naming file, line and field: a JSON array instead of JSON lines, a header without a
 * required column or with a repeated one; per record (collected, see `_problem_log.ts`): malformed
 * quotes, a wrong number of columns, a line that is not a JSON object.
 */
import { DataError } from "../core/mod.ts";
import { _CsvRecordProblem, _CsvRecordReader } from "./_csv_record_reader.ts";
import type { _ProblemLog } from "./_problem_log.ts";
import { _openSource, type SourceLine, type SourceReport } from "./_text_source.ts";

/** One record: its fields by (canonical) name and the line it starts on. */
export interface _SourceRecord {
  /** 1-based line of the record's first line. */
  line: number;
  /** Field values: JSON values for JSONL, trimmed strings for CSV. */
  fields: Record<string, unknown>;
}

/** Column names the readers know; matched in any case and without surrounding spaces. */
const KNOWN_NAMES = ["id", "text", "label", "pmid", "group"];

const DELIMITERS = [",", ";", "\t", "|"];

/** Options of {@link _openRecords}. */
export interface _OpenRecordsOptions {
  /** Columns a CSV header must have (e.g. `text` and `label`). */
  required: readonly string[];
  /** Where row problems go. */
  problems: _ProblemLog;
}

/**
 * Opens a CSV or JSONL file for reading its records.
 * @param path the file (`.gz` compressed or not)
 * @param options required columns and the problem log
 * @returns the report of the source (notes, progress) and the records
 * @throws {DataError} a missing file (at once); file-level refusals while reading
 */
export async function _openRecords(
  path: string,
  options: _OpenRecordsOptions,
): Promise<{ report: SourceReport; records: AsyncGenerator<_SourceRecord> }> {
  const { report, lines } = await _openSource(path);
  return { report, records: _records(path, lines, report, options) };
}

async function* _records(
  path: string,
  lines: AsyncGenerator<SourceLine>,
  report: SourceReport,
  options: _OpenRecordsOptions,
): AsyncGenerator<_SourceRecord> {
  const { problems } = options;
  // Find the first line with text to tell JSONL from CSV.
  // (next() by hand: leaving a for-await loop early would close the generator.)
  const head: SourceLine[] = [];
  let first: SourceLine | undefined;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    head.push(next.value);
    if (next.value.text !== undefined && next.value.text.trim() !== "") {
      first = next.value;
      break;
    }
  }
  const all = _prepend(head, lines);
  if (!first) {
    // No text at all: no rows (each caller says what that means for it).
    for await (const line of all) _reportUndecodable(path, line, problems);
    return;
  }
  const format = _format(path, first.text!);
  if (format === "json-array") {
    throw new DataError(
      { file: path, line: first.line },
      "holds a JSON array; write one JSON object per line (JSONL), e.g. pandas " +
        `to_json(orient="records", lines=True)`,
    );
  }
  if (format === "jsonl") yield* _jsonlRecords(path, all, problems);
  else yield* _csvRecords(path, all, report, options);
}

function _format(path: string, firstText: string): "jsonl" | "csv" | "json-array" {
  const name = path.toLowerCase().replace(/\.gz$/, "");
  const start = firstText.trimStart();
  if (/\.(csv|tsv|tab)$/.test(name)) return "csv";
  if (start.startsWith("[") && /\.(json|jsonl|ndjson)$|^[^.]*$/.test(name)) return "json-array";
  if (/\.(jsonl|ndjson|json)$/.test(name)) return "jsonl";
  return start.startsWith("{") ? "jsonl" : "csv";
}

async function* _prepend(
  head: SourceLine[],
  rest: AsyncGenerator<SourceLine>,
): AsyncGenerator<SourceLine> {
  yield* head;
  yield* rest;
}

function _reportUndecodable(path: string, line: SourceLine, problems: _ProblemLog): boolean {
  if (line.text !== undefined) return false;
  problems.add({ file: path, line: line.line, reason: line.problem ?? "unreadable line" });
  return true;
}

/** Renames keys that are known names in another case or with spaces (unless the exact key exists). */
function _canonicalKeys(value: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(value)) {
    if (KNOWN_NAMES.includes(key)) continue;
    const canonical = key.trim().toLowerCase();
    if (KNOWN_NAMES.includes(canonical) && !(canonical in value)) {
      value[canonical] = value[key];
      delete value[key];
    }
  }
  return value;
}

async function* _jsonlRecords(
  path: string,
  lines: AsyncIterable<SourceLine>,
  problems: _ProblemLog,
): AsyncGenerator<_SourceRecord> {
  for await (const source of lines) {
    if (_reportUndecodable(path, source, problems)) continue;
    const text = source.text!.trim();
    if (text === "") continue;
    const line = source.line;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.add({ file: path, line, reason: _jsonSyntaxReason(error) });
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      problems.add({ file: path, line, reason: "expected a JSON object" });
      continue;
    }
    yield { line, fields: _canonicalKeys(value as Record<string, unknown>) };
  }
}

/** JSON.parse's message without the text it quotes (sentences must not reach logs): only the place. */
function _jsonSyntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const at = /at position (\d+)/.exec(message);
  if (/Unexpected end of JSON input/.test(message)) return "not valid JSON (cut short)";
  return at ? `not valid JSON (at character ${Number(at[1]) + 1})` : "not valid JSON";
}

/** The header's column names: trimmed, known names in canonical case, empty for unnamed columns. */
function _headerNames(fields: readonly string[]): string[] {
  return fields.map((field) => {
    const name = field.replace(/^\ufeff/, "").trim();
    const canonical = name.toLowerCase();
    return KNOWN_NAMES.includes(canonical) ? canonical : name;
  });
}

/** The delimiter that makes the header hold the first required column, preferring more columns. */
function _sniffDelimiter(headerText: string, required: readonly string[]): string | undefined {
  let best: { delimiter: string; columns: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const reader = new _CsvRecordReader({ delimiter, relaxQuotes: true });
    let record;
    try {
      record = reader.push(1, headerText);
    } catch {
      continue;
    }
    if (!record) continue;
    const names = _headerNames(record.fields);
    if (required.length > 0 && !required.every((name) => names.includes(name))) continue;
    if (!best || names.length > best.columns) best = { delimiter, columns: names.length };
  }
  return best?.delimiter;
}

async function* _csvRecords(
  path: string,
  lines: AsyncIterable<SourceLine>,
  report: SourceReport,
  options: _OpenRecordsOptions,
): AsyncGenerator<_SourceRecord> {
  const { problems, required } = options;
  let reader: _CsvRecordReader | undefined;
  let delimiter: string | undefined;
  let header: string[] | undefined;
  let headerLine = 0;
  const unnamedWithValues = new Set<number>();
  const take = (line: number, text: string): string[] | undefined => {
    try {
      return reader!.push(line, text)?.fields;
    } catch (error) {
      if (!(error instanceof _CsvRecordProblem)) throw error;
      const problem = error.problem;
      problems.add({
        file: path,
        line: problem.line,
        field: `column ${problem.column}`,
        reason: problem.reason,
      });
      return undefined;
    }
  };
  let recordLine = 0;
  for await (const source of lines) {
    if (_reportUndecodable(path, source, problems)) continue;
    const text = source.text!;
    const line = source.line;
    if (!reader?.inQuotedField && text.trim() === "") continue;
    if (!reader) {
      const sep = /^\s*"?sep=(.)"?\s*$/i.exec(text);
      if (sep && delimiter === undefined) {
        delimiter = sep[1];
        continue;
      }
      delimiter ??= _sniffDelimiter(text, required.slice(0, 1)) ?? ",";
      reader = new _CsvRecordReader({ delimiter, relaxQuotes: true });
    }
    if (!reader.inQuotedField) recordLine = line;
    const fields = take(line, text);
    if (!fields) continue;
    if (!header) {
      header = _headerNames(fields);
      headerLine = recordLine;
      _checkHeader(path, headerLine, header, required);
      continue;
    }
    const record = _recordFields(path, recordLine, header, fields, unnamedWithValues, problems);
    if (record) yield { line: recordLine, fields: record };
  }
  if (reader) {
    try {
      reader.end();
    } catch (error) {
      if (!(error instanceof _CsvRecordProblem)) throw error;
      const { line, column, reason } = error.problem;
      problems.add({ file: path, line, field: `column ${column}`, reason });
    }
  }
  if (!header) throw new DataError({ file: path }, "no header row");
  for (const column of unnamedWithValues) {
    report.notes.push(
      `${path}: column ${column + 1} has no name in the header (a spreadsheet's index column?); ` +
        "ignored",
    );
  }
}

function _checkHeader(
  path: string,
  line: number,
  header: readonly string[],
  required: readonly string[],
): void {
  for (const name of required) {
    if (!header.includes(name)) {
      throw new DataError({ file: path, line, field: name }, `header has no "${name}" column`);
    }
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (name === "") continue;
    if (seen.has(name)) {
      throw new DataError({ file: path, line, field: name }, "column named twice in the header");
    }
    seen.add(name);
  }
}

/** A record's named fields; extra empty fields (a trailing delimiter) and unnamed columns are dropped. */
function _recordFields(
  path: string,
  line: number,
  header: readonly string[],
  fields: readonly string[],
  unnamedWithValues: Set<number>,
  problems: _ProblemLog,
): Record<string, string> | undefined {
  const fits = fields.length === header.length ||
    (fields.length > header.length && fields.slice(header.length).every((f) => f.trim() === "")) ||
    (fields.length < header.length && header.slice(fields.length).every((name) => name === ""));
  if (!fits) {
    problems.add({
      file: path,
      line,
      field: "columns",
      reason: `expected ${header.length} columns, found ${fields.length}`,
    });
    return undefined;
  }
  const values: Record<string, string> = {};
  for (let column = 0; column < header.length; column++) {
    const name = header[column];
    const value = (fields[column] ?? "").trim();
    if (name === "") {
      if (value !== "") unnamedWithValues.add(column);
      continue;
    }
    values[name] = value;
  }
  return values;
}
