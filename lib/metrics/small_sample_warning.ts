/** The plain warning shown instead of trusting an interval built on few adverse events. */

/** Under this many `Adverse_Event` rows, metrics carry {@link smallSampleWarning}'s warning. */
export const SMALL_SAMPLE_POSITIVES = 30;

/**
 * A plain warning for a set with few `Adverse_Event` rows, or null when there are enough
 * ({@link SMALL_SAMPLE_POSITIVES} or more).
 * @param positives gold `Adverse_Event` rows in the set
 * @param what what the set is (default `this set`)
 * @returns the warning, or null
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(smallSampleWarning(12, "the test set") ?? "", /^only 12 adverse-event rows in the test set \(under 30\)/);
 * ```
 */
export function smallSampleWarning(positives: number, what = "this set"): string | null {
  if (positives >= SMALL_SAMPLE_POSITIVES) return null;
  if (positives === 0) {
    return `no adverse-event rows in ${what}: recall, F1 and their intervals say nothing here`;
  }
  return `only ${positives} adverse-event row${positives === 1 ? "" : "s"} in ${what} ` +
    `(under ${SMALL_SAMPLE_POSITIVES}): the numbers are rough and their intervals wide; ` +
    "do not compare them closely";
}
