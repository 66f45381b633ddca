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
import { AdeError, UsageError } from "../core/mod.ts";
import { ExperimentStore, type RunResource } from "../track/mod.ts";
import { errorMessage, isNotFoundError } from "./_aws_errors.ts";
import type { _SageMakerCleanupType } from "./_cleanup_requests.ts";
import {
  _capturePrefixesToAdd,
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
  _hourlyCostUsd,
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
import { PRICE_TABLE_LABEL } from "./prices.ts";
import { awsRegion } from "./_aws_region.ts";

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
 * const dir = await Deno.makeTempDir();
 * const report = await cleanupRun({ storePath: `${dir}/ade.sqlite`, allRuns: true, dryRun: true });
 * console.log(formatCleanupReport(report)); // dry run: nothing changed. runs: none …
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function cleanupRun(options: CleanupOptions): Promise<CleanupReport> {
  if (!options.runId && options.olderThanMs === undefined && !options.allRuns) {
    throw new UsageError("cleanup needs --run-id ID, or --older-than DURATION for every older run");
  }
  const store = await ExperimentStore.open(options.storePath);
  const dryRun = options.dryRun ?? false;
  const backend = options.backend ?? "all";
  try {
    const records = store.listRuns(options.runId ? { runId: options.runId } : {});
    if (options.runId && records.length === 0) {
      throw new AdeError(`no run "${options.runId}" in ${options.storePath}`);
    }
    // Earlier cleanup records own no resources; leaving them out keeps the run list meaningful.
    const selected = _selectRecordsByAge(
      records.filter((record) => record.kind !== "cleanup"),
      options.olderThanMs,
      (options.now ?? Date.now)(),
    );
    const runIds = [...new Set(selected.map((record) => record.runId))];
    const targets = _collectCleanupTargets(selected, backend)
      .filter((target) => _wanted(options, target.resource.type));
    const entries: CleanupEntry[] = [];
    const phase: _Phase = {
      options,
      dryRun,
      clients: _regionClients(options),
      finish(target, result) {
        entries.push({ runId: target.runId, resource: target.resource, ...result });
        if (!dryRun && _DONE_OUTCOMES.has(result.outcome)) {
          for (const recordId of target.recordIds) {
            store.removeResource(recordId, target.resource.type, target.resource.name);
          }
        }
      },
    };
    const s3Rank = _cleanupRank("s3-prefix");
    const found = await _cleanSageMaker(
      targets.filter((t) => _cleanupRank(t.resource.type) < s3Rank),
      phase,
    );
    await _cleanS3(targets.filter((t) => t.resource.type === "s3-prefix"), found, phase);
    await _cleanLocal(targets.filter((t) => _cleanupRank(t.resource.type) > s3Rank), phase);

    const remaining = entries.filter((entry) => !_DONE_OUTCOMES.has(entry.outcome));
    const report: CleanupReport = {
      dryRun,
      runIds,
      entries,
      remaining,
      stillRunningHourlyCostUsd: _hourlyCostUsd(remaining),
      removedHourlyCostUsd: dryRun
        ? 0
        : _hourlyCostUsd(entries.filter((e) => e.outcome === "removed" || e.outcome === "stopped")),
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

/** What the phases share: options, clients, and where each outcome goes. */
interface _Phase {
  options: CleanupOptions;
  dryRun: boolean;
  clients: ReturnType<typeof _regionClients>;
  finish(target: _CleanupTarget, result: _CleanupResult): void;
}

/** What the SageMaker phase found that the S3 phase must know. */
interface _StillWriting {
  /** Jobs stopped (or stopping) and capture endpoints deleted: they may still write to S3. */
  writers: _S3Writer[];
  /** The data-capture prefixes of the run's endpoints. */
  capturePrefixes: _CleanupTarget[];
}

function _wanted(options: CleanupOptions, type: string): boolean {
  return !options.types || options.types.includes(type);
}

/** Deletes endpoints, configs and models; stops running jobs; notes what may still write. */
async function _cleanSageMaker(
  targets: readonly _CleanupTarget[],
  phase: _Phase,
): Promise<_StillWriting> {
  const found: _StillWriting = { writers: [], capturePrefixes: [] };
  for (const target of targets) {
    const { resource, runId } = target;
    const type = resource.type as _SageMakerCleanupType;
    const client = phase.clients.sagemaker(resource);
    const result = await _outcomeOf(() =>
      _cleanSageMakerResource(client, type, resource.name, runId, phase.dryRun)
    );
    phase.finish(target, {
      outcome: result.outcome,
      ...(result.detail ? { detail: result.detail } : {}),
    });
    const described = "described" in result ? result.described : undefined;
    const writer = { runId, type, name: resource.name, client };
    if (
      result.outcome === "stopped" ||
      (result.outcome === "not-running" && described?.status === "Stopping")
    ) found.writers.push(writer);
    if (described?.captureS3Uri && result.outcome !== "left-alone") {
      if (result.outcome === "removed") found.writers.push(writer);
      found.capturePrefixes.push({
        runId,
        recordIds: [],
        resource: { type: "s3-prefix", name: described.captureS3Uri, region: resource.region },
        recordedAtMs: target.recordedAtMs,
      });
    }
  }
  return found;
}

/** Deletes the recorded prefixes and the endpoints' capture prefixes, once nothing writes to them. */
async function _cleanS3(
  recorded: readonly _CleanupTarget[],
  found: _StillWriting,
  phase: _Phase,
): Promise<void> {
  const targets = [
    ...recorded,
    ...(_wanted(phase.options, "s3-prefix")
      ? _capturePrefixesToAdd(found.capturePrefixes, recorded)
      : []),
  ];
  const runs = new Set(targets.map((target) => target.runId));
  const blocked = phase.dryRun ? new Map<string, string>() : await _waitUntilStopped(
    found.writers.filter((writer) => runs.has(writer.runId)),
    phase.options.wait,
  );
  for (const target of targets) {
    const reason = blocked.get(target.runId);
    phase.finish(
      target,
      reason !== undefined
        ? {
          outcome: "left-alone",
          detail: `not deleted yet: ${reason}, and what it still uploads would be orphaned; ` +
            "run cleanup again once it has stopped",
        }
        : await _outcomeOf(() =>
          _deleteS3Prefix(
            phase.clients.s3(target.resource),
            target.runId,
            target.resource.name,
            phase.dryRun,
          )
        ),
    );
  }
}

/** Stops the local endpoint process, then deletes the local folders (and reports unknown types). */
async function _cleanLocal(targets: readonly _CleanupTarget[], phase: _Phase): Promise<void> {
  const roots = _allowedLocalRoots(phase.options.allowedLocalRoots);
  for (const target of targets) {
    const { resource } = target;
    phase.finish(
      target,
      await _outcomeOf(async () =>
        resource.type === "local-endpoint"
          ? await _stopLocalEndpoint(resource, target.recordedAtMs, phase.dryRun)
          : resource.type === "local-dir"
          ? await _removeLocalDir(resource.name, phase.options.storePath, await roots, phase.dryRun)
          : { outcome: "left-alone", detail: `unknown resource type "${resource.type}"` }
      ),
    );
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

/** SageMaker and S3 clients per region, made on first use. */
function _regionClients(options: CleanupOptions) {
  const sagemaker = new Map<string, SageMakerClient>();
  const s3 = new Map<string, S3Client>();
  const region = (resource: RunResource) => awsRegion(resource.region ?? options.region);
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
