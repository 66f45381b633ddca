/** The experiment store: every run of every verb, on SQLite (node:sqlite, WAL mode). */
import { DatabaseSync } from "node:sqlite";
import { ensureParentDir, processStartIdentity } from "../core/mod.ts";

/** What kind of work a run did. */
export type RunKind =
  | "prepare"
  | "train"
  | "tune"
  | "tune-trial"
  | "augment"
  | "evaluate"
  | "predict"
  | "select"
  | "adapt"
  | "deploy"
  | "generator"
  | "stage-model"
  | "serve"
  | "cleanup"
  | "report"
  | "pipeline";

/** How a run ended (or that it has not). */
export type RunStatus = "running" | "completed" | "failed" | "stopped";

/** A cloud (or local) resource a run created, so that cleanup can find it. */
export interface RunResource {
  /** e.g. `endpoint`, `endpoint-config`, `model`, `training-job`, `tuning-job`, `s3-prefix`, `local-dir`, `local-endpoint`. */
  type: string;
  /** Name, S3 URI, path or pid, as the resource is addressed. */
  name: string;
  /** ARN when the cloud returned one. */
  arn?: string;
  /** AWS region for cloud resources. */
  region?: string;
  /** Instance type, for cost estimates. */
  instanceType?: string;
  /** Instance count, for cost estimates. */
  instanceCount?: number;
  /**
   * For a local process: its start identity (`processStartIdentity()` of `core`), so that cleanup can tell
   * it from a later process that was given the same pid.
   */
  processStart?: string;
}

/** One stored run. */
export interface RunRecord {
  /** Unique id of this record. */
  id: string;
  /** The study run this record belongs to (the id used in tags, `runs/<run-id>/` and `cleanup --run-id`). */
  runId: string;
  /** What kind of work it was. */
  kind: RunKind;
  /** Free-form label, e.g. `baseline`, `tuned`, `tuned+synthetic`. */
  name: string;
  /** Parameters (hyperparameters, flags, seeds). */
  params: Record<string, unknown>;
  /** Metrics (numbers or small objects). */
  metrics: Record<string, unknown>;
  /** SHA-256 of the dataset manifest the run used, when known. */
  manifestHash: string | null;
  /** Git commit of the code, when available. */
  codeVersion: string | null;
  /** ISO start time. */
  startedAt: string;
  /** ISO end time, null while running. */
  endedAt: string | null;
  /** Current status. */
  status: RunStatus;
  /** Named artifact paths (e.g. `model_dir`, `metrics`, `predictions`). */
  artifacts: Record<string, string>;
  /** Resources created. */
  resources: RunResource[];
  /** Error message when failed. */
  error: string | null;
}

/** Fields given when a run starts. */
export interface StartRunInput {
  kind: RunKind;
  /** Study run id; defaults to the new record's own id. */
  runId?: string;
  name?: string;
  params?: Record<string, unknown>;
  manifestHash?: string | null;
}

/** Fields given when a run ends. */
export interface FinishRunInput {
  status: Exclude<RunStatus, "running">;
  metrics?: Record<string, unknown>;
  artifacts?: Record<string, string>;
  /** Parameters known only once the work ran (e.g. a loaded model's), merged into those stored. */
  params?: Record<string, unknown>;
  /** The dataset manifest hash, when it is known only once the work ran (e.g. a split just written). */
  manifestHash?: string | null;
  error?: string | null;
}

