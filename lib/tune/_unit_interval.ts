/**
 * Where a value sits in a numeric range, as a point of [0, 1] after the range's scaling: how the samplers
 * draw values and model them (TPE works in [0, 1]).
 */
import type { ContinuousParameter, IntegerParameter, ScalingType } from "./space.ts";

/** Effective scaling used locally: `Auto` is linear, except log when the range spans ≥ 2 decades. */
function _effectiveScaling(parameter: ContinuousParameter | IntegerParameter): ScalingType {
  const scaling = parameter.scaling ?? "Auto";
  if (scaling !== "Auto") return scaling;
  return parameter.min > 0 && parameter.max / parameter.min >= 100 ? "Logarithmic" : "Linear";
}

/**
 * Maps a point `u` of [0, 1] to a value of a numeric range, honouring its scaling
 * (integers are rounded; the result stays inside the bounds).
 * @param parameter continuous or integer range
 * @param u position in [0, 1]
 * @returns the value
 * @example fromUnit({ type: "continuous", name: "C", min: 0.01, max: 100, scaling: "Logarithmic" }, 0.5) // 1
 */
export function fromUnit(parameter: ContinuousParameter | IntegerParameter, u: number): number {
  const t = Math.min(1, Math.max(0, u));
  const { min, max } = parameter;
  let value: number;
  switch (_effectiveScaling(parameter)) {
    case "Logarithmic":
      value = Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)));
      break;
    case "ReverseLogarithmic":
      // 1 - value is log-uniform in [1 - max, 1 - min]: dense near 1.
      value = 1 - Math.exp(Math.log(1 - min) + t * (Math.log(1 - max) - Math.log(1 - min)));
      break;
    default:
      value = min + t * (max - min);
  }
  if (parameter.type === "integer") {
    // Spread integers evenly: [min, max + 1) then floor.
    const lo = parameter.min, hi = parameter.max;
    const scaled = _effectiveScaling(parameter) === "Logarithmic"
      ? Math.exp(Math.log(lo) + t * (Math.log(hi + 1) - Math.log(lo)))
      : lo + t * (hi + 1 - lo);
    return Math.min(hi, Math.max(lo, Math.floor(scaled)));
  }
  return Math.min(max, Math.max(min, value));
}

/**
 * The inverse of {@link fromUnit}: where a value sits in [0, 1] (integers at the centre of their cell).
 * @param parameter continuous or integer range
 * @param value a value inside the range
 * @returns its position in [0, 1]
 * @example toUnit({ type: "continuous", name: "C", min: 0.01, max: 100, scaling: "Logarithmic" }, 1) // 0.5
 */
export function toUnit(parameter: ContinuousParameter | IntegerParameter, value: number): number {
  const { min, max } = parameter;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const scaling = _effectiveScaling(parameter);
  if (parameter.type === "integer") {
    const centre = value + 0.5;
    return clamp(
      scaling === "Logarithmic"
        ? (Math.log(centre) - Math.log(min)) / (Math.log(max + 1) - Math.log(min))
        : (centre - min) / (max + 1 - min),
    );
  }
  switch (scaling) {
    case "Logarithmic":
      return clamp((Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min)));
    case "ReverseLogarithmic":
      return clamp(
        (Math.log(1 - value) - Math.log(1 - min)) / (Math.log(1 - max) - Math.log(1 - min)),
      );
    default:
      return clamp((value - min) / (max - min));
  }
}
