/**
 * The whole study in one call: configuration (`ade.config.json` over defaults, validated), the local run
 * (prepare → baseline → augment → tune → tuned / tuned + synthetic → report → serve + smoke test → cleanup)
 * and the SageMaker plan (every request through preflight, with a cost estimate).
 *
 * @example
 * ```ts
 * import { loadConfig, runStudy } from "./mod.ts";
 * const { config } = await loadConfig();
 * const outcome = await runStudy({ config, outDir: "runs/demo" });
 * console.log(outcome.comparisonTable, outcome.reportHtmlPath);
 * ```
 * @module
 */
export * from "./config.ts";
export * from "./run_study.ts";
export * from "./plan_sagemaker_study.ts";
export * from "./smoke_test.ts";
