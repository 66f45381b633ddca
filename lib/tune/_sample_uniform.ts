/** Helpers shared by the samplers: uniform draws over a space, and readable rounding of drawn values. */
import type { Rng } from "../core/mod.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import { fromUnit } from "./_unit_interval.ts";

/**
 * Draws every range of `space` independently and uniformly (in each range's scaling).
 * @param space the search space
 * @param rng random source
 * @returns one value per range
 * @example sampleUniform(localSpace(), createRng(1))
 */
export function sampleUniform(space: SearchSpace, rng: Rng): TrialParams {
  const params: TrialParams = {};
  for (const p of space.parameters) {
    if (p.type === "categorical") params[p.name] = p.values[rng.int(p.values.length)];
    else params[p.name] = roundParameterValue(fromUnit(p, rng.next()));
  }
  return params;
}

/**
 * Rounds a sampled value to 6 significant digits so logs and command lines stay readable.
 * @param value the raw value
 * @returns the rounded value (integers unchanged)
 * @example roundParameterValue(0.123456789) // 0.123457
 */
export function roundParameterValue(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(6));
}
