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
  gpusPerInstance,
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
    ...checkInstanceType(
      "TrainingJobDefinition.ResourceConfig.InstanceType",
      instanceType,
      "training",
    ),
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

/** The decoded value of a static hyperparameter (the DLCs JSON-decode them), or undefined. */
function _staticValue(definition: TrainingJobDefinition, name: string): unknown {
  const raw = definition.StaticHyperParameters?.[name];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Channel names of the definition. */
function _channelNames(definition: TrainingJobDefinition): string[] {
  return (definition.InputDataConfig ?? []).map((channel) => channel.ChannelName ?? "");
}

/** A Hugging Face hub id (`org/name`), as opposed to a path such as `/opt/ml/input/data/models/x`. */
const _HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * Code and weights under network isolation: an isolated container reaches neither S3 nor the hub, so
 * `sagemaker_submit_directory` must name a file of an input channel (`/opt/ml/input/data/code/…`, the
 * channel present), not an `s3://` URI; and `model_name` values that are hub ids need the `models`
 * channel with the staged weights (`train.py` loads `<channel>/<hub id>`).
 * @param config the tuning-job configuration
 * @param definition the training-job definition
 * @returns violations
 */
export function checkIsolatedInputs(
  config: TuningJobConfig,
  definition: TrainingJobDefinition,
): PreflightViolation[] {
  if (definition.EnableNetworkIsolation !== true) return [];
  const violations: PreflightViolation[] = [];
  const channels = _channelNames(definition);
  const submit = _staticValue(definition, "sagemaker_submit_directory");
  const field = `${STATIC}.sagemaker_submit_directory`;
  if (typeof submit === "string" && /^s3:\/\//.test(submit)) {
    violations.push({
      field,
      rule:
        "network isolation: the container cannot download the code from S3; send sourcedir.tar.gz " +
        "as the input channel `code` and point this at /opt/ml/input/data/code/sourcedir.tar.gz",
      value: submit,
    });
  } else if (typeof submit === "string") {
    const channel = /^\/opt\/ml\/input\/data\/([^/]+)\//.exec(submit)?.[1];
    if (!channel || !channels.includes(channel)) {
      violations.push({
        field,
        rule:
          `must be a file of an input channel (/opt/ml/input/data/<channel>/…) that the job has ` +
          `(channels: ${channels.join(", ")})`,
        value: submit,
      });
    }
  }
  const hubIds = _modelNames(config, definition).filter((name) => _HUB_ID.test(name));
  if (hubIds.length > 0 && !channels.includes("models")) {
    violations.push({
      field: "TrainingJobDefinition.InputDataConfig",
      rule:
        `network isolation: model_name values ${
          hubIds.join(", ")
        } are Hugging Face hub ids, which ` +
        "an isolated training job cannot download; stage them (`deno task ade stage-model --model ID " +
        "--bucket B --kms-key-id K`) and pass their prefix as the `models` channel " +
        "(sagemaker.models_s3_uri, or --models-s3-uri)",
      value: hubIds.join(", "),
    });
  }
  return violations;
}

/** Every `model_name` value the jobs may receive (tuned categorical values and the static one), decoded. */
function _modelNames(config: TuningJobConfig, definition: TrainingJobDefinition): string[] {
  const tuned = (config.ParameterRanges?.CategoricalParameterRanges ?? [])
    .filter((range) => range.Name === "model_name")
    .flatMap((range) => range.Values ?? [])
    .map((value) => {
      try {
        return String(JSON.parse(value));
      } catch {
        return value;
      }
    });
  const fixed = _staticValue(definition, "model_name");
  return [...tuned, ...(typeof fixed === "string" ? [fixed] : [])];
}

/**
 * More than one GPU (or instance) only through a launcher that keeps `train_batch_size` per device: the
 * toolkit's torchrun (`sagemaker_torch_distributed_enabled`). Plain `python train.py` on N GPUs runs one
 * process whose Trainer wraps the model in DataParallel and takes `train_batch_size × N` sentences a step
 * (transformers `TrainingArguments.train_batch_size = per_device_train_batch_size × n_gpu`).
 * @param definition the training-job definition
 * @returns violations
 */
export function checkLauncher(definition: TrainingJobDefinition): PreflightViolation[] {
  const instanceType = definition.ResourceConfig?.InstanceType;
  if (!instanceType) return [];
  const gpus = gpusPerInstance(instanceType);
  const field = "TrainingJobDefinition.ResourceConfig.InstanceType";
  if (gpus === undefined) {
    return [{
      field,
      rule:
        "GPU count unknown (not in GPUS_PER_INSTANCE): cannot tell what train_batch_size would mean",
      value: instanceType,
    }];
  }
  const count = definition.ResourceConfig?.InstanceCount ?? 1;
  if (
    (gpus > 1 || count > 1) &&
    _staticValue(definition, "sagemaker_torch_distributed_enabled") !== true
  ) {
    return [{
      field,
      rule:
        `${count} × ${instanceType} (${gpus} GPUs each): \`python train.py\` would run one process per ` +
        "instance that spreads each batch over its GPUs (DataParallel), so train_batch_size would mean " +
        `${gpus}× the sentences it means locally; set StaticHyperParameters.` +
        "sagemaker_torch_distributed_enabled to true (torchrun, one process per GPU) or use a single-GPU " +
        "type such as ml.g5.2xlarge",
      value: instanceType,
    }];
  }
  return [];
}

/** What a parent tuning job's description tells about its search (DescribeHyperParameterTuningJob). */
export interface WarmStartParent {
  /** Its name. */
  HyperParameterTuningJobName?: string;
  /** Its objective and ranges. */
  HyperParameterTuningJobConfig?: TuningJobConfig;
  /** Its static hyperparameters. */
  TrainingJobDefinition?: Pick<TrainingJobDefinition, "StaticHyperParameters">;
}

/**
 * Warm start against the parents themselves: for both warm-start types "the total number of static plus
 * tunable hyperparameters must remain the same as it is in all parent jobs" and "the objective metric for the
 * new tuning job must be the same as for all parent jobs" (service-model doc of `WarmStartType`).
 * @param input the new tuning job's request
 * @param parents the parents' descriptions
 * @returns violations naming the parent
 */
export function checkWarmStartParents(
  input: CreateHyperParameterTuningJobCommandInput,
  parents: readonly WarmStartParent[],
): PreflightViolation[] {
  const config = input.HyperParameterTuningJobConfig;
  const definition = input.TrainingJobDefinition;
  if (!config || !definition) return [];
  const count = (c: TuningJobConfig | undefined, statics: Record<string, string> | undefined) =>
    (c ? tunedNames(c).length : 0) + Object.keys(statics ?? {}).length;
  const ours = count(config, definition.StaticHyperParameters);
  const objective = config.HyperParameterTuningJobObjective;
  const violations: PreflightViolation[] = [];
  for (const parent of parents) {
    const name = parent.HyperParameterTuningJobName ?? "?";
    const theirs = count(
      parent.HyperParameterTuningJobConfig,
      parent.TrainingJobDefinition?.StaticHyperParameters,
    );
    if (theirs !== ours) {
      violations.push({
        field: "WarmStartConfig.ParentHyperParameterTuningJobs",
        rule: `parent ${name} has ${theirs} static + tunable hyperparameters, this job ${ours}: ` +
          "the totals must be equal",
        value: name,
      });
    }
    const theirObjective = parent.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective;
    if (
      theirObjective?.MetricName !== objective?.MetricName ||
      theirObjective?.Type !== objective?.Type
    ) {
      violations.push({
        field: "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective",
        rule: `must be the objective of parent ${name} (${theirObjective?.Type} ` +
          `${theirObjective?.MetricName})`,
        value: `${objective?.Type} ${objective?.MetricName}`,
      });
    }
  }
  return violations;
}
