/**
 * Tag-scoped cleanup of a study run: deletes, in dependency order, the endpoint, endpoint config, model,
 * running tuning and training jobs (stopped), S3 objects under the run's prefix, then the local endpoint and
 * local folders — only resources that are recorded in the experiment store for the run AND carry its tag
 * (SageMaker `ListTags`; for S3 the `ade/<runId>/` naming convention; for local folders: inside a `runs/`
 * folder). Untagged resources are left alone and reported. Idempotent: "already gone" counts as done.
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { AdeError, UsageError } from "../core/errors.ts";
import { exists } from "../core/fs.ts";
import { processStartIdentity } from "../core/process_identity.ts";
import { ExperimentStore, type RunRecord, type RunResource } from "../track/store.ts";
import { errorMessage, isNotFoundError } from "./_aws_errors.ts";
import { hourlyCostUsd, PRICE_TABLE_LABEL } from "./prices.ts";
import { RUN_TAG_KEY } from "./requests.ts";
import { parseS3Uri } from "./s3.ts";

/** Which resources to clean: local ones, SageMaker/S3 ones, or both (default). */
export type CleanupBackend = "local" | "sagemaker" | "all";

/** What happened to one resource. */
export type CleanupOutcome =
  | "removed"
  | "stopped"
  | "not-running"
  | "already-gone"
  | "would-remove"
  | "left-alone"
  | "failed";

/** One resource in a cleanup report. */
export interface CleanupEntry {
  /** Study run the resource belongs to. */
  runId: string;
  /** The resource as recorded. */
  resource: RunResource;
  /** What happened. */
  outcome: CleanupOutcome;
  /** Why (for left-alone / failed) or what (object counts, pid). */
  detail?: string;
}

/** Options of {@link cleanupRun}. */
export interface CleanupOptions {
  /** Experiment store. */
  storePath: string;
  /** Study run to clean; without it, give `olderThanMs` or `allRuns`. */
  runId?: string;
  /** Clean every run in the store (e.g. the notebooks' own store); `olderThanMs` still applies. */
  allRuns?: boolean;
  /** Only runs whose last activity is older than this many milliseconds. */
  olderThanMs?: number;
  /** Which resources (default `all`). */
  backend?: CleanupBackend;
  /**
   * Only these resource types (e.g. `["local-endpoint"]` to stop what runs but keep the run's folders);
   * default: every type of the backend.
   */
  types?: readonly string[];
  /** List what would be removed; change nothing (only the cleanup run itself is recorded). */
  dryRun?: boolean;
  /** Region for resources recorded without one (default `AWS_REGION`, else us-east-1). */
  region?: string;
  /** SageMaker client per region (default: a new client). */
  sagemakerFor?: (region: string) => SageMakerClient;
  /** S3 client per region (default: a new client). */
  s3For?: (region: string) => S3Client;
  /** Folders inside which local folders may be deleted (default: the project's `runs/` and `./runs`). */
  allowedLocalRoots?: string[];
  /** Clock (tests). */
  now?: () => number;
}

/** The result of {@link cleanupRun}; renders as a table in Jupyter. */
export interface CleanupReport {
  /** True for a dry run. */
  dryRun: boolean;
  /** Study runs considered. */
  runIds: string[];
  /** Every resource, in the order handled. */
  entries: CleanupEntry[];
  /** Resources that still exist afterwards (left alone, failed, or listed by a dry run). */
  remaining: CleanupEntry[];
  /** Estimated USD per hour of what still runs (endpoints and jobs with a known instance type). */
  stillRunningHourlyCostUsd: number;
  /** Estimated USD per hour that the removed endpoints and stopped jobs were costing. */
  removedHourlyCostUsd: number;
  /** The label of the price table. */
  costLabel: string;
}