/** Filter for {@link ExperimentStore.listRuns}. */
export interface RunFilter {
  runId?: string;
  kind?: RunKind;
  name?: string;
  status?: RunStatus;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  params TEXT NOT NULL DEFAULT '{}',
  metrics TEXT NOT NULL DEFAULT '{}',
  manifest_hash TEXT,
  code_version TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL,
  artifacts TEXT NOT NULL DEFAULT '{}',
  error TEXT
);
CREATE INDEX IF NOT EXISTS runs_run_id ON runs(run_id);
CREATE TABLE IF NOT EXISTS resources (
  record_id TEXT NOT NULL REFERENCES runs(id),
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT,
  region TEXT,
  instance_type TEXT,
  instance_count INTEGER,
  process_start TEXT,
  PRIMARY KEY (record_id, type, name)
);
`;

/** Columns added after the first release: stores written by older versions get them on open. */
const ADDED_COLUMNS: Array<{ table: string; column: string; type: string }> = [
  { table: "resources", column: "process_start", type: "TEXT" },
  // Which process runs a record, so that a run left `running` by a killed process can be told.
  { table: "runs", column: "host", type: "TEXT" },
  { table: "runs", column: "pid", type: "INTEGER" },
  { table: "runs", column: "process_start", type: "TEXT" },
];

/**
 * The `error` of a run whose process ended without finishing it; starts with `stale:`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(staleRunError(4242), /^stale: .*pid 4242/);
 * ```
 */
export function staleRunError(pid: number): string {
  return `stale: the process that ran it (pid ${pid}) ended without finishing it (killed or crashed)`;
}

/** This process: host name, pid and start identity (see `processStartIdentity`). */
interface _ProcessMark {
  host: string;
  pid: number;
  processStart: string | null;
}

let ownMark: Promise<_ProcessMark> | undefined;

function _hostName(): string {
  try {
    return Deno.hostname();
  } catch {
    return "";
  }
}

function _ownMark(): Promise<_ProcessMark> {
  ownMark ??= processStartIdentity().then((identity) => ({
    host: _hostName(),
    pid: Deno.pid,
    processStart: identity ?? null,
  }));
  return ownMark;
}

function _addMissingColumns(db: DatabaseSync): void {
  for (const { table, column, type } of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
    if (columns.some((c) => c.name === column)) continue;
    try {
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    } catch (error) {
      // another process added it between our check and our ALTER
      if (!/duplicate column/i.test(String(error))) throw error;
    }
  }
}

let cachedCommit: string | null | undefined;

/**
 * The git commit of the working tree (with `+dirty` when it has changes), or null outside git.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const version = currentCodeVersion(); // e.g. "3ae2e5b…+dirty" in a checkout with changes
 * assert.ok(version === null || /^[0-9a-f]{40}(\+dirty)?$/.test(version));
 * ```
 */
