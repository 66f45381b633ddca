/**
 * Hyperparameter tuning in small swappable parts (as in Optuna): a search space mirroring SageMaker's
 * `ParameterRanges`, samplers (random, grid, Bayesian/TPE) behind one `Sampler` interface, Hyperband
 * pruning, the study folder (`OUT/study.json`, `OUT/trials.jsonl`, `OUT/best.json`, resume), and executor
 * backends. {@link runTuningStudy} is the one loop: with the `local` executor it asks the sampler, runs each
 * trial as an `ade train` process on a grouped validation fold of the training file and reports
 * intermediate objectives to the pruner; with the `sagemaker` executor SageMaker's own tuner does the
 * sampling, and the executor submits the tuning job (preflighted), follows it and reads its trials back into
 * the same table and result. Objectives are read from logs with the metric regex `f1: ([0-9.]+).*$`. The
 * study records nothing: it tells its {@link TuningStudyHooks} what happens as it happens, and
 * `recordTuningStudy` of `record` writes that to the experiment store.
 *
 * @example Propose trials and preflight the SageMaker request (no files, no network)
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   buildCreateHyperParameterTuningJobRequest,
 *   createSampler,
 *   localSpace,
 *   paramsFitSpace,
 *   preflightTuningJobRequest,
 *   seedSpace,
 * } from "./mod.ts";
 *
 * const space = localSpace();
 * const sampler = createSampler("bayesian", space, 42, 8);
 * const first = sampler.suggest(1, []);
 * assert.deepEqual(paramsFitSpace(space, first), []);
 * assert.deepEqual(sampler.suggest(1, []), first); // same seed and trial number, same values
 *
 * const { input } = buildCreateHyperParameterTuningJobRequest({
 *   jobName: "ade-seed-tune",
 *   space: seedSpace(),
 *   strategy: "bayesian",
 *   maxTrials: 20,
 *   parallel: 2,
 *   roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker",
 *   kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *   region: "us-east-1",
 *   runId: "study-1",
 *   trainS3Uri: "s3://bucket/ade/study-1/data/train/",
 *   validationS3Uri: "s3://bucket/ade/study-1/data/test/",
 *   sourceS3Uri: "s3://bucket/ade/study-1/source/sourcedir.tar.gz",
 *   outputS3Uri: "s3://bucket/ade/study-1/output/",
 *   modelsS3Uri: "s3://bucket/ade/models/", // staged weights: the jobs run network-isolated
 *   seed: 42,
 * });
 * const scriptFlags = ["learning_rate", "max_seq_length", "train_batch_size", "model_name", "epochs"];
 * assert.deepEqual(preflightTuningJobRequest(input, { scriptFlags }), []);
 * ```
 *
 * @example A local study (each trial a process that prints `f1: <value>`; `ade train` does by default)
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLocalExecutor, localSpace, runTuningStudy } from "./mod.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const rows = Array.from({ length: 60 }, (_, i) => ({
 *   id: `r${i}`,
 *   text: `sentence ${i}`,
 *   label: i % 3 === 0 ? "Adverse_Event" : "Not_AE",
 *   pmid: String(i % 12),
 * }));
 * await Deno.writeTextFile(`${dir}/train.jsonl`, rows.map((r) => JSON.stringify(r)).join("\n"));
 * const result = await runTuningStudy({
 *   trainPath: `${dir}/train.jsonl`,
 *   outDir: `${dir}/tune`,
 *   space: localSpace(),
 *   strategy: "random",
 *   maxTrials: 3,
 *   quiet: true,
 *   // A stand-in for `ade train`: the objective is a function of C.
 *   executor: createLocalExecutor({
 *     trialCommand: ({ hyperparameters }) => ({
 *       command: "echo",
 *       args: [`f1: ${(1 / (1 + Math.abs(Math.log10(Number(hyperparameters.C))))).toFixed(4)}`],
 *     }),
 *   }),
 * });
 * assert.equal(result.trials.length, 3);
 * assert.ok(result.best && result.trials.every((t) => t.objective! <= result.best!.objective));
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
export {
  loadSearchSpace,
  localSpace,
  type Parameter,
  paramsFitSpace,
  projectOntoSpace,
  type SearchSpace,
  seedSpace,
  type TrialParams,
} from "./space.ts";
export { TUNING_STRATEGIES, type TuningStrategy } from "./strategy.ts";
export {
  resolveStudyDefinition,
  runTuningStudy,
  type StudyEnd,
  type StudyStart,
  type TuningStudyHooks,
  type TuningStudyOptions,
  type TuningStudyResult,
} from "./run_tuning_study.ts";
export type {
  FinishedTrial,
  SearchContext,
  SearchExecutor,
  SearchOutcome,
  StudyDefinition,
  StudyDescription,
  TrialExecutor,
  TrialRun,
  TuningExecutor,
  ValidationFolds,
} from "./tuning_executor.ts";
export {
  createLocalExecutor,
  type LocalExecutorOptions,
  type TrialCommand,
  type TrialContext,
} from "./local_executor.ts";
export {
  createSageMakerExecutor,
  type SageMakerExecutorOptions,
  type TuningJobProgress,
  tuningJobProgress,
} from "./sagemaker_executor.ts";
export {
  planSageMakerTuning,
  type SageMakerTuningPlan,
  type SageMakerTuningSettings,
} from "./sagemaker_tuning_plan.ts";
export {
  buildCreateHyperParameterTuningJobRequest,
  CODE_CHANNEL_SOURCEDIR_PATH,
  DEFAULT_TUNING_INSTANCE_TYPE,
  TORCH_DISTRIBUTED_HYPERPARAMETER,
  type TuningJobRequest,
  type TuningJobRequestOptions,
} from "./tuning_job_request.ts";
export { describeTrainingBatch, type TrainingBatchSummary } from "./describe_training_batch.ts";
export { preflightTuningJobRequest, type TuningPreflightOptions } from "./tuning_job_preflight.ts";
export { readScriptFlags } from "./read_script_flags.ts";
export { type BestTrial, readTrials, type TrialRecord, type TrialStatus } from "./trials.ts";
export { type ObservedTrial, type Sampler, trialRng } from "./sampler.ts";
export { bayesianStartupTrials, createSampler } from "./create_sampler.ts";
export { DEFAULT_METRIC_REGEX } from "./objective_log.ts";