/** Handling order: endpoint → config → model → jobs → S3 → local endpoint → local folders. */
export const CLEANUP_ORDER: readonly string[] = [
  "endpoint",
  "endpoint-config",
  "model",
  "tuning-job",
  "training-job",
  "s3-prefix",
  "local-endpoint",
  "local-dir",
];
const LOCAL_TYPES = new Set(["local-endpoint", "local-dir"]);
const DONE: ReadonlySet<CleanupOutcome> = new Set([
  "removed",
  "stopped",
  "not-running",
  "already-gone",
]);

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `7d`, `1w` into milliseconds.
 * @param text the duration
 * @returns milliseconds
 * @throws {UsageError} when the text is not a positive number with a unit s/m/h/d/w
 * @example parseDuration("2h") // 7_200_000
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a duration (examples: 90s, 30m, 2h, 7d, 1w)`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2]]!;
  return Number(match[1]) * unit;
}

/**
 * Lists, then removes, the resources of a study run (see the module doc for the rules), removes the records
 * of what is gone, and records a `cleanup` run.
 * @param options store, run id or age, backend, dry run, clients
 * @returns what was removed, what remains, and hourly cost estimates
 * @throws {UsageError} when neither a run id nor an age is given; {@link AdeError} when the run is unknown
 * @example
 * ```ts
 * const report = await cleanupRun({ storePath: "runs/ade.sqlite", runId: "r1", dryRun: true });
 * console.log(formatCleanupReport(report));
 * ```
 */
export async function cleanupRun(options: CleanupOptions): Promise<CleanupReport> {
  if (!options.runId && options.olderThanMs === undefined && !options.allRuns) {
    throw new UsageError("cleanup needs --run-id ID, or --older-than DURATION for every older run");
  }
  const store = await ExperimentStore.open(options.storePath);
  const dryRun = options.dryRun ?? false;
  const backend = options.backend ?? "all";
  const now = options.now ?? Date.now;
  try {
    const records = store.listRuns(options.runId ? { runId: options.runId } : {});
    if (options.runId && records.length === 0) {
      throw new AdeError(`no run "${options.runId}" in ${options.storePath}`);
    }
    // Earlier cleanup records own no resources; leaving them out keeps the run list meaningful.
    const selected = _selectByAge(
      records.filter((record) => record.kind !== "cleanup"),
      options.olderThanMs,
      now(),
    );
    const runIds = [...new Set(selected.map((record) => record.runId))];
    const targets = _collectTargets(selected, backend)
      .filter((target) => !options.types || options.types.includes(target.resource.type));
    const context = new _CleanupContext(options, dryRun);
    const entries: CleanupEntry[] = [];
    for (const target of targets) {
      const entry = await context.handle(target);
      entries.push(entry);
      if (!dryRun && DONE.has(entry.outcome)) {
        for (const recordId of target.recordIds) {
          store.removeResource(recordId, target.resource.type, target.resource.name);
        }
      }
    }
    const remaining = entries.filter((entry) => !DONE.has(entry.outcome));
    const report: CleanupReport = {
      dryRun,
      runIds,
      entries,
      remaining,
      stillRunningHourlyCostUsd: _sumCost(remaining),
      removedHourlyCostUsd: dryRun
        ? 0
        : _sumCost(entries.filter((e) => e.outcome === "removed" || e.outcome === "stopped")),
      costLabel: PRICE_TABLE_LABEL,
    };
    const recordId = store.startRun({
      kind: "cleanup",
      runId: options.runId,
      name: dryRun ? "dry-run" : "cleanup",
      params: {
        backend,
        dryRun,
        olderThanMs: options.olderThanMs ?? null,
        types: options.types ? [...options.types] : null,
        runIds,
      },
    });
    store.finishRun(recordId, {
      status: "completed",
      metrics: {
        removed: entries.filter((e) => DONE.has(e.outcome)).length,
        remaining: remaining.length,
        still_running_hourly_cost_usd_estimate: report.stillRunningHourlyCostUsd,
      },
    });
    return _displayable(report);
  } finally {
    store.close();
  }
}

/**
 * A plain-text summary: removed, remaining (with reasons) and the hourly cost estimate of what still runs.
 * @param report from {@link cleanupRun}
 * @returns lines of text
 * @example console.log(formatCleanupReport(report));
 */
export function formatCleanupReport(report: CleanupReport): string {
  const lines: string[] = [];
  const label = (entry: CleanupEntry) =>
    `${entry.resource.type} ${entry.resource.name}${
      entry.resource.region ? ` (${entry.resource.region})` : ""
    }${entry.detail ? ` — ${entry.detail}` : ""}`;
  lines.push(
    `${report.dryRun ? "dry run: nothing changed. " : ""}runs: ${
      report.runIds.join(", ") || "none"
    }`,
  );
  const done = report.entries.filter((e) => DONE.has(e.outcome));
  if (!report.dryRun) {
    lines.push(`removed (${done.length}):`);
    for (const entry of done) lines.push(`  ${entry.outcome.padEnd(12)} ${label(entry)}`);
  }
  lines.push(
    `${report.dryRun ? "would remove / remaining" : "remaining"} (${report.remaining.length}):`,
  );
  for (const entry of report.remaining) lines.push(`  ${entry.outcome.padEnd(12)} ${label(entry)}`);
  if (report.removedHourlyCostUsd > 0) {
    lines.push(
      `removed endpoints and stopped jobs were costing about $${
        report.removedHourlyCostUsd.toFixed(2)
      }/h (${report.costLabel})`,
    );
  }
  lines.push(
    `still running: about $${report.stillRunningHourlyCostUsd.toFixed(2)}/h (${report.costLabel})`,
  );
  return lines.join("\n");
}

interface _Target {
  runId: string;
  recordIds: string[];
  resource: RunResource;
  /** When the first record holding it started (a process younger than this is not ours). */
  recordedAtMs: number;
}

function _selectByAge(
  records: RunRecord[],
  olderThanMs: number | undefined,
  nowMs: number,
): RunRecord[] {
  if (olderThanMs === undefined) return records;
  const cutoff = nowMs - olderThanMs;
  const lastActivity = new Map<string, number>();
  for (const record of records) {
    const time = Math.max(
      Date.parse(record.startedAt),
      Date.parse(record.endedAt ?? record.startedAt),
    );
    lastActivity.set(record.runId, Math.max(lastActivity.get(record.runId) ?? 0, time));
  }
  // A run still being written to (recent activity) is never cleaned by age.
  return records.filter((record) => (lastActivity.get(record.runId) ?? 0) < cutoff);
}

function _collectTargets(records: RunRecord[], backend: CleanupBackend): _Target[] {
  const byKey = new Map<string, _Target>();
  for (const record of records) {
    for (const resource of record.resources) {
      const local = LOCAL_TYPES.has(resource.type);
      if (backend === "local" && !local) continue;
      if (backend === "sagemaker" && local) continue;
      const key = `${record.runId}\u0000${resource.type}\u0000${resource.name}\u0000${
        resource.region ?? ""
      }`;
      const existing = byKey.get(key);
      const recordedAtMs = Date.parse(record.startedAt);
      if (existing) {
        existing.recordIds.push(record.id);
        existing.recordedAtMs = Math.min(existing.recordedAtMs, recordedAtMs);
        existing.resource = {
          ...resource,
          ...existing.resource,
          arn: existing.resource.arn ?? resource.arn,
        };
      } else {
        byKey.set(key, {
          runId: record.runId,
          recordIds: [record.id],
          resource: { ...resource },
          recordedAtMs,
        });
      }
    }
  }
  const rank = (type: string) => {
    const index = CLEANUP_ORDER.indexOf(type);
    return index < 0 ? CLEANUP_ORDER.length : index;
  };
  return [...byKey.values()].sort((a, b) => rank(a.resource.type) - rank(b.resource.type));
}

function _sumCost(entries: CleanupEntry[]): number {
  let total = 0;
  for (const entry of entries) {
    const { type, instanceType, instanceCount } = entry.resource;
    if (!instanceType || !["endpoint", "training-job", "tuning-job"].includes(type)) continue;
    total += hourlyCostUsd(instanceType, instanceCount ?? 1) ?? 0;
  }
  return total;
}

function _displayable(report: CleanupReport): CleanupReport {
  Object.defineProperty(report, Symbol.for("Jupyter.display"), {
    enumerable: false,
    value: () => {
      const rows = report.entries.map((entry) =>
        `| ${entry.runId} | ${entry.resource.type} | \`${entry.resource.name}\` | ${entry.outcome} | ${
          (entry.detail ?? "").replaceAll("|", "\\|")
        } |`
      );
      const table = report.entries.length === 0
        ? "_No recorded resources._"
        : ["| run | type | name | outcome | detail |", "|---|---|---|---|---|", ...rows].join("\n");
      return {
        "text/markdown": `${table}\n\n${
          report.dryRun ? "**Dry run:** nothing changed. " : ""
        }Still running: about $${
          report.stillRunningHourlyCostUsd.toFixed(2)
        }/h (${report.costLabel}).`,
        "text/plain": formatCleanupReport(report),
      };
    },
  });
  return report;
}

