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
 * @example assertNoViolations(preflightTuningJobRequest(input, { scriptFlags: await readScriptFlags("training/train.py") }));
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
