/** Shared fixtures for the metrics tests. */
import type { Label } from "../../lib/data/types.ts";

/** Ten rows with tied scores; reference values below were computed with scikit-learn 1.2. */
export const GOLD: Label[] = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1].map((
  value,
) => (value === 1 ? "Adverse_Event" : "Not_AE"));

/** Scores for {@link GOLD}, with ties at 0.8, 0.6 and 0.3. */
export const SCORES = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3, 0.3, 0.1];

/** Labels from 0/1 numbers. */
export function labels(values: readonly number[]): Label[] {
  return values.map((value) => (value === 1 ? "Adverse_Event" : "Not_AE"));
}

/** Asserts two numbers agree to `digits` decimals. */
export function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${expected}, got ${actual}`);
  }
}
