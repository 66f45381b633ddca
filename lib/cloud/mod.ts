/**
 * SageMaker building blocks shared by tuning, deployment, the generator endpoint and cleanup: preflight
 * rules, planned-request files for dry runs, run tags, container images and a labelled price table.
 *
 * @example
 * ```ts
 * import { assertNoViolations, checkName, RESOURCE_NAME_PATTERN } from "./mod.ts";
 * assertNoViolations(checkName("EndpointName", "ade-demo", 63, RESOURCE_NAME_PATTERN));
 * ```
 * @module
 */
export * from "./preflight.ts";
export * from "./requests.ts";
export * from "./images.ts";
export * from "./prices.ts";
