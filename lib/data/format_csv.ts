/** The writing side of the project's CSV (RFC 4180), the counterpart of `parseCsv`. */

/**
 * Formats records as CSV: fields joined by commas, records ended by CRLF; a field holding a comma, a
 * quote, CR or LF is quoted with inner quotes doubled.
 * @param records rows of field values (the first is usually the header)
 * @returns the CSV text
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatCsv([["id", "text"], ["1", 'said "no", twice']]), 'id,text\r\n1,"said ""no"", twice"\r\n');
 * ```
 */
export function formatCsv(records: readonly (readonly string[])[]): string {
  let out = "";
  for (const record of records) {
    out +=
      record.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field))
        .join(",") + "\r\n";
  }
  return out;
}