/** Handles one resource per type, with clients created per region on demand. */
class _CleanupContext {
  #options: CleanupOptions;
  #dryRun: boolean;
  #sagemaker = new Map<string, SageMakerClient>();
  #s3 = new Map<string, S3Client>();
  #localRoots: Promise<string[]>;

  constructor(options: CleanupOptions, dryRun: boolean) {
    this.#options = options;
    this.#dryRun = dryRun;
    this.#localRoots = _realRoots(options.allowedLocalRoots ?? _defaultLocalRoots());
  }

  async handle(target: _Target): Promise<CleanupEntry> {
    const base = { runId: target.runId, resource: target.resource };
    try {
      const result = await this.#dispatch(target);
      return { ...base, ...result };
    } catch (error) {
      if (isNotFoundError(error)) return { ...base, outcome: "already-gone" };
      return { ...base, outcome: "failed", detail: errorMessage(error) };
    }
  }

  #region(resource: RunResource): string {
    return resource.region ?? this.#options.region ?? Deno.env.get("AWS_REGION") ?? "us-east-1";
  }

  #sagemakerClient(resource: RunResource): SageMakerClient {
    const region = this.#region(resource);
    let client = this.#sagemaker.get(region);
    if (!client) {
      client = this.#options.sagemakerFor?.(region) ?? new SageMakerClient({ region });
      this.#sagemaker.set(region, client);
    }
    return client;
  }

  #s3Client(resource: RunResource): S3Client {
    const region = this.#region(resource);
    let client = this.#s3.get(region);
    if (!client) {
      client = this.#options.s3For?.(region) ?? new S3Client({ region });
      this.#s3.set(region, client);
    }
    return client;
  }

  #dispatch(target: _Target): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const { resource, runId } = target;
    const client = () => this.#sagemakerClient(resource);
    switch (resource.type) {
      case "endpoint":
        return this.#sageMakerResource(client(), runId, async () => {
          const found = await client().send(
            new DescribeEndpointCommand({ EndpointName: resource.name }),
          );
          return { arn: found.EndpointArn, status: found.EndpointStatus };
        }, () => client().send(new DeleteEndpointCommand({ EndpointName: resource.name })));
      case "endpoint-config":
        return this.#sageMakerResource(
          client(),
          runId,
          async () => {
            const found = await client().send(
              new DescribeEndpointConfigCommand({ EndpointConfigName: resource.name }),
            );
            return { arn: found.EndpointConfigArn };
          },
          () =>
            client().send(new DeleteEndpointConfigCommand({ EndpointConfigName: resource.name })),
        );
      case "model":
        return this.#sageMakerResource(client(), runId, async () => {
          const found = await client().send(new DescribeModelCommand({ ModelName: resource.name }));
          return { arn: found.ModelArn };
        }, () => client().send(new DeleteModelCommand({ ModelName: resource.name })));
      case "tuning-job":
        return this.#sageMakerJob(client(), runId, async () => {
          const found = await client().send(
            new DescribeHyperParameterTuningJobCommand({
              HyperParameterTuningJobName: resource.name,
            }),
          );
          return {
            arn: found.HyperParameterTuningJobArn,
            status: found.HyperParameterTuningJobStatus,
          };
        }, () =>
          client().send(
            new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: resource.name }),
          ));
      case "training-job":
        return this.#sageMakerJob(client(), runId, async () => {
          const found = await client().send(
            new DescribeTrainingJobCommand({ TrainingJobName: resource.name }),
          );
          return { arn: found.TrainingJobArn, status: found.TrainingJobStatus };
        }, () => client().send(new StopTrainingJobCommand({ TrainingJobName: resource.name })));
      case "s3-prefix":
        return this.#s3Prefix(this.#s3Client(resource), runId, resource.name);
      case "local-endpoint":
        return this.#localEndpoint(resource, target.recordedAtMs);
      case "local-dir":
        return this.#localDir(resource.name);
      default:
        return Promise.resolve({
          outcome: "left-alone",
          detail: `unknown resource type "${resource.type}"`,
        });
    }
  }

  /** Describe (existence + ARN), check the run tag, then delete. */
  async #sageMakerResource(
    client: SageMakerClient,
    runId: string,
    describe: () => Promise<{ arn?: string; status?: string }>,
    remove: () => Promise<unknown>,
  ): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const found = await describe();
    const tagProblem = await _tagProblem(client, found.arn, runId);
    if (tagProblem) return { outcome: "left-alone", detail: tagProblem };
    if (this.#dryRun) {
      return {
        outcome: "would-remove",
        ...(found.status ? { detail: `status ${found.status}` } : {}),
      };
    }
    await remove();
    return { outcome: "removed" };
  }

  /** Describe, check the tag, stop only when running (finished jobs stay as history; nothing to pay). */
  async #sageMakerJob(
    client: SageMakerClient,
    runId: string,
    describe: () => Promise<{ arn?: string; status?: string }>,
    stop: () => Promise<unknown>,
  ): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const found = await describe();
    const tagProblem = await _tagProblem(client, found.arn, runId);
    if (tagProblem) return { outcome: "left-alone", detail: tagProblem };
    if (found.status !== "InProgress") {
      return { outcome: "not-running", detail: `status ${found.status ?? "unknown"}` };
    }
    if (this.#dryRun) return { outcome: "would-remove", detail: "running: would be stopped" };
    await stop();
    return { outcome: "stopped" };
  }

  async #s3Prefix(
    client: S3Client,
    runId: string,
    uri: string,
  ): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const { bucket, key } = parseS3Uri(uri);
    // Naming convention instead of object tags (artifacts written by SageMaker carry none): the prefix must
    // contain the run id as a whole path segment, so no recorded prefix can reach another run's objects.
    if (!key.split("/").includes(runId)) {
      return {
        outcome: "left-alone",
        detail: `prefix does not contain the run id "${runId}" as a path segment`,
      };
    }
    const prefix = key.endsWith("/") ? key : `${key}/`;
    let count = 0;
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).map((object) => object.Key!).filter(Boolean);
      count += keys.length;
      if (!this.#dryRun && keys.length > 0) {
        for (let i = 0; i < keys.length; i += 1000) {
          const batch = keys.slice(i, i + 1000);
          const result = await client.send(
            new DeleteObjectsCommand({
              Bucket: bucket,
              Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }),
          );
          if (result.Errors && result.Errors.length > 0) {
            throw new AdeError(
              `S3 refused to delete ${result.Errors.length} objects (first: ${
                result.Errors[0].Key
              }: ${result.Errors[0].Code})`,
            );
          }
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    if (count === 0) return { outcome: "already-gone", detail: "no objects" };
    return this.#dryRun
      ? { outcome: "would-remove", detail: `${count} objects` }
      : { outcome: "removed", detail: `${count} objects` };
  }

  async #localEndpoint(
    resource: RunResource,
    recordedAtMs: number,
  ): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const pid = Number(resource.name);
    if (!Number.isInteger(pid) || pid <= 1) {
      return { outcome: "left-alone", detail: "not a process id" };
    }
    if (pid === Deno.pid) {
      return {
        outcome: "left-alone",
        detail: "this process serves it: call its shutdown() instead",
      };
    }
    const command = await _processCommandLine(pid);
    if (command === undefined) return { outcome: "already-gone", detail: `pid ${pid} not running` };
    if (command.program !== "deno" && command.program !== "deno.exe") {
      return { outcome: "left-alone", detail: `pid ${pid} is not a deno process (pid reused?)` };
    }
    const reuse = await _pidReuse(pid, resource.processStart, recordedAtMs);
    if (reuse) return { outcome: "left-alone", detail: reuse };
    if (/\bjupyter\b/.test(command.commandLine)) {
      return {
        outcome: "left-alone",
        detail:
          `pid ${pid} is a Jupyter kernel: stop the endpoint from its notebook or restart that kernel`,
      };
    }
    if (this.#dryRun) {
      return { outcome: "would-remove", detail: `would send SIGTERM to pid ${pid}` };
    }
    Deno.kill(pid, "SIGTERM");
    return { outcome: "stopped", detail: `SIGTERM sent to pid ${pid}` };
  }

  async #localDir(path: string): Promise<Omit<CleanupEntry, "runId" | "resource">> {
    const candidate = await _resolveRecordedPath(path, this.#options.storePath);
    if (!(await exists(candidate))) return { outcome: "already-gone" };
    const real = await Deno.realPath(candidate);
    const roots = await this.#localRoots;
    const inside = roots.some((root) => real !== root && real.startsWith(root + sep));
    if (!inside) {
      return {
        outcome: "left-alone",
        detail: `outside the allowed folders (${roots.join(", ") || "none exist"}): never deleted`,
      };
    }
    const store = await Deno.realPath(this.#options.storePath).catch(() =>
      resolve(this.#options.storePath)
    );
    if (store.startsWith(real + sep)) {
      return { outcome: "left-alone", detail: "holds the experiment store itself: never deleted" };
    }
    if (this.#dryRun) return { outcome: "would-remove", detail: real };
    await Deno.remove(real, { recursive: true });
    return { outcome: "removed", detail: real };
  }
}

async function _tagProblem(
  client: SageMakerClient,
  arn: string | undefined,
  runId: string,
): Promise<string | undefined> {
  if (!arn) return "no ARN to read its tags: left alone";
  const tags = await client.send(new ListTagsCommand({ ResourceArn: arn }));
  const value = tags.Tags?.find((tag) => tag.Key === RUN_TAG_KEY)?.Value;
  if (value === runId) return undefined;
  return value === undefined
    ? `no ${RUN_TAG_KEY} tag: not ours, left alone`
    : `tagged ${RUN_TAG_KEY}=${value}, not ${runId}: left alone`;
}

function _defaultLocalRoots(): string[] {
  const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
  return [resolve(projectRoot, "runs"), resolve(Deno.cwd(), "runs")];
}

async function _realRoots(roots: string[]): Promise<string[]> {
  const real: string[] = [];
  for (const root of roots) {
    try {
      const path = await Deno.realPath(root);
      if (path !== "/" && !real.includes(path)) real.push(path);
    } catch {
      // a root that does not exist holds nothing to delete
    }
  }
  return real;
}

/** Relative paths were recorded relative to where the run started: the cwd, the store's folder, the repo root or notebooks/. */
async function _resolveRecordedPath(path: string, storePath: string): Promise<string> {
  if (isAbsolute(path)) return path;
  const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
  for (
    const base of [
      Deno.cwd(),
      dirname(resolve(storePath)),
      projectRoot,
      resolve(projectRoot, "notebooks"),
    ]
  ) {
    const candidate = resolve(base, path);
    if (await exists(candidate)) return candidate;
  }
  return resolve(Deno.cwd(), path);
}

/**
 * Why the process now holding `pid` is not the one recorded, or undefined when it is (or cannot be told
 * apart). With the recorded start identity the answer is exact: same boot, same start tick. Records
 * written before identities were stored fall back to comparing wall-clock times, with 2 s of slack.
 */
async function _pidReuse(
  pid: number,
  recordedIdentity: string | undefined,
  recordedAtMs: number,
): Promise<string | undefined> {
  if (recordedIdentity !== undefined) {
    const current = await processStartIdentity(pid);
    if (current === undefined || current === recordedIdentity) return undefined;
    return `pid ${pid} is not the process that was recorded (its start differs): the pid was reused, not ours`;
  }
  const startedMs = await _legacyProcessStartMs(pid);
  if (startedMs !== undefined && startedMs > recordedAtMs + 2_000) {
    return `pid ${pid} started after the endpoint was recorded: the pid was reused, not ours`;
  }
  return undefined;
}

/** Start time of a process in epoch milliseconds (Linux `/proc`; `btime` is whole seconds), or undefined. */
async function _legacyProcessStartMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = Number(fields[19]); // field 22 overall: starttime in clock ticks since boot
    const bootLine = (await Deno.readTextFile("/proc/stat")).split("\n").find((l) =>
      l.startsWith("btime ")
    );
    if (!bootLine || !Number.isFinite(startTicks)) return undefined;
    const bootSeconds = Number(bootLine.split(/\s+/)[1]);
    return (bootSeconds + startTicks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The program (argv[0] base name) and full command line of a running process, or undefined. */
async function _processCommandLine(
  pid: number,
): Promise<{ program: string; commandLine: string } | undefined> {
  const baseName = (path: string) => path.split(/[\\/]/).pop() ?? "";
  try {
    const argv = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\u0000").filter(Boolean);
    if (argv.length > 0) return { program: baseName(argv[0]), commandLine: argv.join(" ") };
  } catch {
    // not Linux, or no such process: ask ps
  }
  const ps = async (format: string) => {
    try {
      const output = await new Deno.Command("ps", {
        args: ["-p", String(pid), "-o", format],
        stdout: "piped",
        stderr: "null",
      }).output();
      const text = new TextDecoder().decode(output.stdout).trim();
      return output.success && text ? text : undefined;
    } catch {
      return undefined;
    }
  };
  const program = await ps("comm=");
  if (program === undefined) return undefined;
  return { program: baseName(program), commandLine: (await ps("args=")) ?? program };
}
