/** Private: seeded stratified k-fold assignment of a small labelled sample. */
import { createRng } from "../core/mod.ts";

/**
 * Fold number (0..k-1) of each row: positives and negatives are each shuffled with the seed and dealt
 * round-robin, so every fold gets its share of both labels.
 */
export function _stratifiedFolds(
  positive: readonly boolean[],
  folds: number,
  seed: number,
): Int32Array {
  const rng = createRng(seed);
  const fold = new Int32Array(positive.length);
  let next = 0;
  for (const label of [true, false]) {
    const rows = rng.shuffle(positive.flatMap((value, i) => (value === label ? [i] : [])));
    for (const row of rows) fold[row] = next++ % folds;
  }
  return fold;
}
