/**
 * Staging a Hugging Face model in S3 for network-isolated SageMaker jobs and endpoints, which cannot reach
 * the hub (reference §3c): every file `from_pretrained` needs is listed and downloaded through
 * `@huggingface/hub` and uploaded with SSE-KMS to `s3://<bucket>/<prefix><hub id>/`.
 *
 * - **What is staged** ({@link selectModelFiles}): the repository's top-level configuration and tokenizer
 *   files, custom model code (`*.py`, for `trust_remote_code` models) and one set of PyTorch weights —
 *   safetensors when the repository has them (single file or shards with their index), else the `.bin`
 *   weights. Other frameworks' weights (TensorFlow, Flax, ONNX, Rust, …), sub-folders, model cards and
 *   images are skipped: `from_pretrained` in the PyTorch containers never reads them.
 * - **Resumable**: an object already in S3 with the same size and hub content id (`x-amz-meta-hub-oid`) is
 *   skipped without downloading; a partial download continues with a `Range` request, or restarts cleanly
 *   when it cannot be continued; every file is verified against the hub's hashes before it is uploaded.
 * - **Atomic**: the marker object `<prefix><hub id>/.ade-staged.json` (the manifest: commit, files, sizes,
 *   hashes) is written last and removed first when a prefix is restaged, so a half-staged prefix never
 *   counts as staged ({@link readStagedModel}).
 * - Everything is read at one commit (the revision is resolved first) and the manifest records it.
 */
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AdeError, type PreflightViolation } from "../core/mod.ts";
import { isNotFoundError } from "./_aws_errors.ts";
import { _downloadVerified, type HubFileEntry } from "./_hub_download.ts";
import {
  _contentTypeOf,
  _MIN_PART_BYTES,
  _remoteObjectMatches,
  type _StagedObject,
  _uploadStagedFile,
} from "./_staged_upload.ts";
import { assertNoViolations, checkBucket, checkKmsKey, checkRegion } from "./preflight.ts";
import { buildPutObjectRequest, s3Uri, uploadObject } from "./s3.ts";

export type { HubFileEntry } from "./_hub_download.ts";

/** Where classifier base models are staged (the tuning job's `models` channel reads this prefix). */
export const DEFAULT_MODELS_PREFIX = "ade/models/";
/**
 * Where generator (LLM) weights are staged: kept apart from {@link DEFAULT_MODELS_PREFIX} so that the
 * tuning job's `models` channel, which copies its whole prefix into every training job, never pulls tens
 * of gigabytes of Falcon weights.
 */
export const GENERATOR_WEIGHTS_PREFIX = "ade/generator-weights/";
/** Name of the marker object written last inside a staged model's prefix. */
export const STAGED_MARKER_NAME = ".ade-staged.json";
/** Default upload part size: files up to this size go in one PutObject. */
export const DEFAULT_STAGE_PART_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;
/** Top-level files `from_pretrained` reads besides the weights (configuration, tokenizers). */
const CONFIG_AND_TOKENIZER_FILES = new Set([
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "added_tokens.json",
  "vocab.txt",
  "vocab.json",
  "merges.txt",
  "spiece.model",
  "sentencepiece.bpe.model",
  "tokenizer.model",
  "chat_template.json",
  "chat_template.jinja",
]);
const HUB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const PREFIX_PATTERN = /^ade\/([A-Za-z0-9._-]+\/)*$/;

/** Which files of a repository are staged, and which are not (by path). */
export interface ModelFileSelection {
  /** Files to stage, in staging order (configuration and tokenizer first, shard index before shards). */
  files: HubFileEntry[];
  /** Weights format chosen. */
  weights: "safetensors" | "pytorch-bin";
  /** Paths left out. */
  skipped: string[];
}

/**
 * Chooses the files to stage from a repository listing (see the module doc for the rules).
 * @param hubId repository id, for messages
 * @param entries the listing (files; directories are ignored)
 * @returns the files to stage, the weights format and what was skipped
 * @throws {AdeError} when the repository has no PyTorch weights (safetensors or `.bin`)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const selection = selectModelFiles("org/m", [
 *   { path: "config.json", size: 2, oid: "a" },
 *   { path: "model.safetensors", size: 9, oid: "b" },
 *   { path: "tf_model.h5", size: 9, oid: "c" },
 * ]);
 * assert.equal(selection.weights, "safetensors");
 * ```
 */
