/** "Did you mean" hints: the known name closest to a misspelt one. */

/**
 * The closest known name, for "did you mean" hints (same letters ignoring `-`/`_` and case first).
 * @param name the unknown name
 * @param known the valid names
 * @returns the closest valid name, or undefined when none is close
 * @example closestName("train-batch-size", ["train_batch_size"]) // "train_batch_size"
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[-_.]/g, "");
  const same = known.find((k) => squash(k) === squash(name));
  if (same) return same;
  let best: string | undefined, bestDistance = Infinity;
  for (const k of known) {
    const d = _editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function _editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
