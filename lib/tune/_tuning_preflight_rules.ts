/**
 * The rule groups of the tuning-job preflight, each a small function that returns the violations it finds:
 * names, parameter ranges, static hyperparameters, hyperparameters vs the script's flags, objective, strategy
 * and limits, warm start, role and encryption, channels and VPC. {@link preflightTuningJobRequest} runs them
 * in request order.
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import {
  checkInstanceType,
  checkKmsKey,
  checkName,
  checkRoleArn,
  checkVpcConfig,
  hasLocalNvmeStorage,
  TUNING_JOB_NAME_PATTERN,
} from "../cloud/mod.ts";
import { closestName, type PreflightViolation } from "../core/mod.ts";

/** The tuning-job configuration part of the request. */
export type TuningJobConfig = NonNullable<
  CreateHyperParameterTuningJobCommandInput["HyperParameterTuningJobConfig"]
>;
/** The training-job definition part of the request. */
export type TrainingJobDefinition = NonNullable<
  CreateHyperParameterTuningJobCommandInput["TrainingJobDefinition"]
>;

/** A tuned hyperparameter's name and the request field that holds it. */
export interface TunedName {
  /** The hyperparameter name. */
  name: string;
  /** Its field, e.g. `HyperParameterTuningJobConfig.ParameterRanges.CategoricalParameterRanges[1].Name`. */
  field: string;
}

/** Service limits checked here (SageMaker developer guide, tuning limits; service model). */
export const TUNING_LIMITS = {
  jobNameLength: 32,
  ranges: 30,
  categoricalValues: 30,
  valueLength: 256,
  hyperparameters: 100,
  regexLength: 500,
  warmStartParents: 5,
  staticValueLength: 2500,
} as const;

const CONFIG = "HyperParameterTuningJobConfig";
const RANGES = `${CONFIG}.ParameterRanges`;
const STATIC = "TrainingJobDefinition.StaticHyperParameters";

/**
 * The tuning-job name (≤ 32 characters, SageMaker's pattern) and the two required parts of the request.
 * @param input the request
 * @returns violations
 */
export function checkJobName(
  input: CreateHyperParameterTuningJobCommandInput,
): PreflightViolation[] {
  const violations = checkName(
    "HyperParameterTuningJobName",
    input.HyperParameterTuningJobName,
    TUNING_LIMITS.jobNameLength,
    TUNING_JOB_NAME_PATTERN,
  );
  if (!input.HyperParameterTuningJobConfig) {
    violations.push({ field: CONFIG, rule: "is required" });
  }
  if (!input.TrainingJobDefinition) {
    violations.push({ field: "TrainingJobDefinition", rule: "is required" });
  }
  return violations;
}

/**
 * The names of every tuned range, numeric ones first, with their fields.
 * @param config the tuning-job configuration
 * @returns names and fields, in the order the rules report them
 */
export function tunedNames(config: TuningJobConfig): TunedName[] {
  const ranges = config.ParameterRanges ?? {};
  const named = (kind: string, list: Array<{ Name?: string }> | undefined) =>
    (list ?? []).map((r, i) => ({ name: r.Name ?? "", field: `${RANGES}.${kind}[${i}].Name` }));
  return [
    ...named("ContinuousParameterRanges", ranges.ContinuousParameterRanges),
    ...named("IntegerParameterRanges", ranges.IntegerParameterRanges),
    ...named("CategoricalParameterRanges", ranges.CategoricalParameterRanges),
  ];
}

/**
 * Parameter ranges: at most 30, numeric bounds that are numbers in order with a scaling that fits them,
 * 1–30 categorical values of ≤ 256 characters, names of 1–256 characters, each tuned once.
 * @param config the tuning-job configuration
 * @returns violations
 */
