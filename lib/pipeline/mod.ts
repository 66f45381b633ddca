/**
 * The whole study in one call: configuration (`ade.config.json` over defaults, validated), the local run
 * (prepare → baseline → augment → tune → tuned / tuned + synthetic → report → serve + smoke test → cleanup),
 * the SageMaker plan (every request through preflight, with a cost estimate) and the SageMaker run (stage
 * models → tune → deploy the best model → smoke invocation → cleanup, torn down on failure or Ctrl-C).
 *
 * @example Resolve a configuration (a partial object over the defaults, every field validated)
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveConfig } from "./mod.ts";
 *
 * const config = resolveConfig({ tune: { max_trials: 4 } }, "inline configuration");
 * assert.equal(config.tune.max_trials, 4);
 * assert.equal(config.tune.strategy, "bayesian");
 * assert.throws(() => resolveConfig({ tune: { max_trails: 4 } }, "inline configuration"));
 * ```
 *
 * @example Run the study (reads the corpus, writes `runs/<run-id>/`, trains models; not run as a doc test)
 * ```ts ignore
 * import { loadConfig, runStudy } from "./mod.ts";
 * const { config } = await loadConfig();
 * const outcome = await runStudy({ config, outDir: "runs/demo" });
 * console.log(outcome.comparisonTable, outcome.reportHtmlPath);
 * ```
 * @module
 */
export { loadConfig, type PipelineConfig, resolveConfig } from "./config.ts";
export { type EnsuredSplit, ensureSplit, type EnsureSplitOptions } from "./ensure_split.ts";
export {
  type BaselineModel,
  ensureBaselineModel,
  type EnsureBaselineOptions,
} from "./ensure_baseline_model.ts";
export { recordModelEndpoint } from "./record_model_endpoint.ts";
export { recordWriteReport } from "./record_write_report.ts";
export { recordGeneratorUp } from "./record_generator_up.ts";
export { withRecordedGeneratorEndpoint } from "./with_recorded_generator_endpoint.ts";

export { runStudy, type StudyOptions, type StudyOutcome } from "./run_study.ts";
export {
  type CostLine,
  costTable,
  type DeferredReference,
  type PlannedChannel,
  planSageMakerStudy,
  type PlanSageMakerStudyOptions,
  type SageMakerStudyPlan,
} from "./plan_sagemaker_study.ts";
export {
  runSageMakerStudy,
  type SageMakerStudyOptions,
  type SageMakerStudyOutcome,
} from "./run_sagemaker_study.ts";