export function selectModelFiles(
  hubId: string,
  entries: readonly HubFileEntry[],
): ModelFileSelection {
  const top = entries.filter((entry) => !entry.path.includes("/"));
  const byPath = new Map(top.map((entry) => [entry.path, entry]));
  const weightSets: Array<{ weights: ModelFileSelection["weights"]; paths: string[] }> = [
    { weights: "safetensors", paths: _weightPaths(byPath, "model", "safetensors") },
    { weights: "pytorch-bin", paths: _weightPaths(byPath, "pytorch_model", "bin") },
  ];
  const chosen = weightSets.find((set) => set.paths.length > 0);
  if (!chosen) {
    throw new AdeError(
      `${hubId} has no PyTorch weights (model.safetensors, sharded model-*-of-*.safetensors with ` +
        "model.safetensors.index.json, or pytorch_model.bin / its shards): the Hugging Face PyTorch " +
        `containers cannot load it. Files: ${top.map((e) => e.path).join(", ") || "none"}`,
    );
  }
  const support = top.filter((entry) =>
    CONFIG_AND_TOKENIZER_FILES.has(entry.path) || entry.path.endsWith(".py")
  ).sort((a, b) => (a.path < b.path ? -1 : 1));
  if (!support.some((entry) => entry.path === "config.json")) {
    throw new AdeError(`${hubId} has no config.json: not a transformers model`);
  }
  const weights = chosen.paths.map((path) => byPath.get(path)!);
  const files = [...support, ...weights];
  const kept = new Set(files.map((file) => file.path));
  return {
    files,
    weights: chosen.weights,
    skipped: entries.map((entry) => entry.path).filter((path) => !kept.has(path)).sort(),
  };
}

/** The single weights file, or the shard index followed by its shards (by name). */
function _weightPaths(
  byPath: Map<string, HubFileEntry>,
  stem: string,
  extension: string,
): string[] {
  const index = `${stem}.${extension}.index.json`;
  if (byPath.has(index)) {
    const shard = new RegExp(`^${stem}-\\d+-of-\\d+\\.${extension}$`);
    const shards = [...byPath.keys()].filter((path) => shard.test(path)).sort();
    if (shards.length > 0) return [index, ...shards];
  }
  return byPath.has(`${stem}.${extension}`) ? [`${stem}.${extension}`] : [];
}

/** One staged file as the manifest records it. */
export interface StagedModelFile {
  /** Path in the repository (and under the staged prefix). */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Hub content id: sha256 for LFS files, git blob sha1 otherwise. */
  hub_oid: string;
  /** Object key. */
  key: string;
  /** ETag S3 reported for the object. */
  etag?: string;
}

/** The marker's content: what was staged, from which commit. */
export interface StagedModelManifest {
  /** Manifest format version. */
  format: 1;
  /** Repository id. */
  hub_id: string;
  /** Hub the files came from. */
  hub_url: string;
  /** Revision asked for (branch, tag or commit). */
  revision: string;
  /** Commit every file was read at. */
  commit: string;
  /** Weights format. */
  weights: ModelFileSelection["weights"];
  /** The staged files. */
  files: StagedModelFile[];
  /** Repository files not staged. */
  skipped: string[];
  /** When staging finished (ISO 8601). */
  staged_at: string;
}

/** Options of {@link stageModel}. */
export interface StageModelOptions {
  /** Hub repository id, e.g. `dmis-lab/biobert-base-cased-v1.2`. */
  model: string;
  /** Destination bucket. */
  bucket: string;
  /** KMS key for SSE-KMS on every object. */
  kmsKeyId: string;
  /** Key prefix ending in `/`, under `ade/` (default {@link DEFAULT_MODELS_PREFIX}). */
  prefix?: string;
  /** AWS region (default `AWS_REGION`, else us-east-1). */
  region?: string;
  /** Hub base URL (default `$HF_ENDPOINT`, else https://huggingface.co). */
  hubUrl?: string;
  /** Branch, tag or commit (default `main`). */
  revision?: string;
  /** Hub token for gated or private models (default `$HF_TOKEN`). */
  accessToken?: string;
  /** Download folder (default `$ADE_CACHE_DIR/models`, else `runs/cache/models`). */
  cacheDir?: string;
  /** Keep the downloaded files after upload (default false: each is deleted once uploaded). */
  keepDownloads?: boolean;
  /** Upload part size in bytes (≥ 5 MiB; default {@link DEFAULT_STAGE_PART_BYTES}). */
  partBytes?: number;
  /** S3 client (default: one for the region). */
  s3?: S3Client;
  /** Custom fetch for the hub (tests, proxies). */
  fetch?: typeof fetch;
  /** Where lines go (default stderr). */
  log?: (line: string) => void;
  /** No per-file byte progress. */
  quiet?: boolean;
}

