/**
 * `model.tar.gz` packing: a small POSIX ustar writer, gzip-compressed with the platform `CompressionStream`.
 * SageMaker unpacks `ModelDataUrl` (a tar.gz) into `/opt/ml/model`, so a local model folder is packed with
 * {@link readFolderFiles} + {@link createTarGz} before it is uploaded with SSE-KMS.
 */
import { AdeError } from "../core/mod.ts";

/** One file to put in an archive: its path inside the archive (POSIX, relative) and its bytes. */
export interface ArchiveFile {
  /** Relative POSIX path, e.g. `model/weights.json`. */
  path: string;
  /** File contents. */
  data: Uint8Array;
}

const BLOCK = 512;
const encoder = new TextEncoder();

/**
 * Packs `files` into a gzip-compressed ustar archive. Entries keep the given order; modification times are
 * fixed (0) and owners are `0/0`, so the same files give the same bytes.
 * @param files files with relative POSIX paths (no `..`, no leading `/`)
 * @returns the `.tar.gz` bytes
 * @throws {AdeError} when a path is absolute, contains `..`, or is too long for ustar (name 100 + prefix 155)
 * @example
 * ```ts
 * const bytes = await createTarGz([{ path: "model.json", data: new TextEncoder().encode("{}") }]);
 * ```
 */
export async function createTarGz(files: readonly ArchiveFile[]): Promise<Uint8Array> {
  return await _gzip(createTar(files));
}

/**
 * The uncompressed ustar archive of `files` (see {@link createTarGz}).
 * @param files files with relative POSIX paths
 * @returns the `.tar` bytes (a multiple of 512, ending in two zero blocks)
 * @throws {AdeError} for unsafe or too-long paths
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const tar = createTar([{ path: "a.txt", data: new Uint8Array([65]) }]);
 * assert.equal(tar.length % 512, 0); // 512-byte blocks
 * ```
 */
export function createTar(files: readonly ArchiveFile[]): Uint8Array {
  let total = 2 * BLOCK;
  for (const file of files) total += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const file of files) {
    out.set(_header(file.path, file.data.length), offset);
    offset += BLOCK;
    out.set(file.data, offset);
    offset += Math.ceil(file.data.length / BLOCK) * BLOCK;
  }
  return out; // the remaining two zero blocks are already zero
}

/**
 * Reads every regular file under `dir` (recursively) as {@link ArchiveFile}s with paths relative to `dir`,
 * sorted by path so archives are reproducible.
 * @param dir folder to read
 * @returns the files, sorted by path
 * @throws {AdeError} when `dir` is not a folder or contains a symbolic link (not packed, to avoid escaping it)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const files = await readFolderFiles("tests/fixtures/models/tiny");
 * assert.ok(files.some((file) => file.path === "model.json"));
 * ```
 */
export async function readFolderFiles(dir: string): Promise<ArchiveFile[]> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new AdeError(`${dir}: no such folder`);
  }
  if (!info.isDirectory) throw new AdeError(`${dir}: not a folder`);
  const files: ArchiveFile[] = [];
  const walk = async (absolute: string, relative: string): Promise<void> => {
    for await (const entry of Deno.readDir(absolute)) {
      const childAbsolute = `${absolute}/${entry.name}`;
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymlink) {
        throw new AdeError(
          `${childAbsolute}: symbolic links are not packed (copy the file instead)`,
        );
      }
      if (entry.isDirectory) await walk(childAbsolute, childRelative);
      else if (entry.isFile) {
        files.push({ path: childRelative, data: await Deno.readFile(childAbsolute) });
      }
    }
  };
  await walk(dir.replace(/\/+$/, "") || "/", "");
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

function _splitPath(path: string): { name: Uint8Array; prefix: Uint8Array } {
  if (path === "" || path.startsWith("/") || path.split("/").some((part) => part === "..")) {
    throw new AdeError(`archive path "${path}" must be relative and must not contain ".."`);
  }
  const bytes = encoder.encode(path);
  if (bytes.length <= 100) return { name: bytes, prefix: new Uint8Array(0) };
  // ustar: split at a "/" so that prefix ≤ 155 bytes and name ≤ 100 bytes.
  for (let i = bytes.length - 1; i > 0; i--) {
    if (bytes[i] !== 0x2f) continue;
    const prefix = bytes.subarray(0, i);
    const name = bytes.subarray(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  throw new AdeError(`archive path "${path}" is too long for a ustar archive`);
}

function _octal(value: number, width: number): Uint8Array {
  // width includes the trailing NUL
  const text = value.toString(8).padStart(width - 1, "0");
  if (text.length > width - 1) throw new AdeError(`value ${value} does not fit a tar header field`);
  return encoder.encode(text + "\0");
}

function _header(path: string, size: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  const { name, prefix } = _splitPath(path);
  header.set(name, 0);
  header.set(_octal(0o644, 8), 100); // mode
  header.set(_octal(0, 8), 108); // uid
  header.set(_octal(0, 8), 116); // gid
  header.set(_octal(size, 12), 124); // size
  header.set(_octal(0, 12), 136); // mtime (fixed for reproducible archives)
  header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  header[156] = 0x30; // typeflag '0': regular file
  header.set(encoder.encode("ustar\0"), 257); // magic
  header.set(encoder.encode("00"), 263); // version
  header.set(encoder.encode("root"), 265); // uname
  header.set(encoder.encode("root"), 297); // gname
  header.set(prefix, 345);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.set(encoder.encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  return header;
}

async function _gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
