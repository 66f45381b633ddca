/**
 * Tag-scoped cleanup of a study run: deletes, in dependency order, the endpoint, endpoint config, model,
 * running tuning and training jobs (stopped), S3 objects under the run's prefix, then the local endpoint and
 * local folders — only resources that are recorded in the experiment store for the run AND carry its tag
 * (SageMaker `ListTags`; for S3 the `ade/<runId>/` naming convention; for local folders: inside a `runs/`
 * folder). Untagged resources are left alone and reported. Idempotent: "already gone" counts as done.
 *
 * Before the run's S3 objects go, cleanup waits (bounded, with progress) until the jobs it stopped have
 * stopped and the capture endpoints it deleted are gone, so that nothing they still upload is orphaned;
 * the endpoint's data-capture prefix (captured payloads: the submitted text) is deleted with them, and in
 * a versioned bucket every version and delete marker under the prefixes too.
 */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { S3Client } from "@aws-sdk/client-s3";
import { AdeError, UsageError } from "../core/errors.ts";
import { ExperimentStore, type RunResource } from "../track/store.ts";
import { errorMessage, isNotFoundError } from "./_aws_errors.ts";
import type { _SageMakerCleanupType } from "./_cleanup_requests.ts";
import {
  _cleanupRank,
  type _CleanupTarget,
  _collectCleanupTargets,
  _selectRecordsByAge,
  type CleanupBackend,
} from "./_cleanup_targets.ts";
import {
  type _CleanupResult,
  _displayableCleanupReport,
  _DONE_OUTCOMES,
  type CleanupEntry,
  type CleanupReport,
} from "./cleanup_report.ts";
import { _allowedLocalRoots, _removeLocalDir, _stopLocalEndpoint } from "./_local_cleanup.ts";
import { _deleteS3Prefix } from "./_s3_cleanup.ts";
import { _cleanSageMakerResource } from "./_sagemaker_cleanup.ts";
import {
  type _S3Writer,
  _waitUntilStopped,
  type CleanupWaitOptions,
} from "./_wait_until_stopped.ts";
import { hourlyCostUsd, PRICE_TABLE_LABEL } from "./prices.ts";
import { parseS3Uri } from "./s3.ts";