/** What {@link stageModel} did. */
export interface StageModelResult {
  /** The manifest written as the marker. */
  manifest: StagedModelManifest;
  /** `s3://bucket/<prefix><hub id>/`. */
  s3Uri: string;
  /** `s3://…/.ade-staged.json`. */
  markerUri: string;
  /** True when the prefix was already complete for this commit (nothing uploaded). */
  alreadyStaged: boolean;
  /** Files uploaded now. */
  uploadedFiles: number;
  /** Files already in S3 (skipped). */
  skippedFiles: number;
  /** Bytes fetched from the hub. */
  fetchedBytes: number;
  /** Bytes uploaded. */
  uploadedBytes: number;
}

/**
 * `s3://<bucket>/<prefix><hub id>/`: where a model is (or would be) staged.
 * @param bucket bucket name
 * @param hubId repository id
 * @param prefix key prefix ending in `/` (default {@link DEFAULT_MODELS_PREFIX})
 * @returns the S3 URI, ending in `/`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const uri = stagedModelUri("b", "dmis-lab/biobert-base-cased-v1.2");
 * assert.equal(uri, "s3://b/ade/models/dmis-lab/biobert-base-cased-v1.2/");
 * ```
 */
export function stagedModelUri(
  bucket: string,
  hubId: string,
  prefix = DEFAULT_MODELS_PREFIX,
): string {
  return s3Uri(bucket, `${prefix}${hubId}/`);
}

/**
 * Preflight of {@link stageModel}'s options: bucket, KMS key, hub id, prefix, part size, region.
 * @param options the options
 * @returns violations (empty when fine)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkStageModelOptions({ model: "org/m", bucket: "b-1", kmsKeyId: "alias/ade" }), []);
 * ```
 */
export function checkStageModelOptions(options: StageModelOptions): PreflightViolation[] {
  const violations: PreflightViolation[] = [
    ...checkBucket("bucket", options.bucket),
    ...checkKmsKey("kmsKeyId", options.kmsKeyId),
    ...checkRegion(_region(options)),
  ];
  if (!HUB_ID_PATTERN.test(options.model) || options.model.includes("..")) {
    violations.push({
      field: "model",
      rule: "must be a Hugging Face repository id such as dmis-lab/biobert-base-cased-v1.2",
      value: options.model,
    });
  }
  const prefix = options.prefix ?? DEFAULT_MODELS_PREFIX;
  if (!PREFIX_PATTERN.test(prefix)) {
    violations.push({
      field: "prefix",
      rule:
        "must start with ade/ and end with / (the policy of `ade iam-policy` grants ade/* only)",
      value: prefix,
    });
  }
  if (options.partBytes !== undefined && !(options.partBytes >= _MIN_PART_BYTES)) {
    violations.push({
      field: "partBytes",
      rule: "at least 5 MiB (S3's smallest multipart part)",
      value: String(options.partBytes),
    });
  }
  return violations;
}

/**
 * Reads the marker of a staged model: the manifest when the prefix is completely staged, else undefined.
 * @param s3 S3 client
 * @param bucket bucket name
 * @param hubId repository id
 * @param prefix key prefix (default {@link DEFAULT_MODELS_PREFIX})
 * @returns the manifest, or undefined when there is no (readable) marker
 * @throws SDK errors other than "not found" (e.g. access denied)
 * @example With a stand-in client holding no marker (pass a real `S3Client` to read the bucket)
 * ```ts
 * import assert from "node:assert/strict";
 * import type { S3Client } from "@aws-sdk/client-s3";
 * const s3 = {
 *   send: () => Promise.reject(Object.assign(new Error("no such key"), { name: "NoSuchKey" })),
 * } as unknown as S3Client;
 * assert.equal(await readStagedModel(s3, "my-ade-bucket", "dmis-lab/biobert-base-cased-v1.2"), undefined);
 * ```
 */
