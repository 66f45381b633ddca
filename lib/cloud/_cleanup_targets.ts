/**
 * Which resources a cleanup handles: the runs selected (by id, or idle for long enough), their recorded
 * resources of the chosen backend, one target per resource, in dependency order.
 */
import type { RunRecord, RunResource } from "../track/mod.ts";
import { parseS3Uri } from "./s3.ts";

/** Which resources to clean: local ones, SageMaker/S3 ones, or both (default). */
export type CleanupBackend = "local" | "sagemaker" | "all";

/**
 * Handling order: endpoint → config → transform job (stopped before its model goes) → model → jobs → S3 →
 * local endpoint → local folders.
 */
export const _CLEANUP_ORDER: readonly string[] = [
  "endpoint",
  "endpoint-config",
  "transform-job",
  "model",
  "tuning-job",
  "training-job",
  "s3-prefix",
  "local-endpoint",
  "local-dir",
];

const LOCAL_TYPES = new Set(["local-endpoint", "local-dir"]);

/** One resource to handle, with the records that hold it. */
export interface _CleanupTarget {
  /** Its run. */
  runId: string;
  /** The store records that list it (removed from each once it is gone). */
  recordIds: string[];
  /** The resource (fields merged over the records). */
  resource: RunResource;
  /** When the first record holding it started (a process younger than this is not ours). */
  recordedAtMs: number;
}

/**
 * The records of runs idle for longer than `olderThanMs` (every record when it is undefined). A run
 * still being written to (recent activity in any of its records) is never selected by age.
 * @param records the candidate records
 * @param olderThanMs idle time, or undefined for no age rule
 * @param nowMs the current time
 * @returns the selected records
 */
export function _selectRecordsByAge(
  records: readonly RunRecord[],
  olderThanMs: number | undefined,
  nowMs: number,
): RunRecord[] {
  if (olderThanMs === undefined) return [...records];
  const cutoff = nowMs - olderThanMs;
  const lastActivity = new Map<string, number>();
  for (const record of records) {
    const time = Math.max(
      Date.parse(record.startedAt),
      Date.parse(record.endedAt ?? record.startedAt),
    );
    lastActivity.set(record.runId, Math.max(lastActivity.get(record.runId) ?? 0, time));
  }
  return records.filter((record) => (lastActivity.get(record.runId) ?? 0) < cutoff);
}

/**
 * One target per recorded resource of the backend (a resource recorded by several records of a run
 * is one target), sorted by {@link _CLEANUP_ORDER}.
 * @param records the selected records
 * @param backend which resources
 * @returns the targets in handling order
 */
export function _collectCleanupTargets(
  records: readonly RunRecord[],
  backend: CleanupBackend,
): _CleanupTarget[] {
  const byKey = new Map<string, _CleanupTarget>();
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
  return [...byKey.values()].sort((a, b) =>
    _cleanupRank(a.resource.type) - _cleanupRank(b.resource.type)
  );
}

/** A type's place in {@link _CLEANUP_ORDER} (unknown types last). */
export function _cleanupRank(type: string): number {
  const index = _CLEANUP_ORDER.indexOf(type);
  return index < 0 ? _CLEANUP_ORDER.length : index;
}

/**
 * The capture prefixes not already inside a recorded prefix of the same run (one target each). One that
 * does not name the run stays in the list: it is then reported as left alone, since payloads remain there.
 */
export function _capturePrefixesToAdd(
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