export function checkParameterRanges(config: TuningJobConfig): PreflightViolation[] {
  const ranges = config.ParameterRanges ?? {};
  const names = tunedNames(config);
  const violations: PreflightViolation[] = [];
  if (names.length > TUNING_LIMITS.ranges) {
    violations.push({
      field: RANGES,
      rule: `at most ${TUNING_LIMITS.ranges} ranges (has ${names.length})`,
    });
  }
  (ranges.ContinuousParameterRanges ?? []).forEach((range, i) => {
    violations.push(
      ..._checkNumericRange(range, `${RANGES}.ContinuousParameterRanges[${i}]`, false),
    );
  });
  (ranges.IntegerParameterRanges ?? []).forEach((range, i) => {
    violations.push(..._checkNumericRange(range, `${RANGES}.IntegerParameterRanges[${i}]`, true));
  });
  (ranges.CategoricalParameterRanges ?? []).forEach((range, i) => {
    violations.push(..._checkCategoricalRange(range, `${RANGES}.CategoricalParameterRanges[${i}]`));
  });
  for (const { name, field } of names) {
    if (name === "" || name.length > 256) violations.push({ field, rule: "1–256 characters" });
  }
  const duplicate = names.find((t, i) => names.findIndex((u) => u.name === t.name) !== i);
  if (duplicate) {
    violations.push({
      field: duplicate.field,
      rule: "each hyperparameter may be tuned once",
      value: duplicate.name,
    });
  }
  return violations;
}

function _checkNumericRange(
  range: { MinValue?: string; MaxValue?: string; ScalingType?: string },
  field: string,
  integer: boolean,
): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  for (const key of ["MinValue", "MaxValue"] as const) {
    const value = range[key] ?? "";
    if (value.length > TUNING_LIMITS.valueLength) {
      violations.push({
        field: `${field}.${key}`,
        rule: `at most ${TUNING_LIMITS.valueLength} characters`,
      });
    }
    if (value === "" || !Number.isFinite(Number(value))) {
      violations.push({ field: `${field}.${key}`, rule: "must be a number", value });
    }
  }
  const min = Number(range.MinValue), max = Number(range.MaxValue);
  if (min >= max) {
    violations.push({ field: `${field}.MaxValue`, rule: "must be greater than MinValue" });
  }
  if (range.ScalingType === "Logarithmic" && min <= 0) {
    violations.push({ field: `${field}.ScalingType`, rule: "Logarithmic needs MinValue > 0" });
  }
  if (range.ScalingType === "ReverseLogarithmic") {
    if (integer) {
      violations.push({
        field: `${field}.ScalingType`,
        rule: "ReverseLogarithmic is for continuous ranges only",
      });
    } else if (min < 0 || max >= 1) {
      violations.push({
        field: `${field}.ScalingType`,
        rule: "ReverseLogarithmic needs a range within [0, 1)",
      });
    }
  }
  return violations;
}

function _checkCategoricalRange(
  range: { Values?: string[] },
  field: string,
): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const values = range.Values ?? [];
  if (values.length < 1 || values.length > TUNING_LIMITS.categoricalValues) {
    violations.push({
      field: `${field}.Values`,
      rule:
        `1–${TUNING_LIMITS.categoricalValues} values per categorical range (has ${values.length})`,
    });
  }
  values.forEach((value, index) => {
    if (value.length > TUNING_LIMITS.valueLength) {
      violations.push({
        field: `${field}.Values[${index}]`,
        rule: `at most ${TUNING_LIMITS.valueLength} characters (has ${value.length})`,
        value: value.slice(0, 40),
      });
    }
  });
  return violations;
}

/**
 * Static hyperparameters: at most 100 hyperparameters in all (static + tuned + `_tuning_objective_metric`,
 * which the service adds), values of ≤ 2,500 characters, none both static and tuned.
 * @param definition the training-job definition
 * @param tuned the tuned names (from {@link tunedNames})
 * @returns violations
 */
