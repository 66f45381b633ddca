/** An interval's method label in words, for reports and model cards. */

/**
 * Words for the `method` stored with an interval: `bootstrap-percentile-clusters` → `percentile bootstrap
 * resampling whole PubMed abstracts`, `bootstrap-percentile-rows` → `percentile bootstrap resampling
 * sentences`; any other label is returned as it is.
 * @param method the stored label
 * @returns the description
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(describeIntervalMethod("bootstrap-percentile-rows"), "percentile bootstrap resampling sentences");
 * ```
 */
export function describeIntervalMethod(method: string): string {
  if (method === "bootstrap-percentile-clusters") {
    return "percentile bootstrap resampling whole PubMed abstracts";
  }
  if (method === "bootstrap-percentile-rows") return "percentile bootstrap resampling sentences";
  return method;
}
