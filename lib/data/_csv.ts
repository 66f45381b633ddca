/** A small RFC 4180 CSV reader that keeps the line number where each record starts. */
import { DataError } from "../core/errors.ts";

/** One CSV record and the 1-based line where it starts. */
export interface CsvRecord {
  /** 1-based line number of the record's first line. */
  line: number;
  /** Field values, quotes removed. */
  fields: string[];
}

/**
 * Parses CSV lines (quoted fields may contain commas, doubled quotes and line breaks). Blank lines and lines
 * marked `undefined` (already rejected) are skipped.
 * @param file file name, for errors
 * @param lines the file's lines
 * @returns the records in file order
 * @throws {DataError} a quote that is never closed, or text after a closing quote
 */
export function parseCsvRecords(
  file: string,
  lines: ReadonlyArray<string | undefined>,
): CsvRecord[] {
  const records: CsvRecord[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index];
    if (first === undefined || first.trim() === "") {
      index++;
      continue;
    }
    const startLine = index + 1;
    const fields: string[] = [];
    let field = "";
    let inQuotes = false;
    let text = first;
    let position = 0;
    let afterQuote = false;
    for (;;) {
      if (position >= text.length) {
        if (inQuotes) {
          index++;
          const next = lines[index];
          if (next === undefined) {
            throw new DataError({ file, line: startLine }, "quoted field is never closed");
          }
          field += "\n";
          text = next;
          position = 0;
          continue;
        }
        fields.push(field);
        break;
      }
      const char = text[position];
      if (inQuotes) {
        if (char === '"') {
          if (text[position + 1] === '"') {
            field += '"';
            position += 2;
            continue;
          }
          inQuotes = false;
          afterQuote = true;
        } else {
          field += char;
        }
        position++;
        continue;
      }
      if (char === ",") {
        fields.push(field);
        field = "";
        afterQuote = false;
      } else if (char === '"' && field === "" && !afterQuote) {
        inQuotes = true;
      } else if (afterQuote) {
        throw new DataError(
          { file, line: index + 1, field: `column ${fields.length + 1}` },
          "text after a closing quote",
        );
      } else {
        field += char;
      }
      position++;
    }
    records.push({ line: startLine, fields });
    index++;
  }
  return records;
}