export async function readStagedModel(
  s3: S3Client,
  bucket: string,
  hubId: string,
  prefix = DEFAULT_MODELS_PREFIX,
): Promise<StagedModelManifest | undefined> {
  let text: string;
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${hubId}/${STAGED_MARKER_NAME}` }),
    );
    text = (await response?.Body?.transformToString("utf-8")) ?? "";
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
  try {
    const manifest = JSON.parse(text) as StagedModelManifest;
    const valid = manifest.format === 1 && manifest.hub_id === hubId &&
      typeof manifest.commit === "string" && Array.isArray(manifest.files) &&
      manifest.files.length > 0;
    return valid ? manifest : undefined;
  } catch {
    return undefined; // an unreadable marker is no marker: the prefix gets restaged
  }
}

/** What would be staged: the commit, the selected files and where they go. */
export interface ModelStagingPlan {
  /** Revision asked for. */
  revision: string;
  /** Commit it resolved to. */
  commit: string;
  /** Files to stage and files skipped. */
  selection: ModelFileSelection;
  /** Bytes of the files to stage. */
  totalBytes: number;
  /** Destination, `s3://bucket/<prefix><hub id>/`. */
  s3Uri: string;
}

/**
 * The first half of {@link stageModel}, which sends nothing to S3: preflight, resolve the revision to a
 * commit, list the repository and select the files (what `stage-model --dry-run` prints).
 * @param options as for {@link stageModel}
 * @returns the commit, the selection and the destination
 * @throws {PreflightError} for bad options; {@link AdeError} when the hub does not have the model or it has
 *   no PyTorch weights
 * @example With a stand-in hub (the `fetch` option; without it the Hugging Face hub is asked)
 * ```ts
 * import assert from "node:assert/strict";
 * const commit = "0123456789abcdef0123456789abcdef01234567";
 * const files = [
 *   { type: "file", path: "config.json", size: 2, oid: "a" },
 *   { type: "file", path: "model.safetensors", size: 9, oid: "b" },
 *   { type: "file", path: "tf_model.h5", size: 9, oid: "c" },
 * ];
 * const hub = (url: string | URL | Request) =>
 *   Promise.resolve(Response.json(String(url).includes("/tree/") ? files : { id: "org/m", sha: commit }));
 * const plan = await planModelStaging({ model: "org/m", bucket: "b-1", kmsKeyId: "alias/ade", fetch: hub as typeof fetch });
 * assert.deepEqual(plan.selection.skipped, ["tf_model.h5"]);
 * assert.equal(plan.s3Uri, "s3://b-1/ade/models/org/m/");
 * ```
 */
export async function planModelStaging(options: StageModelOptions): Promise<ModelStagingPlan> {
  assertNoViolations(checkStageModelOptions(options));
  const hub = _hubAccess(options);
  const revision = options.revision ?? "main";
  const commit = await _resolveCommit(options.model, revision, hub);
  const selection = selectModelFiles(options.model, await _listFiles(options.model, commit, hub));
  return {
    revision,
    commit,
    selection,
    totalBytes: selection.files.reduce((sum, file) => sum + file.size, 0),
    s3Uri: stagedModelUri(options.bucket, options.model, options.prefix ?? DEFAULT_MODELS_PREFIX),
  };
}

/**
 * Stages a hub model in S3 (see the module doc): resolve the revision, list and select the files, skip
 * what S3 already holds, download (resumably) and verify the rest, upload each with SSE-KMS, then write
 * the marker.
 * @param options model, bucket, key, prefix, hub, clients, progress
 * @returns the manifest, where it is, and what was transferred
 * @throws {PreflightError} for bad options (nothing is contacted); {@link AdeError} when the hub or S3
 *   fails (what was uploaded stays and is skipped by the next run; the marker is not written)
 * @example Downloads from the Hugging Face hub and uploads to S3 (needs both; not run as a doc test)
 * ```ts ignore
 * const staged = await stageModel({ model: "dmis-lab/biobert-base-cased-v1.2", bucket: "my-bucket",
 *   kmsKeyId: "alias/ade" });
 * console.log(staged.s3Uri); // s3://my-bucket/ade/models/dmis-lab/biobert-base-cased-v1.2/
 * ```
 */