export function checkStaticHyperparameters(
  definition: TrainingJobDefinition,
  tuned: readonly TunedName[],
): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const staticHyperparameters = definition.StaticHyperParameters ?? {};
  const count = Object.keys(staticHyperparameters).length + tuned.length + 1;
  if (count > TUNING_LIMITS.hyperparameters) {
    violations.push({
      field: STATIC,
      rule:
        `at most ${TUNING_LIMITS.hyperparameters} hyperparameters including _tuning_objective_metric ` +
        `(has ${count})`,
    });
  }
  for (const [name, value] of Object.entries(staticHyperparameters)) {
    if (value.length > TUNING_LIMITS.staticValueLength) {
      violations.push({
        field: `${STATIC}.${name}`,
        rule: `at most ${TUNING_LIMITS.staticValueLength} characters`,
      });
    }
    if (tuned.some((t) => t.name === name)) {
      violations.push({
        field: `${STATIC}.${name}`,
        rule: "a hyperparameter cannot be both static and tuned",
      });
    }
  }
  return violations;
}

/**
 * Every hyperparameter the script receives (tuned, then static) must be one of its flags; the toolkit's own
 * `sagemaker_*` names and the service's `_tuning_objective_metric` are not passed to the script.
 * @param definition the training-job definition
 * @param tuned the tuned names
 * @param scriptFlags the script's flags
 * @param scriptPath the script, for messages
 * @returns violations, naming the closest flag when there is one
 */
export function checkScriptFlags(
  definition: TrainingJobDefinition,
  tuned: readonly TunedName[],
  scriptFlags: readonly string[],
  scriptPath: string,
): PreflightViolation[] {
  const received = [
    ...tuned,
    ...Object.keys(definition.StaticHyperParameters ?? {}).map((name) => ({
      name,
      field: `${STATIC}.${name}`,
    })),
  ];
  return received
    .filter(({ name }) => !_isReservedHyperparameter(name) && !scriptFlags.includes(name))
    .map(({ name, field }) => {
      const hint = closestName(name, scriptFlags);
      return {
        field,
        rule: `"${name}" is not a flag of ${scriptPath} (add_argument("--${name}") not found)` +
          (hint ? `; did you mean "${hint}"?` : `; its flags: ${scriptFlags.join(", ")}`),
        value: name,
      };
    });
}

/**
 * Hyperparameters the training toolkit consumes itself and does not pass to the script
 * (sagemaker-training `_params.py` SAGEMAKER_HYPERPARAMETERS), plus the one the tuning service adds.
 */
function _isReservedHyperparameter(name: string): boolean {
  return name.startsWith("sagemaker_") || name === "_tuning_objective_metric";
}

/**
 * Metric definitions (regexes of 1–500 characters that compile) and an objective that names one of them.
 * @param config the tuning-job configuration
 * @param definition the training-job definition
 * @returns violations
 */
export function checkObjective(
  config: TuningJobConfig,
  definition: TrainingJobDefinition,
): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const metrics = definition.AlgorithmSpecification?.MetricDefinitions ?? [];
  metrics.forEach((metric, index) => {
    const field = `TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions[${index}].Regex`;
    const regex = metric.Regex ?? "";
    if (regex.length < 1 || regex.length > TUNING_LIMITS.regexLength) {
      violations.push({
        field,
        rule: `1–${TUNING_LIMITS.regexLength} characters (has ${regex.length})`,
      });
    }
    try {
      new RegExp(regex, "m");
    } catch {
      violations.push({
        field,
        rule: "must be a valid regular expression",
        value: regex.slice(0, 60),
      });
    }
  });
  const objective = config.HyperParameterTuningJobObjective?.MetricName;
  if (!metrics.some((m) => m.Name === objective)) {
    violations.push({
      field: `${CONFIG}.HyperParameterTuningJobObjective.MetricName`,
      rule: "must equal the Name of a MetricDefinition",
      value: objective,
    });
  }
  return violations;
}

/**
 * Strategy and limits: early stopping Off with Hyperband, at least one training job (and one at a time),
 * a random seed that is an integer ≥ 0.
 * @param config the tuning-job configuration
 * @returns violations
 */
