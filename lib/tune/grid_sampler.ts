/**
 * Grid search: every combination of the ranges' values, in order. Categorical ranges use their values;
 * integer ranges all their integers (or `pointsPerRange` evenly spread ones when there are more);
 * continuous ranges `pointsPerRange` points evenly spread in their scaling.
 */
import { UsageError } from "../core/mod.ts";
import { fromUnit, type Parameter, type SearchSpace, type TrialParams } from "./space.ts";
import { roundParameterValue, type Sampler } from "./sampler.ts";

/** Largest grid the sampler enumerates. */
const MAX_GRID_SIZE = 100_000;

/**
 * The values a range contributes to the grid.
 * @param parameter one range
 * @param pointsPerRange points for continuous (and wide integer) ranges
 * @example gridValues({ type: "integer", name: "min_df", min: 1, max: 3 }) // [1, 2, 3]
 */
export function gridValues(parameter: Parameter, pointsPerRange = 4): Array<string | number> {
  if (parameter.type === "categorical") return [...parameter.values];
  if (parameter.type === "integer" && parameter.max - parameter.min + 1 <= pointsPerRange) {
    const values: number[] = [];
    for (let v = parameter.min; v <= parameter.max; v++) values.push(v);
    return values;
  }
  const values = new Set<number>();
  for (let i = 0; i < pointsPerRange; i++) {
    // Cell centres, so that integer cells and log ranges are covered evenly.
    values.add(roundParameterValue(fromUnit(parameter, (i + 0.5) / pointsPerRange)));
  }
  return [...values];
}

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
