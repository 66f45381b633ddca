/**
 * The resources recorded in an experiment store, one row per resource with the run that created it and, for
 * local ones, whether they are still there — what cleanup would look at. Renders as a table in Jupyter.
 */
import { exists } from "../core/mod.ts";
import { ExperimentStore, resolveRecordedPath } from "../track/mod.ts";
import { _markdownCell } from "./cleanup_report.ts";

/** One recorded resource. */
export interface RecordedResourceRow {
  /** Study run id. */
  runId: string;
  /** Kind of the run record that created it (`deploy`, `tune`, `serve`, …). */
  kind: string;
  /** Name of that run record. */
  recordName: string;
  /** Resource type (`local-dir`, `endpoint`, …). */
  type: string;
  /** Path, pid, name or S3 URI. */
  resource: string;
  /** Region, for cloud resources. */
  region?: string;
  /** Instance type, when known. */
  instanceType?: string;
  /** For local folders and local endpoints: whether the folder exists / the process runs. */
  present?: boolean;
}

/** Rows plus a Jupyter rendering. */
export interface RecordedResourceListing {
  /** One row per recorded resource. */
  rows: RecordedResourceRow[];
}

/**
 * Lists the resources recorded in the store (optionally for one run), checking local ones on disk.
 * @param storePath experiment store
 * @param options `runId` to restrict to one study run
 * @returns the rows, displayable as a table
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const listing = await listRecordedResources(`${dir}/ade.sqlite`);
 * assert.deepEqual(listing.rows, []); // a store whose runs created nothing
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function listRecordedResources(
  storePath: string,
  options: { runId?: string } = {},
): Promise<RecordedResourceListing> {
  const store = await ExperimentStore.open(storePath);
  const rows: RecordedResourceRow[] = [];
  try {
    for (const run of store.listRuns(options.runId ? { runId: options.runId } : {})) {
      for (const resource of run.resources) {
        rows.push({
          runId: run.runId,
          kind: run.kind,
          recordName: run.name,
          type: resource.type,
          resource: resource.name,
          ...(resource.region ? { region: resource.region } : {}),
          ...(resource.instanceType ? { instanceType: resource.instanceType } : {}),
        });
      }
    }
  } finally {
    store.close();
  }
  return await recheckRecordedResources(rows, storePath);
}

/**
 * Checks again whether the local resources of `rows` exist (folders on disk, endpoint processes) — e.g. to
 * prove after a cleanup that the folders listed before are gone.
 * @param rows rows from {@link listRecordedResources}
 * @param storePath the store the rows came from (relative paths may be relative to its folder)
 * @returns new rows with a fresh `present`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const storePath = `${await Deno.makeTempDir()}/ade.sqlite`;
 * const before = await listRecordedResources(storePath);
 * const after = await recheckRecordedResources(before.rows, storePath);
 * assert.deepEqual(after.rows, before.rows);
 * ```
 */
export async function recheckRecordedResources(
  rows: readonly RecordedResourceRow[],
  storePath: string,
): Promise<RecordedResourceListing> {
  const checked: RecordedResourceRow[] = [];
  for (const row of rows) {
    if (row.type === "local-dir") {
      const { exists: present } = await resolveRecordedPath(row.resource, storePath);
      checked.push({ ...row, present });
    } else if (row.type === "local-endpoint") {
      checked.push({ ...row, present: await exists(`/proc/${row.resource}`) });
    } else checked.push({ ...row });
  }
  const listing: RecordedResourceListing = { rows: checked };
  Object.defineProperty(listing, Symbol.for("Jupyter.display"), {
    enumerable: false,
    value: () => {
      if (checked.length === 0) {
        return {
          "text/markdown": "_No recorded resources._",
          "text/plain": "no recorded resources",
        };
      }
      const lines = [
        "| run | created by | type | resource | present |",
        "|---|---|---|---|---|",
        ...checked.map((row) =>
          `| ${_markdownCell(row.runId)} | ${
            _markdownCell(`${row.kind} ${row.recordName}`.trim())
          } | ${row.type} | \`${_markdownCell(row.resource)}\` | ${
            row.present === undefined ? "—" : row.present ? "yes" : "no"
          } |`
        ),
      ];
      return {
        "text/markdown": lines.join("\n"),
        "text/plain": checked.map((row) =>
          `${row.runId}  ${row.type}  ${row.resource}${
            row.present === undefined ? "" : row.present ? "  (present)" : "  (gone)"
          }`
        ).join("\n"),
      };
    },
  });
  return listing;
}
