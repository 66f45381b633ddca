/** Private: turns one record's fields into a row, checking each, by the one id rule of every reader. */
import { DataError, type DataLocation } from "../core/mod.ts";
import type { Label, Mention, Row } from "./types.ts";

/**
 * The id of a row without an id of its own: `line-<N>`, N the 1-based line where its record starts in
 * the file. Every reader and verb uses it, so that predictions join back to the input rows.
 * @param line the record's first line
 * @returns the id
 */
export function _lineId(line: number): string {
  return `line-${line}`;
}

/**
 * Parses a label: `Adverse_Event`/`Not_AE`, or `1`/`0` (as text or number, also `1.0`/`0.0`
 * as pandas writes a label column that had a missing value), surrounding spaces ignored.
 * @param value the raw value
 * @returns the label, or `undefined` when it is none of these
 */
export function _parseLabel(value: unknown): Label | undefined {
  if (value === 1) return "Adverse_Event";
  if (value === 0) return "Not_AE";
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "Adverse_Event" || text === "1" || text === "1.0") return "Adverse_Event";
  if (text === "Not_AE" || text === "0" || text === "0.0") return "Not_AE";
  return undefined;
}

/** A short, quoted rendering of a value for messages (ids and labels, never sentences). */
export function _describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function _fail(location: DataLocation, reason: string): never {
  throw new DataError(location, reason);
}

/**
 * The row's id: its own `id` (a string or number; spaces around it ignored), else {@link _lineId}.
 * @param value the `id` field
 * @param location file and line, for errors
 * @returns the id
 * @throws {DataError} an id that is neither a string nor a number
 */
export function _rowId(value: unknown, location: DataLocation & { line: number }): string {
  if (value === undefined || value === null) return _lineId(location.line);
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") _fail({ ...location, field: "id" }, "expected a string or number");
  const id = value.trim();
  return id === "" ? _lineId(location.line) : id;
}

/**
 * Checks a row's text.
 * @param value the `text` field
 * @param location file and line
 * @returns the text
 * @throws {DataError} missing, not a string, or empty
 */
export function _rowText(value: unknown, location: DataLocation): string {
  if (typeof value !== "string") {
    _fail({ ...location, field: "text" }, value === undefined ? "missing" : "expected a string");
  }
  if (value.trim() === "") _fail({ ...location, field: "text" }, "empty text");
  return value;
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

/**
 * Builds a labelled row from a record's fields: `text` and `label` required; `id` (else the line id);
 * `pmid` or `group` as the PubMed id; `drugs`/`effects` mentions checked against the text; any other
 * field kept as it is.
 * @param record the fields (a JSON object, or CSV values by column name)
 * @param location file and the record's first line
 * @returns the row
 * @throws {DataError} naming file, line and field
 */
export function _labelledRow(
  record: Record<string, unknown>,
  location: DataLocation & { line: number },
): Row {
  const { id, text, label, pmid, group, drugs, effects, ...extra } = record;
  const checkedText = _rowText(text, location);
  const parsedLabel = _parseLabel(label);
  if (!parsedLabel) {
    _fail(
      { ...location, field: "label" },
      label === undefined || label === ""
        ? "missing label (expected Adverse_Event, Not_AE, 1 or 0)"
        : `unknown label ${_describe(label)} (expected Adverse_Event, Not_AE, 1 or 0)`,
    );
  }
  const row: Row = { id: _rowId(id, location), text: checkedText, label: parsedLabel };
  const groupValue = pmid ?? group;
  if (groupValue !== undefined && groupValue !== null && groupValue !== "") {
    if (typeof groupValue !== "string" && typeof groupValue !== "number") {
      _fail(
        { ...location, field: pmid !== undefined ? "pmid" : "group" },
        "expected a string or number",
      );
    }
    row.pmid = String(groupValue).trim();
  }
  if (drugs !== undefined) row.drugs = _mentions(drugs, checkedText, location, "drugs");
  if (effects !== undefined) row.effects = _mentions(effects, checkedText, location, "effects");
  for (const [key, value] of Object.entries(extra)) row[key] = value;
  return row;
}
