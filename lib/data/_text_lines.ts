/** Reads a text file as UTF-8 lines, reporting missing files and invalid UTF-8 with file and line. */
import { DataError } from "../core/mod.ts";
import type { Reject } from "./types.ts";

/** The lines of a file; a line that is not valid UTF-8 is `undefined` (only with `skipInvalid`). */
export interface TextLines {
  /** Lines without their `\n` (a trailing `\r` is removed too); index 0 is line 1. */
  lines: Array<string | undefined>;
  /** One reject per invalid line (only with `skipInvalid`). */
  rejects: Reject[];
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

function _splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/**
 * Reads `path` as UTF-8 text split into lines.
 * @param path file to read
 * @param skipInvalid turn lines with invalid UTF-8 into rejects instead of failing
 * @returns the lines and the rejects
 * @throws {DataError} the file is missing, or (without `skipInvalid`) holds invalid UTF-8
 */
export async function readTextLines(path: string, skipInvalid = false): Promise<TextLines> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataError({ file: path }, "file not found");
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new DataError({ file: path }, "is a folder, expected a file");
    }
    throw error;
  }
  try {
    return { lines: _splitLines(strictDecoder.decode(bytes)), rejects: [] };
  } catch {
    // Fall through to line-by-line decoding to find the bad line(s).
  }
  const lines: Array<string | undefined> = [];
  const rejects: Reject[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const lineNumber = lines.length + 1;
    try {
      let line = strictDecoder.decode(bytes.subarray(start, end));
      if (line.endsWith("\r")) line = line.slice(0, -1);
      lines.push(line);
    } catch {
      if (!skipInvalid) throw new DataError({ file: path, line: lineNumber }, "invalid UTF-8");
      lines.push(undefined);
      rejects.push({ file: path, line: lineNumber, reason: "invalid UTF-8" });
    }
    start = end + 1;
  }
  return { lines, rejects };
}
