/**
 * Private: the CSV grammar, fed one line at a time so that files of any size stream through it. Used by
 * `parseCsv` (whole texts: the endpoint's bodies) and by the file readers (line by line).
 */

/** One CSV record and the 1-based line where it starts. */
export interface CsvRecord {
  /** 1-based line number of the record's first line. */
  line: number;
  /** Field values, quotes removed. */
  fields: string[];
}

/** A malformed record, before the caller names the file. */
export interface _CsvProblem {
  /** 1-based line where the problem is (for an unterminated quote: where its record starts). */
  line: number;
  /** 1-based field number within the record. */
  column: number;
  /** What is wrong. */
  reason: string;
}

/** Thrown by {@link _CsvRecordReader} for a malformed record; the reader is ready for the next line. */
export class _CsvRecordProblem extends Error {
  /** Where and what. */
  readonly problem: _CsvProblem;
  /** @param problem where and what */
  constructor(problem: _CsvProblem) {
    super(problem.reason);
    this.problem = problem;
  }
}

/** Longest quoted field read before an open quote is taken to be unterminated (characters). */
const MAX_QUOTED_FIELD_CHARS = 1_000_000;

/** Spaces and tabs allowed around a quoted field (a tab only when it is not the delimiter). */
function _isPadding(char: string | undefined, delimiter: string): boolean {
  return (char === " " || char === "\t" || char === "\u00a0") && char !== delimiter;
}

/**
 * Reads CSV records from lines (without their breaks): fields separated by `delimiter`; a field in double
 * quotes may hold the delimiter, line breaks (read as `\n`) and doubled quotes, and may have spaces
 * around its quotes. With `relaxQuotes` a quote inside an unquoted field is a literal quote.
 */
export class _CsvRecordReader {
  readonly #delimiter: string;
  readonly #relaxQuotes: boolean;
  /** The record being read across lines, when a quoted field is still open. */
  #open: { line: number; fields: string[]; field: string } | undefined;

  /**
   * @param options the delimiter (one character) and whether quotes inside unquoted fields are literal
   */
  constructor(options: { delimiter: string; relaxQuotes: boolean }) {
    this.#delimiter = options.delimiter;
    this.#relaxQuotes = options.relaxQuotes;
  }

  /** True while a quoted field continues onto the next line. */
  get inQuotedField(): boolean {
    return this.#open !== undefined;
  }

  /**
   * Reads one line.
   * @param line its 1-based number
   * @param text the line without its break
   * @returns the record it completes, or undefined while a quoted field continues
   * @throws {_CsvRecordProblem} a malformed record (its lines are dropped; reading goes on with the next)
   */
  push(line: number, text: string): CsvRecord | undefined {
    const delimiter = this.#delimiter;
    let fields: string[];
    let recordLine: number;
    let index = 0;
    let field: string | undefined;
    if (this.#open) {
      ({ fields, line: recordLine, field } = this.#open);
      field += "\n";
      this.#open = undefined;
    } else {
      fields = [];
      recordLine = line;
    }
    const fail = (reason: string, where = line): never => {
      throw new _CsvRecordProblem({ line: where, column: fields.length + 1, reason });
    };
    for (;;) {
      if (field === undefined) {
        // At the start of a field: quoted (after optional padding) or not.
        let start = index;
        while (_isPadding(text[start], delimiter)) start++;
        if (text[start] === '"') {
          index = start + 1;
          field = "";
        } else {
          let end = index;
          while (end < text.length && text[end] !== delimiter) {
            if (text[end] === '"' && !this.#relaxQuotes) fail("quote inside an unquoted field");
            end++;
          }
          fields.push(text.slice(index, end));
          if (end >= text.length) return { line: recordLine, fields };
          index = end + 1;
          continue;
        }
      }
      // Inside a quoted field.
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) {
          field += text.slice(index);
          if (field.length > MAX_QUOTED_FIELD_CHARS) {
            fail(
              `quoted field longer than ${MAX_QUOTED_FIELD_CHARS} characters: unterminated quote?`,
              recordLine,
            );
          }
          this.#open = { line: recordLine, fields, field };
          return undefined;
        }
        field += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      while (_isPadding(text[index], delimiter)) index++;
      if (index < text.length && text[index] !== delimiter) fail("text after a closing quote");
      fields.push(field);
      field = undefined;
      if (index >= text.length) return { line: recordLine, fields };
      index++;
      if (index >= text.length) {
        fields.push("");
        return { line: recordLine, fields };
      }
    }
  }

  /**
   * Ends the input.
   * @throws {_CsvRecordProblem} a quoted field is still open (named at its record's first line)
   */
  end(): void {
    const open = this.#open;
    this.#open = undefined;
    if (open) {
      throw new _CsvRecordProblem({
        line: open.line,
        column: open.fields.length + 1,
        reason: "unterminated quoted field",
      });
    }
  }
}
