/** File helpers: atomic writes (temporary file, then rename), JSONL read/write with line numbers, hashing. */
import { createHash } from "node:crypto";
import { DataError } from "./errors.ts";

/**
 * A temporary name next to `path` (same folder, so a rename is atomic): `.<name>.<pid>.<random>.tmp`.
 * @param path the destination
 * @returns the temporary path
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(tempPathFor("runs/metrics.json").startsWith("runs/"));
 * assert.notEqual(tempPathFor("runs/metrics.json"), tempPathFor("runs/metrics.json"));
 * ```
 */
export function tempPathFor(path: string): string {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash + 1) : "";
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  return `${dir}.${base}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
}

/**
 * Creates the parent folder of `path` if needed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await ensureParentDir(`${dir}/a/b/file.txt`);
 * assert.ok(await exists(`${dir}/a/b`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ensureParentDir(path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
}

/**
 * Writes bytes or text to `path` through a temporary file in the same folder, then renames it, so a reader
 * never sees a half-written file and a failure leaves the old file (or nothing) in place.
 * @param path destination file
 * @param data contents
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = `${await Deno.makeTempDir()}/train.jsonl`;
 * await writeFileAtomic(path, "{}\n");
 * assert.equal(await Deno.readTextFile(path), "{}\n");
 * await Deno.remove(path);
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureParentDir(path);
  const tmp = tempPathFor(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Writes several files so that either all of them appear or none do (temporaries first, renames last).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeFilesAtomic([{ path: `${dir}/train.jsonl`, data: "" }, { path: `${dir}/test.jsonl`, data: "" }]);
 * assert.ok(await exists(`${dir}/train.jsonl`) && await exists(`${dir}/test.jsonl`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFilesAtomic(
  files: Array<{ path: string; data: string | Uint8Array }>,
): Promise<void> {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const file of files) {
      await ensureParentDir(file.path);
      const tmp = tempPathFor(file.path);
      staged.push({ tmp, path: file.path });
      if (typeof file.data === "string") await Deno.writeTextFile(tmp, file.data);
      else await Deno.writeFile(tmp, file.data);
    }
    for (const { tmp, path } of staged) await Deno.rename(tmp, path);
  } catch (error) {
    for (const { tmp } of staged) await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Serialises values as JSON lines (one object per line, trailing newline).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(toJsonl([{ id: "r1" }, { id: "r2" }]), '{"id":"r1"}\n{"id":"r2"}\n');
 * ```
 */
export function toJsonl(rows: readonly unknown[]): string {
  let out = "";
  for (const row of rows) out += JSON.stringify(row) + "\n";
  return out;
}

/**
 * Writes rows as JSONL atomically.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeJsonl(`${dir}/rows.jsonl`, [{ id: "r1" }]);
 * assert.deepEqual(await readJsonl(`${dir}/rows.jsonl`), [{ id: "r1" }]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeJsonl(path: string, rows: readonly unknown[]): Promise<void> {
  await writeFileAtomic(path, toJsonl(rows));
}

/**
 * Writes a value as pretty JSON (2 spaces, trailing newline) atomically.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeJsonAtomic(`${dir}/best.json`, { trial: 3 });
 * assert.equal(await Deno.readTextFile(`${dir}/best.json`), '{\n  "trial": 3\n}\n');
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Reads a UTF-8 text file strictly: a missing file or invalid UTF-8 is a {@link DataError} naming the file
 * (and the line of the first invalid byte).
 * @throws {DataError}
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./errors.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/bad.txt`, new Uint8Array([0x61, 0x0a, 0xff]));
 * await assert.rejects(readTextStrict(`${dir}/bad.txt`), DataError); // invalid UTF-8 on line 2
 * await assert.rejects(readTextStrict(`${dir}/missing.txt`), /file not found/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readTextStrict(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataError({ file: path }, "file not found");
    }
    throw error;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Find the line of the first invalid sequence for the message.
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const bad = lenient.indexOf("\uFFFD");
    const line = bad >= 0 ? lenient.slice(0, bad).split("\n").length : undefined;
    throw new DataError({ file: path, line }, "invalid UTF-8");
  }
}

/**
 * Reads a JSONL file: one JSON object per non-empty line. Errors name the file and line.
 * @throws {DataError} missing file, invalid UTF-8, a line that is not a JSON object
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/rows.jsonl`, '{"id":"r1"}\n\n{"id":\n');
 * await assert.rejects(readJsonl(`${dir}/rows.jsonl`), /rows\.jsonl:3/); // the line that is not JSON
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readJsonl<T = Record<string, unknown>>(path: string): Promise<T[]> {
  const text = await readTextStrict(path);
  const rows: T[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DataError(
        { file: path, line: i + 1 },
        `not valid JSON (${(error as Error).message})`,
      );
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new DataError({ file: path, line: i + 1 }, "expected a JSON object");
    }
    rows.push(value as T);
  }
  return rows;
}

/**
 * Lower-case hex SHA-256 of bytes or text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(await sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * ```
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Lower-case hex SHA-256 of a file's bytes, read in pieces (any size, bounded memory).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * assert.equal(await sha256File(`${dir}/a.txt`), await sha256Hex("abc"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * True when `path` exists (file or folder).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(await exists("."), true);
 * assert.equal(await exists("no/such/path"), false);
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
