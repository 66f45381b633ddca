/**
 * An ESTIMATE of SageMaker on-demand prices (USD per instance-hour, us-east-1, list prices as published by
 * AWS for real-time inference / training). Prices change and differ by region: every figure computed from
 * this table is labelled as an estimate.
 */
export const PRICE_TABLE_LABEL =
  "estimate: SageMaker on-demand list prices, us-east-1, USD per instance-hour";

/** USD per instance-hour (estimate). */
export const HOURLY_PRICE_USD: Record<string, number> = {
  "ml.t2.medium": 0.056,
  "ml.m5.large": 0.115,
  "ml.m5.xlarge": 0.23,
  "ml.m5.2xlarge": 0.461,
  "ml.c5.xlarge": 0.204,
  "ml.c5.2xlarge": 0.408,
  "ml.g4dn.xlarge": 0.736,
  "ml.g4dn.2xlarge": 0.94,
  "ml.g5.xlarge": 1.408,
  "ml.g5.2xlarge": 1.515,
  "ml.g5.4xlarge": 2.03,
  "ml.g5.12xlarge": 7.09,
  "ml.g5.48xlarge": 20.36,
  "ml.p3.2xlarge": 3.825,
  "ml.p3.8xlarge": 14.688,
  "ml.p3.16xlarge": 28.152,
  "ml.p3dn.24xlarge": 35.894,
  "ml.p4d.24xlarge": 37.688,
};

/**
 * Hourly price of `count` instances of `instanceType`, or undefined when the type is not in the table.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(hourlyCostUsd("ml.g5.2xlarge", 2), 2 * HOURLY_PRICE_USD["ml.g5.2xlarge"]);
 * assert.equal(hourlyCostUsd("ml.unknown.xlarge"), undefined);
 * ```
 */
export function hourlyCostUsd(instanceType: string, count = 1): number | undefined {
  const price = HOURLY_PRICE_USD[instanceType];
  return price === undefined ? undefined : price * count;
}

/**
 * Formats a cost estimate, e.g. `$1.52/h (estimate)` or `unknown price for ml.x (not in table)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(formatHourlyCost("ml.g5.2xlarge"), /^\$[0-9.]+\/h for 1 × ml\.g5\.2xlarge \(estimate: /);
 * ```
 */
export function formatHourlyCost(instanceType: string, count = 1): string {
  const cost = hourlyCostUsd(instanceType, count);
  return cost === undefined
    ? `unknown price for ${instanceType} (not in the estimate table)`
    : `$${cost.toFixed(2)}/h for ${count} × ${instanceType} (${PRICE_TABLE_LABEL})`;
}