export type { CleanupBackend } from "./_cleanup_targets.ts";
export type { CleanupWaitOptions } from "./_wait_until_stopped.ts";

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
  /** The wait for stopped jobs before S3 is deleted (timeout, poll delay, progress; tests: sleep, clock). */
  wait?: CleanupWaitOptions;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * Lists, then removes, the resources of a study run (see the module doc for the rules), removes the records
 * of what is gone, and records a `cleanup` run.
 * @param options store, run id or age, backend, dry run, clients, the wait before S3
 * @returns what was removed, what remains, and hourly cost estimates
 * @throws {UsageError} when neither a run id nor an age is given; {@link AdeError} when the run is unknown
 * @example
 * ```ts
 * import { cleanupRun, formatCleanupReport } from "./mod.ts";
 * const storePath = `${await Deno.makeTempDir()}/ade.sqlite`;
 * const report = await cleanupRun({ storePath, allRuns: true, dryRun: true });
 * console.log(formatCleanupReport(report)); // dry run: nothing changed. runs: none …
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
    const selected = _selectRecordsByAge(
      records.filter((record) => record.kind !== "cleanup"),
      options.olderThanMs,
      now(),
    );
    const runIds = [...new Set(selected.map((record) => record.runId))];
    const wanted = (type: string) => !options.types || options.types.includes(type);
    const targets = _collectCleanupTargets(selected, backend)
      .filter((target) => wanted(target.resource.type));
    const s3Rank = _cleanupRank("s3-prefix");
    const clients = _regionClients(options);
    const entries: CleanupEntry[] = [];
    const finish = (target: _CleanupTarget, result: _CleanupResult) => {
      entries.push({ runId: target.runId, resource: target.resource, ...result });
      if (!dryRun && _DONE_OUTCOMES.has(result.outcome)) {
        for (const recordId of target.recordIds) {
          store.removeResource(recordId, target.resource.type, target.resource.name);
        }
      }
    };

    // 1. SageMaker: delete endpoints, configs, models; stop running jobs. Note what may still write.
    const writers: _S3Writer[] = [];
    const capturePrefixes: _CleanupTarget[] = [];
    for (const target of targets.filter((t) => _cleanupRank(t.resource.type) < s3Rank)) {
      const { resource, runId } = target;
      const type = resource.type as _SageMakerCleanupType;
      const client = clients.sagemaker(resource);
      const result = await _outcomeOf(() =>
        _cleanSageMakerResource(client, type, resource.name, runId, dryRun)
      );
      finish(target, {
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
      });
      const described = "described" in result ? result.described : undefined;
      const stopping = result.outcome === "stopped" ||
        (result.outcome === "not-running" && described?.status === "Stopping");
      if (stopping) writers.push({ runId, type, name: resource.name, client });
      if (described?.captureS3Uri && result.outcome !== "left-alone") {
        if (result.outcome === "removed") {
          writers.push({ runId, type, name: resource.name, client });
        }
        capturePrefixes.push({
          runId,
          recordIds: [],
          resource: { type: "s3-prefix", name: described.captureS3Uri, region: resource.region },
          recordedAtMs: target.recordedAtMs,
        });
      }
    }

    // 2. S3: the recorded prefixes and the capture prefixes found on the endpoints, once nothing writes.
    const s3Targets = targets.filter((t) => t.resource.type === "s3-prefix");
    if (wanted("s3-prefix")) s3Targets.push(..._uncovered(capturePrefixes, s3Targets));
    const s3Runs = new Set(s3Targets.map((target) => target.runId));
    const blocked = dryRun ? new Map<string, string>() : await _waitUntilStopped(
      writers.filter((writer) => s3Runs.has(writer.runId)),
      options.wait,
    );
    for (const target of s3Targets) {
      const reason = blocked.get(target.runId);
      finish(
        target,
        reason !== undefined
          ? {
            outcome: "left-alone",
            detail: `not deleted yet: ${reason}, and what it still uploads would be orphaned; ` +
              "run cleanup again once it has stopped",
          }
          : await _outcomeOf(() =>
            _deleteS3Prefix(clients.s3(target.resource), target.runId, target.resource.name, dryRun)
          ),
      );
    }

    // 3. Local: the endpoint process, then the folders.
    const localRoots = _allowedLocalRoots(options.allowedLocalRoots);
    for (const target of targets.filter((t) => _cleanupRank(t.resource.type) > s3Rank)) {
      const { resource } = target;
      finish(
        target,
        await _outcomeOf(async () =>
          resource.type === "local-endpoint"
            ? await _stopLocalEndpoint(resource, target.recordedAtMs, dryRun)
            : resource.type === "local-dir"
            ? await _removeLocalDir(resource.name, options.storePath, await localRoots, dryRun)
            : { outcome: "left-alone", detail: `unknown resource type "${resource.type}"` }
        ),
      );
    }

    const remaining = entries.filter((entry) => !_DONE_OUTCOMES.has(entry.outcome));
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
        removed: entries.filter((e) => _DONE_OUTCOMES.has(e.outcome)).length,
        remaining: remaining.length,
        still_running_hourly_cost_usd_estimate: report.stillRunningHourlyCostUsd,
      },
    });
    return _displayableCleanupReport(report);
  } finally {
    store.close();
  }
}

/** Runs a handler; "not found" means already gone, any other error is a failure of that resource only. */
async function _outcomeOf<T extends _CleanupResult>(
  work: () => Promise<T>,
): Promise<T | _CleanupResult> {
  try {
    return await work();
  } catch (error) {
    if (isNotFoundError(error)) return { outcome: "already-gone" };
    return { outcome: "failed", detail: errorMessage(error) };
  }
}

/**
 * The capture prefixes not already inside a recorded prefix of the same run (one target each). One that
 * does not name the run stays in the list: it is then reported as left alone, since payloads remain there.
 */
function _uncovered(
  capturePrefixes: readonly _CleanupTarget[],
  recorded: readonly _CleanupTarget[],
): _CleanupTarget[] {
  const found: _CleanupTarget[] = [];
  const location = (uri: string) => {
    const { bucket, key } = parseS3Uri(uri);
    return `${bucket}/${key.endsWith("/") ? key : `${key}/`}`;
  };
  for (const candidate of capturePrefixes) {
    const where = location(candidate.resource.name);
    const covered = [...recorded, ...found].some((target) =>
      target.runId === candidate.runId && where.startsWith(location(target.resource.name))
    );
    if (!covered) found.push(candidate);
  }
  return found;
}

/** SageMaker and S3 clients per region, made on first use. */
function _regionClients(options: CleanupOptions) {
  const sagemaker = new Map<string, SageMakerClient>();
  const s3 = new Map<string, S3Client>();
  const region = (resource: RunResource) =>
    resource.region ?? options.region ?? Deno.env.get("AWS_REGION") ?? "us-east-1";
  const cached =
    <C>(clients: Map<string, C>, make: (region: string) => C) => (resource: RunResource): C => {
      const name = region(resource);
      let client = clients.get(name);
      if (!client) {
        client = make(name);
        clients.set(name, client);
      }
      return client;
    };
  return {
    sagemaker: cached(
      sagemaker,
      (r) => options.sagemakerFor?.(r) ?? new SageMakerClient({ region: r }),
    ),
    s3: cached(s3, (r) => options.s3For?.(r) ?? new S3Client({ region: r })),
  };
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
