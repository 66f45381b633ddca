/**
 * The project's one CSV parser (RFC 4180), behind one small function so that its implementation can be
 * swapped for a library without touching the readers that call it (labelled rows, sentences to score,
 * the endpoint's `text/csv` bodies).
 */
import { DataError } from "../core/mod.ts";

/** One CSV record and the 1-based line where it starts. */
export interface CsvRecord {
  /** 1-based line number of the record's first line. */
  line: number;
  /** Field values, quotes removed. */
  fields: string[];
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Read a quote inside an unquoted field (`say "no"`) as a literal quote instead of failing. */
  relaxQuotes?: boolean;
  /** Skip lines holding only white space (empty lines are always skipped). */
  skipBlankLines?: boolean;
}

/** Malformed CSV. The message names the record and line, never the data. */
export class CsvSyntaxError extends Error {
  /** 1-based line where the problem is (for an unterminated quote: where its record starts). */
  readonly line: number;
  /** 1-based number of the record (empty lines not counted). */
  readonly record: number;
  /** 1-based field number within the record. */
  readonly column: number;
  /** What is wrong. */
  readonly reason: string;

  /**
   * @param where line, record and field number
   * @param reason what is wrong
   */
  constructor(where: { line: number; record: number; column: number }, reason: string) {
    super(`CSV record ${where.record} (line ${where.line}): ${reason}`);
    this.name = "CsvSyntaxError";
    this.line = where.line;
    this.record = where.record;
    this.column = where.column;
    this.reason = reason;
  }

  /**
   * The same problem as a {@link DataError} naming the file, the line and the field (`column N`).
   * @param file the file the text came from
   * @returns the error to throw
   */
  inFile(file: string): DataError {
    return new DataError({ file, line: this.line, field: `column ${this.column}` }, this.reason);
  }
}

/**
 * Splits CSV text into records of fields: fields separated by commas, records by CRLF, LF or a lone CR;
 * a field in double quotes may hold commas, line breaks and doubled quotes (`""`). Empty lines are
 * skipped, so a trailing newline makes no empty record; a leading byte-order mark is ignored.
 * @param text the CSV text
 * @param options lenient quotes, skipping of white-space-only lines
 * @returns the records in order, each with the line it starts on
 * @throws {CsvSyntaxError} an unterminated quoted field, text after a closing quote, or (without
 * `relaxQuotes`) a quote inside an unquoted field
 * @example
 * ```ts
 * const records = parseCsv('id,text\n1,"rash, fever"\n');
 * console.log(records[1]); // { line: 2, fields: ["1", "rash, fever"] }
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  /** Moves past the line break at `index` (CRLF, LF or CR), if any, counting the line. */
  const skipLineBreak = (): boolean => {
    const char = text[index];
    if (char === "\r") index += text[index + 1] === "\n" ? 2 : 1;
    else if (char === "\n") index++;
    else return false;
    line++;
    return true;
  };
  while (index < length) {
    // At the start of a record: skip empty (or, if asked, white-space-only) lines.
    if (skipLineBreak()) continue;
    if (options.skipBlankLines) {
      let end = index;
      while (end < length && text[end] !== "\n" && text[end] !== "\r") end++;
      if (text.slice(index, end).trim() === "") {
        index = end;
        continue;
      }
    }
    const record: CsvRecord = { line, fields: [] };
    const where = () => ({ line, record: records.length + 1, column: record.fields.length + 1 });
    for (;;) {
      let field = "";
      if (text[index] === '"') {
        index++;
        for (;;) {
          const quote = text.indexOf('"', index);
          if (quote < 0) {
            throw new CsvSyntaxError(
              { ...where(), line: record.line },
              "unterminated quoted field",
            );
          }
          field += _countingLines(text.slice(index, quote), () => line++);
          index = quote + 1;
          if (text[index] !== '"') break;
          field += '"';
          index++;
        }
        const next = text[index];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(where(), "text after a closing quote");
        }
      } else {
        let end = index;
        while (end < length) {
          const char = text[end];
          if (char === "," || char === "\n" || char === "\r") break;
          if (char === '"' && !options.relaxQuotes) {
            throw new CsvSyntaxError(where(), "quote inside an unquoted field");
          }
          end++;
        }
        field = text.slice(index, end);
        index = end;
      }
      record.fields.push(field);
      if (text[index] !== ",") break;
      index++;
    }
    records.push(record);
    skipLineBreak();
  }
  return records;
}

/** Returns `value`, calling `onLine` once per line break in it (CRLF counts once). */
function _countingLines(value: string, onLine: () => void): string {
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === "\n" || (char === "\r" && value[i + 1] !== "\n")) onLine();
  }
  return value;
}
