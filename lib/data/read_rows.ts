/** Reads labelled rows from a JSONL or CSV file: our own files and the user's. */
import { DataError, type DataLocation } from "../core/mod.ts";
import { type CsvRecord, CsvSyntaxError, parseCsv } from "./parse_csv.ts";
import { readTextLines } from "./_text_lines.ts";
import type { Label, Mention, Reject, Row } from "./types.ts";

/** Rows read from a file plus the rows that were skipped as invalid. */
export interface LabelledFile {
  /** Valid rows in file order. */
  rows: Row[];
  /** Skipped rows with the reason (empty unless `skipInvalid`). */
  rejects: Reject[];
}

/** Options for {@link readLabelledFile}. */
export interface ReadLabelledFileOptions {
  /** Skip invalid rows (recording a reject each) instead of failing on the first one. */
  skipInvalid?: boolean;
}

/**
 * Parses a label: `Adverse_Event`/`Not_AE`, or `1`/`0` (as text or number).
 * @param value the raw value
 * @returns the label, or `undefined` when it is none of these
 * @example parseLabel("1") === "Adverse_Event"
 */
export function parseLabel(value: unknown): Label | undefined {
  if (value === "Adverse_Event" || value === "1" || value === 1) return "Adverse_Event";
  if (value === "Not_AE" || value === "0" || value === 0) return "Not_AE";
  return undefined;
}

function _describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function _fail(location: DataLocation, reason: string): never {
  throw new DataError(location, reason);
}

function _mentions(
  value: unknown,
  text: string,
  location: DataLocation,
  field: string,
): Mention[] {
  if (!Array.isArray(value)) _fail({ ...location, field }, "expected an array of mentions");
  return value.map((item, index) => {
    const where = { ...location, field: `${field}[${index}]` };
    if (item === null || typeof item !== "object") _fail(where, "expected a mention object");
    const mention = item as Record<string, unknown>;
    if (typeof mention.text !== "string") _fail(where, 'mention needs a string "text"');
    if (!Number.isInteger(mention.start) || !Number.isInteger(mention.end)) {
      _fail(where, 'mention needs integer "start" and "end"');
    }
    const start = mention.start as number, end = mention.end as number;
    if (text.slice(start, end) !== mention.text) {
      _fail(where, `span ${start}-${end} does not hold the mention ${_describe(mention.text)}`);
    }
    return mention as unknown as Mention;
  });
}

function _rowFromFields(
  record: Record<string, unknown>,
  location: DataLocation,
  fallbackId: string,
): Row {
  const { id, text, label, pmid, group, drugs, effects, ...extra } = record;
  if (typeof text !== "string") {
    _fail({ ...location, field: "text" }, text === undefined ? "missing" : "expected a string");
  }
  if (text.trim() === "") _fail({ ...location, field: "text" }, "empty text");
  const parsedLabel = parseLabel(label);
  if (!parsedLabel) {
    _fail(
      { ...location, field: "label" },
      label === undefined || label === ""
        ? "missing label (expected Adverse_Event, Not_AE, 1 or 0)"
        : `unknown label ${_describe(label)} (expected Adverse_Event, Not_AE, 1 or 0)`,
    );
  }
  const row: Row = { id: fallbackId, text, label: parsedLabel };
  if (id !== undefined && id !== null && id !== "") {
    if (typeof id !== "string" && typeof id !== "number") {
      _fail({ ...location, field: "id" }, "expected a string or number");
    }
    row.id = String(id);
  }
  const groupValue = pmid ?? group;
  if (groupValue !== undefined && groupValue !== null && groupValue !== "") {
    if (typeof groupValue !== "string" && typeof groupValue !== "number") {
      _fail(
        { ...location, field: pmid !== undefined ? "pmid" : "group" },
        "expected a string or number",
      );
    }
    row.pmid = String(groupValue);
  }
  if (drugs !== undefined) row.drugs = _mentions(drugs, text, location, "drugs");
  if (effects !== undefined) row.effects = _mentions(effects, text, location, "effects");
  for (const [key, value] of Object.entries(extra)) row[key] = value;
  return row;
}