export function currentCodeVersion(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  try {
    const head = new Deno.Command("git", {
      args: ["rev-parse", "HEAD"],
      stdout: "piped",
      stderr: "null",
    })
      .outputSync();
    if (!head.success) return (cachedCommit = null);
    const commit = new TextDecoder().decode(head.stdout).trim();
    const status = new Deno.Command("git", {
      args: ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const dirty = status.success && new TextDecoder().decode(status.stdout).trim() !== "";
    cachedCommit = dirty ? `${commit}+dirty` : commit;
  } catch {
    cachedCommit = null;
  }
  return cachedCommit;
}

/**
 * Creates a sortable unique id: `<kind>-<yyyymmddThhmmss>-<12 random hex digits>`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(newRunId("study"), /^study-\d{8}T\d{6}-[0-9a-f]{12}$/);
 * assert.notEqual(newRunId(), newRunId());
 * ```
 */
export function newRunId(prefix = "run"): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
  // 12 hex digits (48 bits): many processes may start runs within the same second (six digits collided
  // for 800 runs written by two processes in about a second: a 2% chance).
  return `${prefix}-${stamp}-${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

interface RunRow {
  id: string;
  run_id: string;
  kind: string;
  name: string;
  params: string;
  metrics: string;
  manifest_hash: string | null;
  code_version: string | null;
  started_at: string;
  ended_at: string | null;
  status: string;
  artifacts: string;
  error: string | null;
}

/** An open experiment store. Safe to use from several processes at once (WAL + busy timeout). */
export class ExperimentStore {
  /** Path of the SQLite file. */
  readonly path: string;
  #db: DatabaseSync;
  #mark: _ProcessMark;

  private constructor(path: string, db: DatabaseSync, mark: _ProcessMark) {
    this.path = path;
    this.#db = db;
    this.#mark = mark;
  }

  /**
   * Opens (creating if needed) the store at `path`, and marks the runs that a process on this host left
   * `running` when it was killed or crashed as failed, with a {@link staleRunError} (see
   * {@link ExperimentStore.markStaleRuns}).
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const store = await ExperimentStore.open(`${await Deno.makeTempDir()}/ade.sqlite`);
   * assert.deepEqual(store.listRuns(), []);
   * store.close();
   * ```
   */
  static async open(path: string): Promise<ExperimentStore> {
    await ensureParentDir(path);
    const db = new DatabaseSync(path);
    db.exec("PRAGMA busy_timeout = 10000;");
    // Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is locked" at once
    // (without the busy handler) when another process is doing the same: retry for as long as the busy
    // timeout would have waited.
    const deadline = Date.now() + 10_000;
    for (let attempt = 0;; attempt++) {
      try {
        db.exec("PRAGMA journal_mode = WAL;");
        db.exec("PRAGMA synchronous = NORMAL;");
        db.exec(SCHEMA);
        _addMissingColumns(db);
        break;
      } catch (error) {
        if (!/database is locked|SQLITE_BUSY/i.test(String(error)) || Date.now() > deadline) {
          db.close();
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** attempt)));
      }
    }
    const store = new ExperimentStore(path, db, await _ownMark());
    await store.markStaleRuns();
    return store;
  }

  /**
   * Marks as failed (error {@link staleRunError}) every `running` run started on this host by a process
   * that is gone: its pid names no process, or one with another start identity (a reused pid).
   * Runs of other hosts, and of older versions that did not record their process, are left alone.
   * @returns the record ids marked
   */
  async markStaleRuns(): Promise<string[]> {
    const running = this.#db.prepare(
      `SELECT id, pid, process_start FROM runs
       WHERE status = 'running' AND host = ? AND pid IS NOT NULL AND process_start IS NOT NULL`,
    ).all(this.#mark.host) as Array<{ id: string; pid: number; process_start: string }>;
    const marked: string[] = [];
    for (const run of running) {
      if (run.pid === Deno.pid && run.process_start === this.#mark.processStart) continue;
      if ((await processStartIdentity(run.pid)) === run.process_start) continue;
      const result = this.#db.prepare(
        `UPDATE runs SET status = 'failed', error = ?, ended_at = ? WHERE id = ? AND status = 'running'`,
      ).run(staleRunError(run.pid), new Date().toISOString(), run.id);
      if (Number(result.changes) > 0) marked.push(run.id);
    }
    return marked;
  }

  /** Records the start of a run and returns its record id. */
  startRun(input: StartRunInput): string {
    const id = newRunId(input.kind);
    this.#db.prepare(
      `INSERT INTO runs (id, run_id, kind, name, params, manifest_hash, code_version, started_at, status,
                         host, pid, process_start)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
    ).run(
      id,
      input.runId ?? id,
      input.kind,
      input.name ?? "",
      JSON.stringify(input.params ?? {}),
      input.manifestHash ?? null,
      currentCodeVersion(),
      new Date().toISOString(),
      this.#mark.host,
      this.#mark.pid,
      this.#mark.processStart,
    );
    return id;
  }

  /** Records the end of a run (metrics and artifacts are merged into what is stored). */
  finishRun(id: string, input: FinishRunInput): void {
    const current = this.getRun(id);
    if (!current) throw new Error(`no run with id ${id}`);
    this.#db.prepare(
      `UPDATE runs SET status = ?, params = ?, metrics = ?, artifacts = ?, manifest_hash = ?, error = ?,
                       ended_at = ?
       WHERE id = ?`,
    ).run(
      input.status,
      JSON.stringify({ ...current.params, ...(input.params ?? {}) }),
      JSON.stringify({ ...current.metrics, ...(input.metrics ?? {}) }),
      JSON.stringify({ ...current.artifacts, ...(input.artifacts ?? {}) }),
      input.manifestHash !== undefined ? input.manifestHash : current.manifestHash,
      input.error ?? null,
      new Date().toISOString(),
      id,
    );
  }

  /** Records a resource the run created (idempotent on type + name). */
  addResource(id: string, resource: RunResource): void {
    this.#db.prepare(
      `INSERT OR REPLACE INTO resources
         (record_id, type, name, arn, region, instance_type, instance_count, process_start)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      resource.type,
      resource.name,
      resource.arn ?? null,
      resource.region ?? null,
      resource.instanceType ?? null,
      resource.instanceCount ?? null,
      resource.processStart ?? null,
    );
  }

  /**
   * The {@link ResourceSink} of one record: what a stage reports there is added to (or removed from)
   * that record's resources at once.
   * @param id the record id
   * @returns the sink
   * @example What a stage reports lands in the record (cloud's `deployEndpoint` takes it as `resources`)
   * ```ts
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
   * const recordId = store.startRun({ kind: "deploy" });
   * const sink = store.resourceSink(recordId);
   * sink.created({ type: "endpoint", name: "ade-r1", region: "us-east-1" });
   * assert.deepEqual(store.getRun(recordId)?.resources.map((r) => r.name), ["ade-r1"]);
   * sink.removed("endpoint", "ade-r1");
   * assert.deepEqual(store.getRun(recordId)?.resources, []);
   * store.close();
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  resourceSink(id: string): ResourceSink {
    return {
      created: (resource) => this.addResource(id, resource),
      removed: (type, name) => this.removeResource(id, type, name),
    };
  }

  /**
   * Removes a resource from every record that holds it (after it was deleted, e.g. by a later run than
   * the one that created it).
   * @param type the resource type
   * @param name its name
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
   * const up = store.startRun({ kind: "generator" });
   * store.addResource(up, { type: "endpoint", name: "ade-falcon" });
   * store.forgetResource("endpoint", "ade-falcon"); // deleted by another run, e.g. cleanup
   * assert.deepEqual(store.getRun(up)?.resources, []);
   * store.close();
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  forgetResource(type: string, name: string): void {
    this.#db.prepare(`DELETE FROM resources WHERE type = ? AND name = ?`).run(type, name);
  }

  /** Removes a resource record (after it was deleted). */
  removeResource(id: string, type: string, name: string): void {
    this.#db.prepare(`DELETE FROM resources WHERE record_id = ? AND type = ? AND name = ?`).run(
      id,
      type,
      name,
    );
  }

  /** One run by record id, or undefined. */
  getRun(id: string): RunRecord | undefined {
    const row = this.#db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row ? this.#toRecord(row) : undefined;
  }

  /** Runs matching `filter`, oldest first. */
  listRuns(filter: RunFilter = {}): RunRecord[] {
    const clauses: string[] = [];
    const values: string[] = [];
    const columns = [
      ["run_id", filter.runId],
      ["kind", filter.kind],
      ["name", filter.name],
      ["status", filter.status],
    ] as const;
    for (const [column, value] of columns) {
      if (!value) continue;
      clauses.push(`${column} = ?`);
      values.push(value);
    }
    const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
    const rows = this.#db.prepare(`SELECT * FROM runs ${where} ORDER BY started_at, rowid`).all(
      ...values,
    ) as unknown as RunRow[];
    return rows.map((row) => this.#toRecord(row));
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }

  #toRecord(row: RunRow): RunRecord {
    const resources = this.#db.prepare(
      `SELECT type, name, arn, region, instance_type, instance_count, process_start
       FROM resources WHERE record_id = ?`,
    ).all(row.id) as unknown as Array<{
      type: string;
      name: string;
      arn: string | null;
      region: string | null;
      instance_type: string | null;
      instance_count: number | null;
      process_start: string | null;
    }>;
    return {
      id: row.id,
      runId: row.run_id,
      kind: row.kind as RunKind,
      name: row.name,
      params: JSON.parse(row.params),
      metrics: JSON.parse(row.metrics),
      manifestHash: row.manifest_hash,
      codeVersion: row.code_version,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      status: row.status as RunStatus,
      artifacts: JSON.parse(row.artifacts),
      error: row.error,
      resources: resources.map((r) => ({
        type: r.type,
        name: r.name,
        ...(r.arn ? { arn: r.arn } : {}),
        ...(r.region ? { region: r.region } : {}),
        ...(r.instance_type ? { instanceType: r.instance_type } : {}),
        ...(r.instance_count !== null ? { instanceCount: r.instance_count } : {}),
        ...(r.process_start ? { processStart: r.process_start } : {}),
      })),
    };
  }
}

