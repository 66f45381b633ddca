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
