/** Planned cloud requests: the exact SDK inputs, written to `OUT/requests/NN-<Operation>.json` for dry runs. */
import { writeJsonAtomic } from "../core/mod.ts";

/** One request the run would send: the SDK command's operation name and its exact input object. */
export interface PlannedRequest {
  /** Operation name as in the API, e.g. `CreateEndpointConfig`, `PutObject`. */
  operation: string;
  /** Exactly the input object given to the SDK command (for `PutObject`, `Body` is described, not inlined). */
  input: Record<string, unknown>;
}

/**
 * Writes planned requests as `dir/NN-<Operation>.json` (NN from `startIndex`, two digits), in order.
 * @param dir the `requests/` folder
 * @param requests the plan
 * @param startIndex first number (default 1)
 * @returns the written paths
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const paths = await writePlannedRequests(dir, [plannedRequest("CreateModel", { ModelName: "m" })]);
 * assert.deepEqual(paths, [`${dir}/01-CreateModel.json`]);
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(paths[0])), { ModelName: "m" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writePlannedRequests(
  dir: string,
  requests: readonly PlannedRequest[],
  startIndex = 1,
): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < requests.length; i++) {
    const number = String(startIndex + i).padStart(2, "0");
    const path = `${dir}/${number}-${requests[i].operation}.json`;
    await writeJsonAtomic(path, requests[i].input);
    paths.push(path);
  }
  return paths;
}

/** The tag key every resource of a study run carries. */
export const RUN_TAG_KEY = "ade:run-id";
/** The tag that marks resources created by this toolkit. */
export const CREATOR_TAG_KEY = "ade:created-by";

/**
 * Tags for a resource of run `runId` (SageMaker `Tags` shape).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(runTags("r1").some((tag) => tag.Key === RUN_TAG_KEY && tag.Value === "r1"));
 * ```
 */
export function runTags(
  runId: string,
  extra: Record<string, string> = {},
): Array<{ Key: string; Value: string }> {
  return [
    { Key: RUN_TAG_KEY, Value: runId },
    { Key: CREATOR_TAG_KEY, Value: "ade-pharmacovigilance-toolkit" },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];
}

/**
 * A {@link PlannedRequest} from an SDK input object (a JSON copy: `undefined` fields are dropped, so the
 * written file equals what the SDK serialises).
 * @param operation API operation name, e.g. `CreateModel`
 * @param input the SDK command input
 * @returns the planned request
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const request = plannedRequest("CreateEndpoint", { EndpointName: "e", EndpointConfigName: "c" });
 * assert.equal(request.operation, "CreateEndpoint");
 * ```
 */
export function plannedRequest(operation: string, input: object): PlannedRequest {
  return { operation, input: JSON.parse(JSON.stringify(input)) as Record<string, unknown> };
}

/**
 * A SageMaker resource name for a run: `<prefix>-<run id>`, every run of other characters turned into one
 * hyphen. A name longer than `maxLength` keeps its head and ends in `-<8 hex digits>`, a hash of the whole
 * name, so two runs whose ids differ only at the end (the random suffix of `newRunId`) still get different
 * names instead of the same cut.
 * @param prefix e.g. `ade-ep`
 * @param runId study run id
 * @param maxLength 32 for tuning jobs, 63 for endpoints, configs and models
 * @returns the name (matches the service's name pattern)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(runResourceName("ade-team", "study-20261125T130717-3753b4", 32), /^ade-team-study-20261125-[0-9a-f]{8}$/);
 * ```
 */
export function runResourceName(prefix: string, runId: string, maxLength: number): string {
  const full = `${prefix}-${runId.replace(/[^a-zA-Z0-9]+/g, "-")}`.replace(/-+$/, "");
  if (full.length <= maxLength) return full;
  const hash = _fnv1a32Hex(full);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** FNV-1a, 32 bits, as 8 hex digits (a name hash: not for security). */
function _fnv1a32Hex(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
