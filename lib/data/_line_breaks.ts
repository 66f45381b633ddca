/**
 * Private: the project's one rule for line breaks, for text and for bytes. A break is LF, CRLF, or a
 * lone CR (classic Mac, Excel's "CSV (Macintosh)"); CRs right before an LF belong to that break, so
 * the `\r\r\n` that Python's csv writer leaves on Windows (a file opened without `newline=""`) is one
 * break, not a blank line between every row. Files may mix these.
 */

const LF = 0x0a;
const CR = 0x0d;

/** Matches one line break: CRs then LF, or a CR that does not start such a run. */
const BREAK = /\r*\n|\r(?!\r*\n)/g;

/**
 * Splits a complete text into lines without their breaks; a final break ends the last line (it does
 * not start an empty one).
 * @param text the text
 * @returns the lines, line 1 first
 */
export function _splitLines(text: string): string[] {
  const lines = text.includes("\r") ? text.split(BREAK) : text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Splits text that arrives in pieces into lines: a piece may end inside a line or between the CR and
 * the LF of one break.
 */
export class _LineSplitter {
  #carry = "";

  /**
   * Adds a piece of text.
   * @param piece the next piece
   * @param emit receives each complete line, in order
   */
  push(piece: string, emit: (line: string) => void): void {
    let text = this.#carry + piece;
    // CRs at the very end may still be followed by an LF in the next piece: keep them back.
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === CR) end--;
    const lastBreak = end === 0
      ? -1
      : Math.max(text.lastIndexOf("\n", end - 1), text.lastIndexOf("\r", end - 1));
    if (lastBreak < 0) {
      this.#carry = text;
      return;
    }
    this.#carry = text.slice(lastBreak + 1);
    text = text.slice(0, lastBreak + 1);
    for (const line of _splitLines(text)) emit(line);
  }

  /**
   * Ends the text: the rest is the last line (if any).
   * @param emit receives the remaining lines
   */
  end(emit: (line: string) => void): void {
    const rest = this.#carry;
    this.#carry = "";
    if (rest === "") return;
    for (const line of _splitLines(rest.endsWith("\r") ? rest : rest + "\n")) emit(line);
  }
}

/**
 * Where the complete lines of a byte buffer end: after its last break that cannot grow (CRs at the very
 * end are kept back, as they may be followed by an LF).
 * @param bytes the buffer
 * @returns the length of the prefix holding only complete lines (0 when there is none)
 */
export function _completeLinesLength(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === CR) end--;
  if (end === 0) return 0;
  const lf = bytes.lastIndexOf(LF, end - 1);
  const cr = bytes.lastIndexOf(CR, end - 1);
  return Math.max(lf, cr) + 1;
}

/**
 * The lines of a byte buffer that holds only complete lines (or is the end of the input), as byte
 * ranges, by the same rule as {@link _splitLines}.
 * @param bytes the buffer
 * @returns `[start, end)` of each line, without its break
 */
export function _lineRanges(bytes: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte === LF) {
      ranges.push([start, index]);
      start = ++index;
    } else if (byte === CR) {
      let run = index;
      while (run < bytes.length && bytes[run] === CR) run++;
      if (run < bytes.length && bytes[run] === LF) {
        ranges.push([start, index]);
        start = index = run + 1;
      } else {
        ranges.push([start, index]);
        start = ++index;
      }
    } else {
      index++;
    }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}
