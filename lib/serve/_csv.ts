/** RFC 4180 CSV reading and quoting for the `text/csv` invocation format (private to lib/serve). */

/** Thrown by {@link parseCsvRecords}; `record` is 1-based. The message never quotes the data. */
export class CsvSyntaxError extends Error {
  /** 1-based record number where the problem is. */
  readonly record: number;
  /**
   * @param record 1-based record number
   * @param reason what is wrong
   */
  constructor(record: number, reason: string) {
    super(`CSV record ${record}: ${reason}`);
    this.record = record;
  }
}

/**
 * Splits CSV text into records of fields (RFC 4180): fields separated by commas, records by CRLF or LF,
 * fields in double quotes may hold commas, line breaks and doubled quotes (`""`). Lines that are
 * entirely empty are skipped (so a trailing newline does not make an empty record).
 * @param text CSV text (a leading byte-order mark is ignored)
 * @returns records, each a list of fields
 * @throws {CsvSyntaxError} on an unterminated quote, a quote inside an unquoted field, or text after a closing quote
 */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;
  let record: string[] = [];
  while (index < length) {
    const recordNumber = records.length + 1;
    // At the start of a field.
    let field: string;
    const quoted = text[index] === '"';
    if (quoted) {
      index++;
      let value = "";
      let closed = false;
      while (index < length) {
        const quote = text.indexOf('"', index);
        if (quote < 0) break;
        value += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          closed = true;
          break;
        }
      }
      if (!closed) throw new CsvSyntaxError(recordNumber, "unterminated quoted field");
      const next = text[index];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(recordNumber, "unexpected character after a closing quote");
      }
      field = value;
    } else {
      let end = index;
      while (end < length) {
        const char = text[end];
        if (char === "," || char === "\n" || char === "\r") break;
        if (char === '"') {
          throw new CsvSyntaxError(recordNumber, "quote inside an unquoted field");
        }
        end++;
      }
      field = text.slice(index, end);
      index = end;
    }
    record.push(field);
    const separator = text[index];
    if (separator === ",") {
      index++;
      if (index === length) record.push("");
      continue;
    }
    // End of record: CRLF, LF, lone CR or end of text.
    if (separator === "\r") index += text[index + 1] === "\n" ? 2 : 1;
    else if (separator === "\n") index++;
    const emptyLine = record.length === 1 && record[0] === "" && !quoted;
    if (!emptyLine) records.push(record);
    record = [];
    // Skip entirely empty lines.
    while (index < length && (text[index] === "\n" || text[index] === "\r")) index++;
  }
  if (record.length > 0) records.push(record);
  return records;
}

/**
 * Quotes one CSV field when it needs it (comma, quote, CR or LF), doubling inner quotes.
 * @param field the value
 * @returns the field as written in CSV
 */
export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
