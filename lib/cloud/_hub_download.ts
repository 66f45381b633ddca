/**
 * Resumable, verified downloads of one Hugging Face hub file through `@huggingface/hub` (used by
 * `stageModel`): the bytes go to `<target>.part`, a later attempt continues from its size with a `Range`
 * request, and the file is renamed to `<target>` only once its size and hash match the hub's listing
 * (sha256 for LFS files, the git blob sha1 for the others). A part that cannot be continued (the server
 * ignored the range, or the bytes do not verify) is restarted from zero once, cleanly.
 */
import { createHash } from "node:crypto";
import { AdeError, createProgress } from "../core/mod.ts";

/** One file of a hub repository as the tree listing gives it. */
export interface HubFileEntry {
  /** Path inside the repository, e.g. `config.json`. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Git blob id (sha1 of `blob <size>\0<bytes>`), or for LFS files the pointer's blob id. */
  oid: string;
  /** LFS information: `oid` is the sha256 of the content. */
  lfs?: { oid: string; size: number };
}

/** Where and how to download. */
export interface _HubDownloadContext {
  /** Hub repository id, e.g. `dmis-lab/biobert-base-cased-v1.2`. */
  hubId: string;
  /** Commit the listing came from (every file is read at it). */
  commit: string;
  /** Hub base URL. */
  hubUrl: string;
  /** Hub token (`hf_…`), for gated or private models. */
  accessToken?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Progress lines off. */
  quiet?: boolean;
  /** Where progress goes (default stderr). */
  write?: (line: string) => void;
}

/** What a download did. */
export interface _DownloadOutcome {
  /** Local path of the verified file. */
  path: string;
  /** Bytes fetched from the hub by this call (0 when a verified copy was already there). */
  fetchedBytes: number;
  /** sha256 of the content (hex). */
  sha256: string;
  /** True when a partial file was continued. */
  resumed: boolean;
}

const MIB = 1024 * 1024;

/**
 * The hashes of a local file: sha256 of the content, and the git blob sha1 the hub lists for non-LFS files.
 * @param path local file
 * @returns hex digests and the size
 */
export async function _hashFile(
  path: string,
): Promise<{ sha256: string; gitSha1: string; size: number }> {
  const { size } = await Deno.stat(path);
  const sha256 = createHash("sha256");
  const sha1 = createHash("sha1");
  sha1.update(`blob ${size}\0`);
  const file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) { // the readable closes the file at its end
    sha256.update(chunk);
    sha1.update(chunk);
  }
  return { sha256: sha256.digest("hex"), gitSha1: sha1.digest("hex"), size };
}

/** True when the hashes match what the listing says about the file. */
function _verifies(entry: HubFileEntry, hashes: { sha256: string; gitSha1: string }): boolean {
  return entry.lfs ? hashes.sha256 === entry.lfs.oid : hashes.gitSha1 === entry.oid;
}

async function _sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * Downloads `entry` to `target`, resuming `<target>.part` when present, and verifies it.
 * @param entry the file as listed
 * @param target final local path (its folder is created)
 * @param context repository, commit, hub URL, token, fetch, progress
 * @returns where the verified file is and what was fetched
 * @throws {AdeError} when the hub does not have the file or the bytes never verify
 */
export async function _downloadVerified(
  entry: HubFileEntry,
  target: string,
  context: _HubDownloadContext,
): Promise<_DownloadOutcome> {
  await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
  if ((await _sizeOf(target)) === entry.size) {
    const hashes = await _hashFile(target);
    if (_verifies(entry, hashes)) {
      return { path: target, fetchedBytes: 0, sha256: hashes.sha256, resumed: false };
    }
    await Deno.remove(target);
  }
  const part = `${target}.part`;
  const where = `${context.hubId}@${context.commit.slice(0, 12)}/${entry.path}`;
  let fetchedBytes = 0;
  let resumed = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    let offset = attempt === 0 ? (await _sizeOf(part)) ?? 0 : 0;
    if (offset > entry.size) offset = 0;
    if (offset < entry.size) {
      resumed ||= offset > 0;
      fetchedBytes += await _fetchInto(part, offset, entry, where, context);
    }
    const size = await _sizeOf(part);
    if (size === entry.size) {
      const hashes = await _hashFile(part);
      if (_verifies(entry, hashes)) {
        await Deno.rename(part, target);
        return { path: target, fetchedBytes, sha256: hashes.sha256, resumed };
      }
    }
    if (attempt === 0) {
      (context.write ?? console.error)(
        `[stage-model] ${entry.path}: the partial download did not verify (${size} of ${entry.size} ` +
          "bytes); restarting it from the beginning",
      );
    }
  }
  await Deno.remove(part).catch(() => {});
  throw new AdeError(
    `${where}: the downloaded bytes do not match the hub's listing (size ${entry.size}, ` +
      `${entry.lfs ? `sha256 ${entry.lfs.oid}` : `git blob ${entry.oid}`})`,
  );
}

/** Appends the file's bytes from `offset` on to `part` (truncated to `offset` first); returns bytes fetched. */
async function _fetchInto(
  part: string,
  offset: number,
  entry: HubFileEntry,
  where: string,
  context: _HubDownloadContext,
): Promise<number> {
  const { downloadFile } = await import("@huggingface/hub");
  let blob: Blob | null;
  try {
    blob = await downloadFile({
      repo: { type: "model", name: context.hubId },
      path: entry.path,
      revision: context.commit,
      hubUrl: context.hubUrl,
      fetch: context.fetch,
      accessToken: context.accessToken,
      // Plain HTTP range requests against `resolve/`: what every hub mirror and the test server speak.
      xet: false,
    });
  } catch (error) {
    throw new AdeError(`could not download ${where}: ${(error as Error).message}`);
  }
  if (!blob) throw new AdeError(`${where} is listed but the hub does not serve it`);
  const showProgress = !context.quiet && entry.size >= MIB;
  const progress = createProgress(
    `download ${entry.path} (MiB)`,
    Number((entry.size / MIB).toFixed(1)),
    { silent: !showProgress, write: context.write },
  );
  const file = await Deno.open(part, { write: true, create: true });
  let done = offset;
  try {
    await file.truncate(offset);
    await file.seek(offset, Deno.SeekMode.Start);
    const stream = offset > 0 ? blob.slice(offset).stream() : blob.stream();
    for await (const chunk of stream) {
      await _writeAll(file, chunk);
      done += chunk.length;
      progress.update(Number((done / MIB).toFixed(1)));
    }
  } catch (error) {
    throw new AdeError(
      `download of ${where} stopped at ${done} of ${entry.size} bytes ` +
        `(${(error as Error).message}); run again to resume it`,
    );
  } finally {
    file.close();
  }
  if (showProgress) progress.finish(offset > 0 ? `resumed at ${offset} bytes` : undefined);
  return done - offset;
}

async function _writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) written += await file.write(data.subarray(written));
}