function _isJsonl(path: string, firstLine: string | undefined): boolean {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return false;
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return true;
  return (firstLine ?? "").trimStart().startsWith("{");
}

/**
 * Reads labelled rows from JSONL (one object a line) or CSV (a header row naming `text` and `label`),
 * with optional `id`, `pmid` or `group` (used as the PubMed id for grouped splits), and for JSONL
 * `drugs`/`effects` mentions and any further fields. Rows without `id` get `<line>` based ids.
 * @param path the file
 * @param options `skipInvalid` collects row problems as rejects instead of failing
 * @returns rows and rejects
 * @throws {DataError} with file, line and field: missing file, invalid UTF-8, bad JSON, wrong column count,
 *   empty text, unknown label, bad mention offsets, repeated id
 * @example const { rows } = await readLabelledFile("my.csv");
 */
export async function readLabelledFile(
  path: string,
  options: ReadLabelledFileOptions = {},
): Promise<LabelledFile> {
  const skipInvalid = options.skipInvalid ?? false;
  const { lines, rejects } = await readTextLines(path, skipInvalid);
  const rows: Row[] = [];
  const seenIds = new Map<string, number>();
  const attempt = (line: number, build: () => Row) => {
    try {
      const row = build();
      const earlier = seenIds.get(row.id);
      if (earlier !== undefined) {
        _fail(
          { file: path, line, field: "id" },
          `id ${_describe(row.id)} already used on line ${earlier}`,
        );
      }
      seenIds.set(row.id, line);
      rows.push(row);
    } catch (error) {
      if (!(error instanceof DataError) || !skipInvalid) throw error;
      rejects.push({ ...error.location, reason: error.reason });
    }
  };
  const firstLine = lines.find((line) => line !== undefined && line.trim() !== "");
  if (_isJsonl(path, firstLine)) {
    for (let index = 0; index < lines.length; index++) {
      const text = lines[index];
      if (text === undefined || text.trim() === "") continue;
      const line = index + 1;
      attempt(line, () => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          _fail({ file: path, line }, `not valid JSON (${(error as Error).message})`);
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          _fail({ file: path, line }, "expected a JSON object");
        }
        return _rowFromFields(
          value as Record<string, unknown>,
          { file: path, line },
          `line-${line}`,
        );
      });
    }
  } else {
    const records = _csvRecords(path, lines);
    if (records.length === 0) _fail({ file: path }, "no header row");
    const header = records[0].fields.map((name) => name.trim());
    for (const required of ["text", "label"]) {
      if (!header.includes(required)) {
        _fail(
          { file: path, line: records[0].line, field: required },
          `header has no "${required}" column`,
        );
      }
    }
    for (const record of records.slice(1)) {
      attempt(record.line, () => {
        if (record.fields.length !== header.length) {
          _fail(
            { file: path, line: record.line, field: "columns" },
            `expected ${header.length} columns, found ${record.fields.length}`,
          );
        }
        const values: Record<string, unknown> = {};
        header.forEach((name, column) => values[name] = record.fields[column]);
        return _rowFromFields(values, { file: path, line: record.line }, `line-${record.line}`);
      });
    }
  }
  rejects.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { rows, rejects };
}

/**
 * Reads labelled rows from JSONL (our schema) or a user's CSV/JSONL; the first invalid row fails the read.
 * @param path the file
 * @returns the rows in file order
 * @throws {DataError} with file, line and field
 * @example const trainRows = await readRows("runs/data/train.jsonl");
 */
export async function readRows(path: string): Promise<Row[]> {
  return (await readLabelledFile(path)).rows;
}

/**
 * The CSV records of a file's lines (lines that are not valid UTF-8, already rejected, read as empty and
 * skipped, as are lines holding only white space); a quote inside an unquoted field is a literal quote.
 */
function _csvRecords(path: string, lines: ReadonlyArray<string | undefined>): CsvRecord[] {
  try {
    return parseCsv(lines.map((line) => line ?? "").join("\n"), {
      relaxQuotes: true,
      skipBlankLines: true,
    });
  } catch (error) {
    throw error instanceof CsvSyntaxError ? error.inFile(path) : error;
  }
}