export async function stageModel(options: StageModelOptions): Promise<StageModelResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const plan = await planModelStaging(options);
  const { commit, selection } = plan;
  const hub = _hubAccess(options);
  const prefix = options.prefix ?? DEFAULT_MODELS_PREFIX;
  const s3 = options.s3 ?? new S3Client({ region: _region(options) });
  const partBytes = options.partBytes ?? DEFAULT_STAGE_PART_BYTES;
  const keyPrefix = `${prefix}${options.model}/`;
  const markerKey = `${keyPrefix}${STAGED_MARKER_NAME}`;
  const result = (manifest: StagedModelManifest, counts: Partial<StageModelResult>) => ({
    manifest,
    s3Uri: plan.s3Uri,
    markerUri: s3Uri(options.bucket, markerKey),
    alreadyStaged: false,
    uploadedFiles: 0,
    skippedFiles: 0,
    fetchedBytes: 0,
    uploadedBytes: 0,
    ...counts,
  });
  log(
    `[stage-model] ${options.model}@${commit.slice(0, 12)}: ${selection.files.length} files ` +
      `(${_mib(plan.totalBytes)}, ${selection.weights}) to ${plan.s3Uri}` +
      (selection.skipped.length > 0
        ? `; not needed: ${selection.skipped.slice(0, 8).join(", ")}${
          selection.skipped.length > 8 ? `, … (${selection.skipped.length})` : ""
        }`
        : ""),
  );
  const objectOf = (file: HubFileEntry): _StagedObject => ({
    bucket: options.bucket,
    key: `${keyPrefix}${file.path}`,
    kmsKeyId: options.kmsKeyId,
    contentType: _contentTypeOf(file.path),
    metadata: {
      "hub-oid": _hubOid(file),
      "hub-id": options.model,
      "hub-commit": commit,
    },
  });

  const existing = await readStagedModel(s3, options.bucket, options.model, prefix);
  if (existing) {
    if (existing.commit === commit && await _allPresent(s3, selection.files, objectOf)) {
      log(`[stage-model] already staged at ${commit.slice(0, 12)}: nothing to do`);
      return result(existing, { alreadyStaged: true, skippedFiles: selection.files.length });
    }
    // Restaging: the marker goes first, so the prefix is never taken for complete in between.
    await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: markerKey }));
  }

  const cacheRoot = (options.cacheDir ?? `${_env("ADE_CACHE_DIR") ?? "runs/cache"}/models`)
    .replace(/\/+$/, "");
  const cacheDir = `${cacheRoot}/${options.model}/${commit}`;
  const staged: StagedModelFile[] = [];
  let uploadedFiles = 0, skippedFiles = 0, fetchedBytes = 0, uploadedBytes = 0;
  for (const [index, file] of selection.files.entries()) {
    const object = objectOf(file);
    const label = `[stage-model] ${index + 1}/${selection.files.length} ${file.path} (${
      _mib(file.size)
    })`;
    const remote = await _remoteObjectMatches(s3, object, file.size);
    if (remote.matches) {
      skippedFiles++;
      staged.push(_stagedFile(file, object.key, remote.eTag));
      log(`${label}: already in S3, skipped`);
      continue;
    }
    const downloaded = await _downloadVerified(file, `${cacheDir}/${file.path}`, {
      hubId: options.model,
      commit,
      ...hub,
      quiet: options.quiet,
      write: log,
    });
    fetchedBytes += downloaded.fetchedBytes;
    if (file.path.endsWith(".index.json")) await _checkShardIndex(downloaded.path, selection);
    const eTag = await _uploadStagedFile(s3, object, downloaded.path, partBytes, {
      quiet: options.quiet,
      write: log,
      label: `upload ${file.path} (MiB)`,
    });
    uploadedFiles++;
    uploadedBytes += file.size;
    staged.push(_stagedFile(file, object.key, eTag));
    log(
      `${label}: ${
        downloaded.resumed
          ? "download resumed"
          : downloaded.fetchedBytes > 0
          ? "downloaded"
          : "cached"
      }, verified, uploaded with SSE-KMS`,
    );
    if (!options.keepDownloads) await Deno.remove(downloaded.path);
  }
  const manifest: StagedModelManifest = {
    format: 1,
    hub_id: options.model,
    hub_url: hub.hubUrl,
    revision: plan.revision,
    commit,
    weights: selection.weights,
    files: staged,
    skipped: selection.skipped,
    staged_at: new Date().toISOString(),
  };
  await uploadObject(
    s3,
    buildPutObjectRequest({
      bucket: options.bucket,
      key: markerKey,
      body: new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"),
      kmsKeyId: options.kmsKeyId,
      contentType: "application/json",
    }),
  );
  if (!options.keepDownloads) await _removeDownloads(cacheRoot, options.model, commit);
  log(
    `[stage-model] staged ${options.model}: ${uploadedFiles} uploaded, ${skippedFiles} already in S3; ` +
      `marker ${s3Uri(options.bucket, markerKey)}`,
  );
  return result(manifest, { uploadedFiles, skippedFiles, fetchedBytes, uploadedBytes });
}

