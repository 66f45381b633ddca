/** The metric line printed for SageMaker's metric regex (and read back by tuners). */

/** The regex SageMaker (and the local tuner) use to read F1 from a training log. */
export const F1_METRIC_REGEX = "f1: ([0-9.]+).*$";

/**
 * Formats F1 as the log line `f1: 0.701234` (fixed-point, never exponent notation, so that
 * {@link F1_METRIC_REGEX} captures it).
 * @param f1 the value, between 0 and 1
 * @returns the line, without a newline
 * @throws {RangeError} when `f1` is not a finite number
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatF1Line(0.7), "f1: 0.700000");
 * ```
 */
export function formatF1Line(f1: number): string {
  if (!Number.isFinite(f1)) throw new RangeError(`formatF1Line: not a finite number (${f1})`);
  return `f1: ${f1.toFixed(6)}`;
}
