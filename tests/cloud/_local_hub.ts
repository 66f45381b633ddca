/**
 * Test helper: a local stand-in for the Hugging Face hub speaking the endpoints `@huggingface/hub` calls for
 * models — `GET /api/models/<id>/revision/<rev>` (model info with `sha`), `GET /api/models/<id>/tree/<rev>`
 * (recursive listing with sizes, git blob ids and LFS sha256s) and `GET /<id>/resolve/<rev>/<path>` with
 * `Range` support (206 + `Content-Range`, which `downloadFile` needs; see verified-here.md). It can drop a
 * download part-way once, to test resuming. Binds 127.0.0.1 port 0.
 */
import { createHash } from "node:crypto";

/** One repository: its commit and files (paths to bytes); files at least `lfsFrom` bytes, or `.bin`/`.safetensors`/`.h5`, are LFS. */
export interface LocalHubRepo {
  /** 40-hex commit id the revision `main` resolves to. */
  commit: string;
  /** Files by path. */
  files: Record<string, Uint8Array>;
}

/** A running local hub. */
export interface LocalHub {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request, as `METHOD path [range]`. */
  requests: string[];
  /** Repositories by id (tests may replace one to simulate a new commit). */
  repos: Record<string, LocalHubRepo>;
  /** Make the next download of `path` stop after `afterBytes` bytes (the connection breaks). */
  dropNextDownload(path: string, afterBytes: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

const LFS_EXTENSIONS = [".bin", ".safetensors", ".h5", ".msgpack", ".onnx", ".ot"];

function _isLfs(path: string): boolean {
  return LFS_EXTENSIONS.some((extension) => path.endsWith(extension));
}

function _gitBlobSha1(data: Uint8Array): string {
  return createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex");
}

function _sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The tree listing the hub gives for one repository (files and the folders above them). */
function _tree(repo: LocalHubRepo): unknown[] {
  const folders = new Set<string>();
  const entries: unknown[] = [];
  for (const [path, data] of Object.entries(repo.files).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
    if (_isLfs(path)) {
      const pointer = new TextEncoder().encode(
        `version https://git-lfs.github.com/spec/v1\noid sha256:${
          _sha256(data)
        }\nsize ${data.length}\n`,
      );
      entries.push({
        type: "file",
        path,
        size: data.length,
        oid: _gitBlobSha1(pointer),
        lfs: { oid: _sha256(data), size: data.length, pointerSize: pointer.length },
      });
    } else {
      entries.push({ type: "file", path, size: data.length, oid: _gitBlobSha1(data) });
    }
  }
  for (const folder of folders) {
    entries.push({ type: "directory", path: folder, size: 0, oid: _gitBlobSha1(new Uint8Array()) });
  }
  return entries;
}

/** A body that ends after `afterBytes` of `data` although `Content-Length` promises all of it. */
function _brokenBody(data: Uint8Array, afterBytes: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(data.slice(0, afterBytes));
      controller.close();
    },
  });
}

/**
 * Starts a local hub serving `repos`.
 * @param repos repositories by id (e.g. `dmis-lab/biobert-base-cased-v1.2`)
 * @returns the hub
 */
export function startLocalHub(repos: Record<string, LocalHubRepo>): LocalHub {
  const requests: string[] = [];
  const drops = new Map<string, number>();
  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  const resolveRevision = (repo: LocalHubRepo, revision: string) =>
    revision === "main" || revision === "HEAD" || revision === repo.commit ? repo : undefined;

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    const range = request.headers.get("range");
    requests.push(`${request.method} ${path}${range ? ` ${range}` : ""}`);
    const api = /^\/api\/models\/(.+)\/(revision|tree)\/([^/]+)$/.exec(path);
    if (api) {
      const [, id, kind, revision] = api;
      const repo = repos[id];
      if (!repo) return json({ error: "Repository not found" }, 404);
      const found = resolveRevision(repo, revision);
      if (!found) return json({ error: "Invalid rev id" }, 404);
      if (kind === "tree") return json(_tree(found));
      return json({
        _id: `local-${id}`,
        id,
        sha: found.commit,
        private: false,
        gated: false,
        downloads: 0,
        likes: 0,
        pipeline_tag: "fill-mask",
        lastModified: "2024-01-01T00:00:00.000Z",
      });
    }
    const resolve = /^\/(.+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const [, id, revision, filePath] = resolve;
      const repo = repos[id] && resolveRevision(repos[id], revision);
      const data = repo?.files[filePath];
      if (!data) {
        return new Response("Entry not found", {
          status: 404,
          headers: { "X-Error-Code": "EntryNotFound" },
        });
      }
      const etag = `"${_isLfs(filePath) ? _sha256(data) : _gitBlobSha1(data)}"`;
      const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
      const start = match ? Number(match[1]) : 0;
      const end = match && match[2] !== ""
        ? Math.min(Number(match[2]), data.length - 1)
        : data.length - 1;
      const slice = data.slice(start, end + 1);
      const isProbe = match !== null && start === 0 && end === 0;
      const drop = drops.get(filePath);
      let body: BodyInit = slice;
      if (drop !== undefined && !isProbe) {
        drops.delete(filePath);
        body = _brokenBody(slice, drop);
      }
      return new Response(request.method === "HEAD" ? null : body, {
        status: match ? 206 : 200,
        headers: {
          "Accept-Ranges": "bytes",
          "Content-Type": "application/octet-stream",
          "ETag": etag,
          ...(match ? { "Content-Range": `bytes ${start}-${end}/${data.length}` } : {}),
          "Content-Length": String(slice.length),
        },
      });
    }
    return json({ error: `no route for ${path}` }, 404);
  });
  const address = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    repos,
    dropNextDownload(path, afterBytes) {
      drops.set(path, afterBytes);
    },
    close: () => server.shutdown(),
  };
}

/** Deterministic pseudo-random bytes (a seeded xorshift), for weight files of a given size. */
export function fakeBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}