export function checkStrategyAndLimits(config: TuningJobConfig): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  if (config.Strategy === "Hyperband" && config.TrainingJobEarlyStoppingType !== "Off") {
    violations.push({
      field: `${CONFIG}.TrainingJobEarlyStoppingType`,
      rule: "must be Off with the Hyperband strategy",
      value: config.TrainingJobEarlyStoppingType,
    });
  }
  const limits = config.ResourceLimits;
  if (!limits || !(Number(limits.MaxParallelTrainingJobs) >= 1)) {
    violations.push({
      field: `${CONFIG}.ResourceLimits.MaxParallelTrainingJobs`,
      rule: "at least 1",
    });
  }
  if (limits?.MaxNumberOfTrainingJobs !== undefined && !(limits.MaxNumberOfTrainingJobs >= 1)) {
    violations.push({
      field: `${CONFIG}.ResourceLimits.MaxNumberOfTrainingJobs`,
      rule: "at least 1",
    });
  }
  if (
    config.RandomSeed !== undefined &&
    !(Number.isInteger(config.RandomSeed) && config.RandomSeed >= 0)
  ) {
    violations.push({
      field: `${CONFIG}.RandomSeed`,
      rule: "an integer ≥ 0",
      value: String(config.RandomSeed),
    });
  }
  return violations;
}

/**
 * Warm start: 1–5 parent tuning jobs when a warm-start configuration is given.
 * @param input the request
 * @returns violations
 */
export function checkWarmStart(
  input: CreateHyperParameterTuningJobCommandInput,
): PreflightViolation[] {
  if (!input.WarmStartConfig) return [];
  const parents = input.WarmStartConfig.ParentHyperParameterTuningJobs;
  if (parents && parents.length >= 1 && parents.length <= TUNING_LIMITS.warmStartParents) return [];
  return [{
    field: "WarmStartConfig.ParentHyperParameterTuningJobs",
    rule: `1–${TUNING_LIMITS.warmStartParents} parent tuning jobs (has ${parents?.length ?? 0})`,
  }];
}

/**
 * Role and encryption (HIPAA): an IAM role, a KMS key for outputs, a volume key unless the instance has
 * local NVMe storage (then none: SageMaker rejects it), network isolation and inter-container encryption.
 * @param definition the training-job definition
 * @returns violations
 */
export function checkRoleAndEncryption(definition: TrainingJobDefinition): PreflightViolation[] {
  const instanceType = definition.ResourceConfig?.InstanceType;
  const volumeKey = definition.ResourceConfig?.VolumeKmsKeyId;
  const violations = [
    ...checkRoleArn("TrainingJobDefinition.RoleArn", definition.RoleArn),
    ...checkKmsKey(
      "TrainingJobDefinition.OutputDataConfig.KmsKeyId",
      definition.OutputDataConfig?.KmsKeyId,
    ),
    ...checkInstanceType("TrainingJobDefinition.ResourceConfig.InstanceType", instanceType),
  ];
  if (instanceType && hasLocalNvmeStorage(instanceType)) {
    if (volumeKey) {
      violations.push({
        field: "TrainingJobDefinition.ResourceConfig.VolumeKmsKeyId",
        rule:
          `must be left out for ${instanceType} (local NVMe storage; SageMaker rejects a volume key)`,
      });
    }
  } else {
    violations.push(
      ...checkKmsKey("TrainingJobDefinition.ResourceConfig.VolumeKmsKeyId", volumeKey),
    );
  }
  for (const key of ["EnableNetworkIsolation", "EnableInterContainerTrafficEncryption"] as const) {
    if (definition[key] !== true) {
      violations.push({ field: `TrainingJobDefinition.${key}`, rule: "must be true (HIPAA)" });
    }
  }
  return violations;
}

/**
 * Channels and network placement: 1–20 input channels, and a VPC (when given) with 1–5 security groups and
 * 1–16 subnets.
 * @param definition the training-job definition
 * @returns violations
 */
export function checkChannelsAndVpc(definition: TrainingJobDefinition): PreflightViolation[] {
  const violations: PreflightViolation[] = [];
  const channels = definition.InputDataConfig ?? [];
  if (channels.length < 1 || channels.length > 20) {
    violations.push({ field: "TrainingJobDefinition.InputDataConfig", rule: "1–20 channels" });
  }
  if (definition.VpcConfig) {
    violations.push(...checkVpcConfig("TrainingJobDefinition.VpcConfig", definition.VpcConfig));
  }
  return violations;
}