/**
 * Default store path, overridable with `ADE_STORE`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(defaultStorePath(), Deno.env.get("ADE_STORE") ?? "runs/ade.sqlite");
 * ```
 */
export function defaultStorePath(): string {
  return Deno.env.get("ADE_STORE") ?? "runs/ade.sqlite";
}

/**
 * Where a stage reports the resources it creates (endpoints, jobs, processes) the moment it creates them,
 * so that `cleanup` finds them even when the process dies before the stage returns. Stages take this
 * instead of a store; {@link recordRun} hands one that writes to the run's record.
 */
export interface ResourceSink {
  /** A resource now exists (recorded at once). */
  created(resource: RunResource): void;
  /** A resource was deleted or stopped by the stage itself. */
  removed(type: string, name: string): void;
}

/** Where a stage is recorded: the store and the study run (the CLI's `--store` and `--run-id`). */
export interface Recording {
  /** The experiment store (SQLite file). */
  storePath: string;
  /** Study run id; a new record is its own study run when absent. */
  runId?: string;
}

/** A stage's result with the id of the store record that holds it. */
export type Recorded<T> = T & {
  /** The record id (`ExperimentStore.getRun`, the report's `runs`). */
  recordId: string;
};

/** What {@link recordRun} hands to the work function. */
export interface RunContext {
  /** The open store. */
  store: ExperimentStore;
  /** This record's id. */
  recordId: string;
  /** The study run id. */
  runId: string;
  /** Records the resources the work creates under this record, as they are created. */
  resources: ResourceSink;
}

