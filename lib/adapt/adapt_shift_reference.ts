/** The shift reference of an adapted model: "like the adaptation sample" instead of "like training". */
import { type ShiftReference, unusualRows } from "../shift/mod.ts";

/**
 * Keeps the training token counts and their percentiles, but expects the unusual-row share measured on
 * the adaptation sample, flags departures in either direction, and widens the smallest flagged
 * difference by the sample's own uncertainty (two binomial standard errors).
 * @param reference the base model's reference
 * @param sampleTexts the adaptation sample
 * @returns the adapted model's reference
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRows } from "../data/mod.ts";
 * import { loadShiftReference } from "../shift/mod.ts";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const sample = await readRows("tests/fixtures/lay_language/lay_language.jsonl");
 * const adapted = adaptShiftReference(reference, sample.map((row) => row.text));
 * assert.deepEqual(adapted.surprisalPercentiles, reference.surprisalPercentiles);
 * ```
 */
export function adaptShiftReference(
  reference: ShiftReference,
  sampleTexts: readonly string[],
): ShiftReference {
  const rows = sampleTexts.length;
  const share = unusualRows(reference, sampleTexts).filter(Boolean).length / rows;
  const expected = Math.min(0.99, Math.max(0.01, share));
  return {
    ...reference,
    expectedUnusualShare: expected,
    twoSided: true,
    minimumDifference: Math.max(
      reference.minimumDifference,
      2 * Math.sqrt((expected * (1 - expected)) / rows),
    ),
    calibratedOn: `the adaptation sample (${rows} rows)`,
  };
}
