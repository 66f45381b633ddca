/** Deterministic split of a labelled outside sample into an adaptation pool and a held-out part. */
import { AdeError } from "../core/mod.ts";
import type { Row } from "../data/mod.ts";
import { _stableHash } from "./_stable_hash.ts";

/** Options of {@link splitHeldOut}. */
export interface SplitHeldOutOptions {
  /** Row field whose values are split separately (default `source`); rows without it form one group. */
  by?: string;
  /** Share of each (group, label) stratum held out for evaluation (default 0.4), in (0, 1). */
  heldOutShare?: number;
  /** Seed of the ordering (default 42). */
  seed?: number;
}

/** The two parts of {@link splitHeldOut}, each in the input's order. */
export interface HeldOutSplit {
  /** Rows that adaptation may use (label, select from, adapt on). */
  pool: Row[];
  /** Rows kept for evaluation only. */
  heldOut: Row[];
}

/**
 * Splits rows into an adaptation pool and a held-out evaluation part, separately for every value of `by`
 * and every label: within each stratum rows are ordered by a hash of `seed:id` and the first
 * `round(heldOutShare × size)` are held out. The result depends only on the rows' ids, labels and group
 * values (not on file order), so adding rows moves no existing row to the other side.
 * @param rows labelled rows with unique ids
 * @param options field, share and seed
 * @returns the pool and the held-out rows
 * @throws {AdeError} a share outside (0, 1) or a repeated id
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * const rows = await readRows("tests/fixtures/lay_language/lay_language.jsonl");
 * const { pool, heldOut } = splitHeldOut(rows, { by: "source", heldOutShare: 0.4, seed: 42 });
 * assert.equal(pool.length + heldOut.length, rows.length);
 * assert.ok(heldOut.every((row) => !pool.includes(row)));
 * ```
 */
export function splitHeldOut(
  rows: readonly Row[],
  options: SplitHeldOutOptions = {},
): HeldOutSplit {
  const by = options.by ?? "source";
  const share = options.heldOutShare ?? 0.4;
  const seed = options.seed ?? 42;
  if (!(share > 0 && share < 1)) {
    throw new AdeError(`splitHeldOut: heldOutShare must be in (0, 1) (got ${share})`);
  }
  const strata = new Map<string, Row[]>();
  const ids = new Set<string>();
  for (const row of rows) {
    if (ids.has(row.id)) throw new AdeError(`splitHeldOut: id "${row.id}" occurs twice`);
    ids.add(row.id);
    const key = `${String(row[by] ?? "")}\u0000${row.label}`;
    const stratum = strata.get(key);
    if (stratum) stratum.push(row);
    else strata.set(key, [row]);
  }
  const heldOutIds = new Set<string>();
  for (const stratum of strata.values()) {
    const ordered = stratum
      .map((row) => ({ row, hash: _stableHash(`${seed}:${row.id}`) }))
      .sort((a, b) => a.hash - b.hash || (a.row.id < b.row.id ? -1 : 1));
    const count = Math.round(share * stratum.length);
    for (let i = 0; i < count; i++) heldOutIds.add(ordered[i].row.id);
  }
  const pool: Row[] = [];
  const heldOut: Row[] = [];
  for (const row of rows) (heldOutIds.has(row.id) ? heldOut : pool).push(row);
  return { pool, heldOut };
}
