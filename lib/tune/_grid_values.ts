/** The values a range contributes to a grid (the local grid sampler and SageMaker's Grid strategy). */
import type { Parameter } from "./space.ts";
import { roundParameterValue } from "./_sample_uniform.ts";
import { fromUnit } from "./_unit_interval.ts";

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
