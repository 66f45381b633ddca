/** Private: percentiles of a sample (linear interpolation between order statistics). */

/** The `p`-th percentile (0–100) of ascending `sorted` values. */
export function _percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (p / 100) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
