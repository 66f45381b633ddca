/**
 * Private: reads any input file as numbered lines of text, streaming, accepting what files carry after
 * an editor, a spreadsheet, a download tool or a copy step has touched them:
 * - silently: a UTF-8 byte-order mark (at the start, or at the start of any line after files were
 *   concatenated), UTF-16 with a byte-order mark (Excel's "Unicode Text", Windows PowerShell's `>`),
 *   gzip compression (by content, whatever the name), CRLF, lone CR or mixed line breaks and `\r\r\n`
 *   (see `_line_breaks.ts`), no final line break, the Ctrl-Z that `copy` appends on Windows;
 * - with a note: Windows-1252 (Latin-1) instead of UTF-8, when every such line reads as Western
 *   European text; text in decomposed Unicode (NFD, as some macOS tools write), read as NFC.
 * It refuses, naming the file (and line): a missing file or a folder, a zip archive, an HTML page or a
 * Git LFS pointer saved in place of the data, corrupt gzip data, a file that mixes UTF-8 and another
 * encoding, and (per line) bytes that are neither UTF-8 nor such text, or NUL bytes.
 */
import { DataError } from "../core/mod.ts";
import { _completeLinesLength, _lineRanges, _LineSplitter, _splitLines } from "./_line_breaks.ts";
import { _decodeWindows1252Line } from "./_windows_1252.ts";

/** One line of a source file. */
export interface SourceLine {
  /** 1-based line number. */
  line: number;
  /** The text without its line break, or undefined when the line could not be decoded. */
  text?: string;
  /** Why the line could not be decoded. */
  problem?: string;
}

/** What reading found out about a file; filled in while its lines are read. */
export interface SourceReport {
  /** The file. */
  file: string;
  /** Size on disk in bytes (compressed size for gzip). */
  totalBytes: number;
  /** Bytes read from disk so far (for progress). */
  bytesRead: number;
  /** Things a person should know about how the file was read (each one line, no data). */
  notes: string[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Opens `path` for reading its lines.
 * @param path the file
 * @returns the report (filled in as lines are read) and the lines
 * @throws {DataError} a missing file or folder (at once); the other refusals while the lines are read
 */
export async function _openSource(
  path: string,
): Promise<{ report: SourceReport; lines: AsyncGenerator<SourceLine> }> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataError({ file: path }, "file not found");
    }
    throw error;
  }
  if (info.isDirectory) throw new DataError({ file: path }, "is a folder, expected a file");
  const report: SourceReport = { file: path, totalBytes: info.size, bytesRead: 0, notes: [] };
  return { report, lines: _lines(path, report) };
}

async function* _lines(path: string, report: SourceReport): AsyncGenerator<SourceLine> {
  const file = await Deno.open(path);
  try {
    const head = new Uint8Array(4);
    const headLength = (await file.read(head)) ?? 0;
    await file.seek(0, Deno.SeekMode.Start);
    const counted = file.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          report.bytesRead += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const gzip = headLength >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    const bytes: ReadableStream<Uint8Array> = gzip
      ? counted.pipeThrough(new DecompressionStream("gzip") as ReadableWritablePair<Uint8Array>)
      : counted;
    if (!gzip && headLength === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3) {
      throw new DataError({ file: path }, "is a zip archive: unzip it and give the file inside");
    }
    yield* _decodedLines(path, _chunks(path, bytes, gzip), report);
  } finally {
    try {
      file.close();
    } catch {
      // closed by the stream already
    }
  }
}

/** The stream's chunks; a gzip error becomes a {@link DataError} naming the file. */
async function* _chunks(
  path: string,
  stream: ReadableStream<Uint8Array>,
  gzip: boolean,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    if (gzip && error instanceof TypeError) {
      throw new DataError({ file: path }, "gzip data is corrupt or cut short (download it again)");
    }
    throw error;
  }
}

/** State shared by the decoding of one file. */
interface DecodeState {
  path: string;
  report: SourceReport;
  line: number;
  firstText: boolean;
  /** First line that held UTF-8 above ASCII. */
  utf8Line?: number;
  /** Lines read as Windows-1252, and the first. */
  legacyLines: number;
  legacyFirst?: number;
  decomposedLines: number;
}

