/**
 * The closest known name to a mistyped one, for "did you mean …?" hints (CLI flags, `--hp` names,
 * search-space names). One rule everywhere, so that every hint reads the same.
 */

/**
 * The known name closest to `name`, or undefined when none is close enough to be a likely typo.
 * Tried in order: the same letters ignoring case and `-`/`_`/`.` (`train-batch-size` →
 * `train_batch_size`, `c` → `C`); the fewest single-letter edits (insert, delete, replace, swap two
 * neighbours), at most one edit per three letters and at least one (`souce` → `source`,
 * `modle` → `model`); a prefix of exactly one known name, three letters or more (`kms-key` →
 * `kms-key-id`). Ties go to the earlier known name.
 *
 * @param name what was typed
 * @param known the valid names, in the order hints should prefer
 * @returns the closest valid name, or undefined
 * @example
 * ```ts
 * import { closestName } from "./closest_name.ts";
 * closestName("souce", ["source", "split", "seed"]); // "source"
 * closestName("lr", ["C", "tol"]); // undefined: two letters are not one typo away from either
 * ```
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_.]/g, "");
  const same = known.find((candidate) => squash(candidate) === squash(name));
  if (same !== undefined) return same;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = _editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  if (bestDistance <= Math.max(1, Math.floor(name.length / 3))) return best;
  if (lower.length >= 3) {
    const extended = known.filter((candidate) => candidate.toLowerCase().startsWith(lower));
    if (extended.length === 1) return extended[0];
  }
  return undefined;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function _editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = distance;
    }
  }
  return rows[a.length][b.length];
}
