/**
 * Grid search: every combination of the ranges' values, in order. Categorical ranges use their values;
 * integer ranges all their integers (or `pointsPerRange` evenly spread ones when there are more);
 * continuous ranges `pointsPerRange` points evenly spread in their scaling.
 */
import { UsageError } from "../core/mod.ts";
import type { SearchSpace, TrialParams } from "./space.ts";
import type { Sampler } from "./sampler.ts";
import { gridValues } from "./_grid_values.ts";

/** Largest grid the sampler enumerates. */
const MAX_GRID_SIZE = 100_000;

/**
 * Creates a grid sampler. Trial `n` is the n-th combination (the last range varies fastest), so the
 * order needs no seed; trials beyond the grid size start over.
 * @param space the search space
 * @param options points per continuous range (default 4)
 * @returns the sampler; `capacity` is the grid size
 * @throws {UsageError} grids over {@link MAX_GRID_SIZE} combinations
 * @example createGridSampler(localSpace()).suggest(1, [])
 */
export function createGridSampler(
  space: SearchSpace,
  options: { pointsPerRange?: number } = {},
): Sampler {
  const axes = space.parameters.map((p) => ({
    name: p.name,
    values: gridValues(p, options.pointsPerRange ?? 4),
  }));
  const size = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (size > MAX_GRID_SIZE) {
    throw new UsageError(`grid of ${size} combinations is too large (max ${MAX_GRID_SIZE})`);
  }
  return {
    name: "grid",
    capacity: size,
    suggest(trial: number): TrialParams {
      let index = (trial - 1) % size;
      const params: TrialParams = {};
      for (let a = axes.length - 1; a >= 0; a--) {
        const axis = axes[a];
        params[axis.name] = axis.values[index % axis.values.length];
        index = Math.floor(index / axis.values.length);
      }
      // Keep the space's parameter order in the object.
      const ordered: TrialParams = {};
      for (const axis of axes) ordered[axis.name] = params[axis.name];
      return ordered;
    },
  };
}