/** Removes this commit's download folder and the folders above it that are left empty. */
async function _removeDownloads(cacheRoot: string, hubId: string, commit: string): Promise<void> {
  await Deno.remove(`${cacheRoot}/${hubId}/${commit}`, { recursive: true }).catch(() => {});
  const parts = hubId.split("/");
  for (let depth = parts.length; depth > 0; depth--) {
    try {
      await Deno.remove(`${cacheRoot}/${parts.slice(0, depth).join("/")}`); // only when empty
    } catch {
      return;
    }
  }
}

function _env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

function _region(options: { region?: string }): string {
  return options.region ?? _env("AWS_REGION") ?? "us-east-1";
}

function _mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

function _hubOid(file: HubFileEntry): string {
  return file.lfs?.oid ?? file.oid;
}

function _stagedFile(file: HubFileEntry, key: string, eTag: string | undefined): StagedModelFile {
  return {
    path: file.path,
    size: file.size,
    hub_oid: _hubOid(file),
    key,
    ...(eTag ? { etag: eTag } : {}),
  };
}

async function _allPresent(
  s3: S3Client,
  files: readonly HubFileEntry[],
  objectOf: (file: HubFileEntry) => _StagedObject,
): Promise<boolean> {
  for (const file of files) {
    if (!(await _remoteObjectMatches(s3, objectOf(file), file.size)).matches) return false;
  }
  return true;
}

type _HubAccess = { hubUrl: string; fetch?: typeof fetch; accessToken?: string };

function _hubAccess(options: StageModelOptions): _HubAccess {
  const hubUrl = (options.hubUrl ?? _env("HF_ENDPOINT") ?? "https://huggingface.co").replace(
    /\/+$/,
    "",
  );
  const accessToken = options.accessToken ?? _env("HF_TOKEN");
  return { hubUrl, fetch: options.fetch, ...(accessToken ? { accessToken } : {}) };
}

async function _resolveCommit(hubId: string, revision: string, hub: _HubAccess): Promise<string> {
  const { modelInfo } = await import("@huggingface/hub");
  try {
    const info = await modelInfo({ name: hubId, revision, additionalFields: ["sha"], ...hub });
    if (typeof info.sha !== "string" || !/^[0-9a-f]{40}$/.test(info.sha)) {
      throw new Error("the hub returned no commit id");
    }
    return info.sha;
  } catch (error) {
    throw new AdeError(
      `could not find ${hubId}@${revision} on ${hub.hubUrl}: ${(error as Error).message}`,
    );
  }
}

async function _listFiles(hubId: string, commit: string, hub: _HubAccess): Promise<HubFileEntry[]> {
  const { listFiles } = await import("@huggingface/hub");
  const entries: HubFileEntry[] = [];
  try {
    for await (
      const entry of listFiles({
        repo: { type: "model", name: hubId },
        revision: commit,
        recursive: true,
        ...hub,
      })
    ) {
      if (entry.type !== "file") continue;
      entries.push({
        path: entry.path,
        size: entry.size,
        oid: entry.oid ?? "",
        ...(entry.lfs ? { lfs: { oid: entry.lfs.oid, size: entry.lfs.size } } : {}),
      });
    }
  } catch (error) {
    throw new AdeError(
      `could not list ${hubId}@${commit} on ${hub.hubUrl}: ${(error as Error).message}`,
    );
  }
  return entries;
}

/** The shard index must name only shards that are staged (else a training job fails on a missing file). */
async function _checkShardIndex(path: string, selection: ModelFileSelection): Promise<void> {
  let weightMap: Record<string, string>;
  try {
    weightMap = JSON.parse(await Deno.readTextFile(path)).weight_map ?? {};
  } catch {
    throw new AdeError(`${path}: the shard index is not valid JSON`);
  }
  const staged = new Set(selection.files.map((file) => file.path));
  const missing = [...new Set(Object.values(weightMap))].filter((shard) => !staged.has(shard));
  if (missing.length > 0) {
    throw new AdeError(
      `${path} names shards the repository listing does not have: ${missing.join(", ")}`,
    );
  }
}
