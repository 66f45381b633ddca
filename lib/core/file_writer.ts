/**
 * Streaming file writers: text appended in pieces (bounded memory, any size), hashed as it is written,
 * and for outputs a writer that only puts the file in place when it is complete.
 */
import { createHash } from "node:crypto";
import { ensureParentDir, tempPathFor } from "./fs.ts";

/** A file being written. */
export interface FileWriter {
  /** The path written to (for an atomic writer: the temporary file). */
  readonly path: string;
  /** Appends text (buffered). */
  write(text: string): Promise<void>;
  /**
   * Flushes and closes the file.
   * @returns the lower-case hex SHA-256 of everything written
   */
  close(): Promise<string>;
}

/** A file written to a temporary name and renamed over its destination once complete. */
export interface AtomicFileWriter extends FileWriter {
  /** Closes the file and renames it to its destination; returns the SHA-256 of its contents. */
  commit(): Promise<string>;
  /** Closes and removes the temporary file (the destination is left as it was). */
  abort(): Promise<void>;
}

const FLUSH_CHARS = 1 << 16;

/**
 * Opens `path` (created or truncated) for writing text in pieces.
 * @param path the file
 * @returns the writer
 * @example
 * ```ts
 * import { createFileWriter } from "./file_writer.ts";
 * const path = await Deno.makeTempFile();
 * const writer = await createFileWriter(path);
 * await writer.write("a\n");
 * console.log(await writer.close()); // SHA-256 of "a\n"
 * ```
 */
export async function createFileWriter(path: string): Promise<FileWriter> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const hash = createHash("sha256");
  const encoder = new TextEncoder();
  let pending: string[] = [];
  let pendingChars = 0;
  let closed = false;
  const flush = async () => {
    if (pendingChars === 0) return;
    const bytes = encoder.encode(pending.join(""));
    pending = [];
    pendingChars = 0;
    hash.update(bytes);
    let offset = 0;
    while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
  };
  return {
    path,
    async write(text: string) {
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars >= FLUSH_CHARS) await flush();
    },
    async close() {
      if (!closed) {
        closed = true;
        try {
          await flush();
        } finally {
          file.close();
        }
      }
      return hash.digest("hex");
    },
  };
}

/**
 * Opens a writer for `path` that writes a temporary file in the same folder and renames it over `path`
 * on {@link AtomicFileWriter.commit}: readers see the old file or the whole new one, never a part, and a
 * process killed while writing leaves only a `.<name>.<pid>.….tmp` file behind.
 * @param path the destination
 * @returns the writer
 * @example
 * ```ts
 * import { createAtomicFileWriter } from "./file_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const writer = await createAtomicFileWriter(`${dir}/out.jsonl`);
 * await writer.write('{"id":"1"}\n');
 * await writer.commit();
 * ```
 */
export async function createAtomicFileWriter(path: string): Promise<AtomicFileWriter> {
  await ensureParentDir(path);
  const tmp = tempPathFor(path);
  const writer = await createFileWriter(tmp);
  let done = false;
  return {
    path: tmp,
    write: writer.write,
    close: writer.close,
    async commit() {
      const sha = await writer.close();
      await Deno.rename(tmp, path);
      done = true;
      return sha;
    },
    async abort() {
      if (done) return;
      done = true;
      await writer.close().catch(() => "");
      await Deno.remove(tmp).catch(() => {});
    },
  };
}