/** What the work function of {@link recordRun} returns to be stored. */
export interface RunOutcome<T> {
  value: T;
  metrics?: Record<string, unknown>;
  artifacts?: Record<string, string>;
  /** Parameters known only after the work (merged into those the run started with). */
  params?: Record<string, unknown>;
  /** The manifest hash, when the work produced or found it. */
  manifestHash?: string | null;
}

/**
 * Runs `work` as one recorded run: starts a record, stores metrics and artifacts (and any parameters or
 * manifest hash known only afterwards) on success, marks it failed (with the message) when `work` throws,
 * and always closes the store. This is the one place stages are recorded: the stages return results,
 * and the pipeline and CLI wrap them here; `work` gets a {@link ResourceSink} for what it creates.
 * @param storePath SQLite file
 * @param input kind, name, params, run id
 * @param work the actual work
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const storePath = `${await Deno.makeTempDir()}/ade.sqlite`;
 * const value = await recordRun(storePath, { kind: "train" }, () => Promise.resolve({ value: 1, metrics: { f1: 0.7 } }));
 * assert.equal(value, 1);
 * const store = await ExperimentStore.open(storePath);
 * assert.equal(store.listRuns()[0].status, "completed");
 * store.close();
 * ```
 */
export async function recordRun<T>(
  storePath: string,
  input: StartRunInput,
  work: (context: RunContext) => Promise<RunOutcome<T>>,
): Promise<T> {
  const store = await ExperimentStore.open(storePath);
  const recordId = store.startRun(input);
  const runId = store.getRun(recordId)!.runId;
  try {
    const outcome = await work({ store, recordId, runId, resources: store.resourceSink(recordId) });
    store.finishRun(recordId, {
      status: "completed",
      metrics: outcome.metrics,
      artifacts: outcome.artifacts,
      ...(outcome.params ? { params: outcome.params } : {}),
      ...(outcome.manifestHash !== undefined ? { manifestHash: outcome.manifestHash } : {}),
    });
    return outcome.value;
  } catch (error) {
    store.finishRun(recordId, { status: "failed", error: (error as Error).message });
    throw error;
  } finally {
    store.close();
  }
}
