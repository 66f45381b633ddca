/**
 * Preflight of a `CreateHyperParameterTuningJob` request, before anything is sent or uploaded: service limits
 * (reference §3a), encryption and tagging rules, and that every hyperparameter is a flag of the training script.
 * The rules live in groups (`_tuning_preflight_rules.ts`); this entry point runs them in request order.
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import { checkTags } from "../cloud/mod.ts";
import type { PreflightViolation } from "../core/mod.ts";
import {
  checkChannelsAndVpc,
  checkIsolatedInputs,
  checkJobName,
  checkLauncher,
  checkObjective,
  checkParameterRanges,
  checkRoleAndEncryption,
  checkScriptFlags,
  checkStaticHyperparameters,
  checkStrategyAndLimits,
  checkWarmStart,
  tunedNames,
} from "./_tuning_preflight_rules.ts";

/** Options of {@link preflightTuningJobRequest}. */
export interface TuningPreflightOptions {
  /** Flags of the training script (from `readScriptFlags`). */
  scriptFlags: readonly string[];
  /** Script path, for messages (default `training/train.py`). */
  scriptPath?: string;
}

/**
 * Checks a tuning-job request against every preflight rule and returns the violations (empty when fine).
 * Each violation names the request field and the rule.
 * @param input the request from {@link buildCreateHyperParameterTuningJobRequest}
 * @param options the training script's flags
 * @returns violations, in request order
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readScriptFlags } from "./read_script_flags.ts";
 * import { buildCreateHyperParameterTuningJobRequest } from "./tuning_job_request.ts";
 * import { seedSpace } from "./space.ts";
 * const { input } = buildCreateHyperParameterTuningJobRequest({
 *   jobName: "ade-tune",
 *   space: seedSpace(),
 *   strategy: "random",
 *   maxTrials: 4,
 *   parallel: 2,
 *   roleArn: "arn:aws:iam::123456789012:role/ade-sagemaker",
 *   kmsKeyId: "alias/ade",
 *   region: "us-east-1",
 *   runId: "study-1",
 *   trainS3Uri: "s3://bucket/ade/study-1/data/train/",
 *   validationS3Uri: "s3://bucket/ade/study-1/data/test/",
 *   sourceS3Uri: "s3://bucket/ade/study-1/source/sourcedir.tar.gz",
 *   outputS3Uri: "s3://bucket/ade/study-1/output/",
 *   modelsS3Uri: "s3://bucket/ade/models/",
 *   seed: 42,
 * });
 * assert.deepEqual(preflightTuningJobRequest(input, { scriptFlags: await readScriptFlags("training/train.py") }), []);
 * const violations = preflightTuningJobRequest(input, { scriptFlags: ["epochs"] }); // a script without the flags
 * assert.ok(violations.length > 0);
 * console.log(violations.map((v) => `${v.field}: ${v.rule}`));
 * ```
 */
export function preflightTuningJobRequest(
  input: CreateHyperParameterTuningJobCommandInput,
  options: TuningPreflightOptions,
): PreflightViolation[] {
  const config = input.HyperParameterTuningJobConfig;
  const definition = input.TrainingJobDefinition;
  if (!config || !definition) return checkJobName(input);
  const tuned = tunedNames(config);
  return [
    ...checkJobName(input),
    ...checkParameterRanges(config),
    ...checkStaticHyperparameters(definition, tuned),
    ...checkScriptFlags(
      definition,
      tuned,
      options.scriptFlags,
      options.scriptPath ?? "training/train.py",
    ),
    ...checkObjective(config, definition),
    ...checkStrategyAndLimits(config),
    ...checkWarmStart(input),
    ...checkRoleAndEncryption(definition),
    ...checkChannelsAndVpc(definition),
    ...checkIsolatedInputs(config, definition),
    ...checkLauncher(definition),
    ...checkTags("Tags", input.Tags),
  ];
}