async function* _decodedLines(
  path: string,
  chunks: AsyncGenerator<Uint8Array>,
  report: SourceReport,
): AsyncGenerator<SourceLine> {
  const state: DecodeState = {
    path,
    report,
    line: 0,
    firstText: true,
    legacyLines: 0,
    decomposedLines: 0,
  };
  let carry: Uint8Array = new Uint8Array(0);
  let started = false;
  let utf16: TextDecoder | undefined;
  const splitter = new _LineSplitter();
  const pending: string[] = [];
  const collect = (text: string) => pending.push(text);
  for await (const chunk of chunks) {
    let bytes = carry.length > 0 ? _concat(carry, chunk) : chunk;
    carry = new Uint8Array(0);
    if (!started) {
      if (bytes.length < 3) {
        carry = bytes;
        continue;
      }
      started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        utf16 = new TextDecoder("utf-16le", { fatal: true });
        bytes = bytes.subarray(2);
      } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        utf16 = new TextDecoder("utf-16be", { fatal: true });
        bytes = bytes.subarray(2);
      } else if (_looksLikeUtf16WithoutMark(bytes)) {
        throw new DataError(
          { file: path },
          "holds NUL bytes in every other place: UTF-16 without a byte-order mark, or binary " +
            "data; save it as UTF-8",
        );
      }
    }
    if (utf16) {
      let text: string;
      try {
        text = utf16.decode(bytes, { stream: true });
      } catch {
        throw new DataError({ file: path, line: state.line + 1 }, "invalid UTF-16");
      }
      splitter.push(text, collect);
      for (const text of pending.splice(0)) yield _finish(state, text);
      continue;
    }
    const complete = _completeLinesLength(bytes);
    carry = bytes.slice(complete);
    if (complete > 0) yield* _byteLines(state, bytes.subarray(0, complete));
  }
  if (utf16) {
    let rest: string;
    try {
      rest = utf16.decode();
    } catch {
      throw new DataError({ file: path, line: state.line + 1 }, "invalid UTF-16 (cut short)");
    }
    splitter.push(rest, collect);
    splitter.end(collect);
    const lines = pending.splice(0);
    if (lines.length > 0 && lines[lines.length - 1] === "\x1a") lines.pop();
    for (const text of lines) yield _finish(state, text);
  } else if (carry.length > 0) {
    let rest = carry;
    if (rest[rest.length - 1] === 0x1a) rest = rest.subarray(0, rest.length - 1);
    if (state.line === 0 && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) {
      rest = rest.subarray(3);
    }
    if (rest.length > 0) yield* _byteLines(state, rest);
  }
  if (state.legacyLines > 0 && state.utf8Line !== undefined) {
    throw new DataError(
      { file: path, line: state.legacyFirst },
      `not UTF-8 (it reads as Windows-1252), while line ${state.utf8Line} is UTF-8: the file mixes ` +
        "encodings; save it again as UTF-8",
    );
  }
  if (state.legacyLines > 0) {
    report.notes.push(
      `${path}: not UTF-8; read as Windows-1252 (Latin-1), as Excel's "CSV (Comma delimited)" ` +
        `writes it: ${state.legacyLines} line${
          state.legacyLines === 1 ? "" : "s"
        } with accented letters or symbols, the first on line ${state.legacyFirst}. If they look ` +
        "wrong, save the file as UTF-8",
    );
  }
  if (state.decomposedLines > 0) {
    report.notes.push(
      `${path}: ${state.decomposedLines} line${
        state.decomposedLines === 1 ? "" : "s"
      } in decomposed Unicode (NFD, as some macOS tools write); read as NFC`,
    );
  }
}

/** The lines of a block of complete lines of UTF-8 (or Windows-1252) bytes. */
function* _byteLines(state: DecodeState, block: Uint8Array): Generator<SourceLine> {
  let text: string | undefined;
  try {
    text = utf8.decode(block);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !text.includes("\0")) {
    for (const line of _splitLines(text)) yield _finish(state, line);
    return;
  }
  // Some line of the block is not UTF-8 (or holds a NUL): decode line by line.
  for (const [start, end] of _lineRanges(block)) {
    const bytes = block.subarray(start, end);
    if (bytes.includes(0)) {
      state.line++;
      yield { line: state.line, problem: "holds NUL bytes (binary data?)" };
      continue;
    }
    let line: string | undefined;
    let legacy = false;
    try {
      line = utf8.decode(bytes);
    } catch {
      line = state.utf8Line === undefined ? _decodeWindows1252Line(bytes) : undefined;
      if (line === undefined) {
        state.line++;
        yield { line: state.line, problem: "invalid UTF-8" };
        continue;
      }
      legacy = true;
      state.legacyLines++;
      state.legacyFirst ??= state.line + 1;
    }
    yield _finish(state, line, legacy);
  }
}

/**
 * Numbers a decoded line, drops a byte-order mark at its start, reads it as NFC, checks the first; a
 * line of UTF-8 above ASCII is remembered (`legacy`: the line was read as Windows-1252 instead).
 */
function _finish(state: DecodeState, raw: string, legacy = false): SourceLine {
  state.line++;
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (_hasNonAscii(text)) {
    if (!legacy) state.utf8Line ??= state.line;
    const composed = text.normalize("NFC");
    if (composed !== text) {
      state.decomposedLines++;
      text = composed;
    }
  }
  if (state.firstText && text.trim() !== "") {
    state.firstText = false;
    _refusePlaceholders(state.path, state.line, text);
  }
  return { line: state.line, text };
}

/** True when the text has a character above ASCII (quicker than a regular expression on long lines). */
function _hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** Refuses the pages that download tools save in place of a data file. */
function _refusePlaceholders(file: string, line: number, text: string): void {
  if (/^\s*<(!doctype\s+html|html[\s>])/i.test(text)) {
    throw new DataError(
      { file, line },
      "is an HTML page, not the data: the download saved a web page (use the raw file's address)",
    );
  }
  if (text.startsWith("version https://git-lfs.github.com/spec/")) {
    throw new DataError(
      { file, line },
      "is a Git LFS pointer, not the data: fetch the file itself (git lfs pull)",
    );
  }
}

/** True when the first bytes look like UTF-16 text without a byte-order mark (NULs every other byte). */
function _looksLikeUtf16WithoutMark(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 512)) as Uint8Array;
  if (sample.length < 4) return false;
  let evenNul = 0, oddNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
  }
  const half = sample.length / 2;
  return evenNul > 0.4 * half || oddNul > 0.4 * half;
}

function _concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
