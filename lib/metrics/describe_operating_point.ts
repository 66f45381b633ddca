/** An operating point in one plain sentence: how much must be read to catch a share of the AEs. */
import type { OperatingPoint } from "./operating_points.ts";

const percent = (value: number) => (Number.isFinite(value) ? `${(100 * value).toFixed(1)}%` : "–");

/**
 * The sentence a safety reviewer asks for: for a recall target, "to catch 95% of AEs, review 31.0% of
 * sentences (95% CI 28.4–33.9%)"; for the model's own threshold, what it flags and catches.
 * @param point an entry of `operating_points`
 * @param level confidence level of the interval (default 0.95)
 * @returns the sentence, without a final full stop
 * @example
 * ```ts
 * const sentence = describeOperatingPoint({
 *   target_recall: 0.95, threshold: 0.07, precision: 0.45, recall: 0.951, flagged_share: 0.31,
 *   flagged_share_ci: { low: 0.284, high: 0.339 }, precision_ci: { low: 0.4, high: 0.5 },
 *   recall_ci: { low: 0.95, high: 0.96 },
 * });
 * console.log(sentence); // to catch 95% of AEs, review 31.0% of sentences (95% CI 28.4–33.9%)
 * ```
 */
export function describeOperatingPoint(point: OperatingPoint, level = 0.95): string {
  const ci = `${Math.round(level * 100)}% CI ${percent(point.flagged_share_ci.low)}–${
    percent(point.flagged_share_ci.high)
  }`;
  if (point.target_recall === null) {
    return `at its threshold ${point.threshold.toFixed(4)} the model flags ${
      percent(point.flagged_share)
    } of sentences (${ci}) and catches ${percent(point.recall)} of AEs, with precision ${
      point.precision.toFixed(3)
    }`;
  }
  const target = Math.round(point.target_recall * 1000) / 10;
  return `to catch ${target}% of AEs, review ${percent(point.flagged_share)} of sentences (${ci})`;
}
