/** How the report writes numbers: metrics, signed differences and p-values with three decimals. */

/** `0.7123` → `0.712`. */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "–";
}

/**
 * `0.0123` → `+0.012`, `-0.004` → `−0.004`; the sign is the value's even when it rounds to zero
 * (`-0.0002` → `−0.000`), so an interval bound just below 0 reads as below 0.
 */
export function formatSigned(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return `${value < 0 ? "−" : "+"}${Math.abs(value).toFixed(3)}`;
}

/** A p-value as `0.031`, `< 0.001` or `1.000`. */
export function formatPValue(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 0.001 ? "< 0.001" : value.toFixed(3);
}

/** `0.3104` → `31.0%`. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)}%` : "–";
}

/** `4179` → `4,179`. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString("en-US") : "–";
}

/** A value with its interval: `0.712 (0.671–0.748)`, or with `percent` `31.0% (28.4–33.9%)`. */
export function formatWithInterval(
  value: number,
  interval: { low: number; high: number } | null | undefined,
  percent = false,
): string {
  const format = percent ? formatPercent : formatMetric;
  if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) {
    return format(value);
  }
  const low = percent ? (100 * interval.low).toFixed(1) : formatMetric(interval.low);
  return `${format(value)} (${low}–${format(interval.high)})`;
}

/**
 * F1 with its interval for a table cell, honest about small sets: no AE rows → `– (no AE rows)`; under
 * `small` AE rows → the interval with `⚠ only N AE`, or no interval at all when every resample gave the
 * same value (an interval like 0.000–0.000 would look certain).
 */
export function formatF1Cell(
  f1: number,
  interval: { low: number; high: number } | null,
  positives: number,
  small: number,
): string {
  if (positives === 0 || interval === null) return "– (no AE rows)";
  if (positives >= small) {
    return `${formatMetric(f1)} (${formatMetric(interval.low)}–${formatMetric(interval.high)})`;
  }
  const noun = `only ${positives} AE row${positives === 1 ? "" : "s"}`;
  return interval.high - interval.low < 1e-12
    ? `${formatMetric(f1)} ⚠ ${noun}: no meaningful interval`
    : `${formatMetric(f1)} (${formatMetric(interval.low)}–${
      formatMetric(interval.high)
    }) ⚠ ${noun}`;
}
