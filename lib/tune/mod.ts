/**
 * Hyperparameter tuning, locally and as a SageMaker tuning job, in small swappable parts (as in Optuna):
 * search spaces mirroring SageMaker's `ParameterRanges` (`space.ts`), samplers (random, grid, Bayesian/TPE),
 * Hyperband early stopping, the objective read from each trial's log with the metric regex, a local
 * subprocess executor and study loop, and the SageMaker request builder, preflight and poller. Both backends
 * write the same `OUT/trials.jsonl` and `OUT/best.json`.
 *
 * @example
 * ```ts
 * import { localSpace, runLocalStudy } from "./mod.ts";
 * const result = await runLocalStudy({
 *   trainPath: "runs/data/train.jsonl",
 *   outDir: "runs/tune",
 *   space: localSpace(),
 *   strategy: "bayesian",
 *   maxTrials: 8,
 * });
 * console.log(result.best);
 * ```
 * @module
 */
export * from "./space.ts";
export * from "./objective_log.ts";
export * from "./trials.ts";
export * from "./sampler.ts";
export * from "./random_sampler.ts";
export * from "./grid_sampler.ts";
export * from "./bayesian_sampler.ts";
export * from "./hyperband.ts";
export * from "./local_executor.ts";
export * from "./local_study.ts";
export * from "./tuning_job_request.ts";
export * from "./tuning_job_preflight.ts";
export * from "./sagemaker_tuning.ts";
