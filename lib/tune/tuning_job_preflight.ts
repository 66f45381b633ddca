/**
 * Preflight of a `CreateHyperParameterTuningJob` request, before anything is sent or uploaded: service limits
 * (reference §3a), encryption and tagging rules, and that every hyperparameter is a flag of the training script.
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import {
  checkInstanceType,
  checkKmsKey,
  checkName,
  checkRoleArn,
  checkTags,
  hasLocalNvmeStorage,
  TUNING_JOB_NAME_PATTERN,
} from "../cloud/mod.ts";
import { DataError, type PreflightViolation, readTextStrict } from "../core/mod.ts";

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

/**
 * Hyperparameters the training toolkit consumes itself and does not pass to the script
 * (sagemaker-training `_params.py` SAGEMAKER_HYPERPARAMETERS), plus the one the tuning service adds.
 */
function _isReservedHyperparameter(name: string): boolean {
  return name.startsWith("sagemaker_") || name === "_tuning_objective_metric";
}

/**
 * The command-line flags a Python training script declares with argparse: every `"--name"` string inside an
 * `add_argument(...)` call (single or double quotes, aliases included), without the dashes.
 * @param source the script's text
 * @returns flag names, in order of appearance
 * @example scriptFlagsFromSource('p.add_argument("--epochs", type=int)') // ["epochs"]
 */
export function scriptFlagsFromSource(source: string): string[] {
  const flags: string[] = [];
  const call = /add_argument\s*\(([^)]*)\)/g;
  for (const match of source.matchAll(call)) {
    for (const flag of match[1].matchAll(/["']--([A-Za-z0-9_.-]+)["']/g)) {
      if (!flags.includes(flag[1])) flags.push(flag[1]);
    }
  }
  return flags;
}

/**
 * Reads a training script and returns its flags (see {@link scriptFlagsFromSource}).
 * @param scriptPath e.g. `training/train.py`
 * @throws {DataError} when the file is missing or declares no flags
 * @example await readScriptFlags("training/train.py")
 */
export async function readScriptFlags(scriptPath: string): Promise<string[]> {
  const flags = scriptFlagsFromSource(await readTextStrict(scriptPath));
  if (flags.length === 0) {
    throw new DataError({ file: scriptPath }, 'no add_argument("--name", ...) flags found');
  }
  return flags;
}

/**
 * The closest known name, for "did you mean" hints (same letters ignoring `-`/`_` and case first).
 * @example closestName("train-batch-size", ["train_batch_size"]) // "train_batch_size"
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[-_.]/g, "");
  const same = known.find((k) => squash(k) === squash(name));
  if (same) return same;
  let best: string | undefined, bestDistance = Infinity;
  for (const k of known) {
    const d = _editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function _editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Options of {@link preflightTuningJobRequest}. */
export interface TuningPreflightOptions {
  /** Flags of the training script (from {@link readScriptFlags}). */
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
  const violations: PreflightViolation[] = [];
  const scriptPath = options.scriptPath ?? "training/train.py";
  violations.push(
    ...checkName(
      "HyperParameterTuningJobName",
      input.HyperParameterTuningJobName,
      TUNING_LIMITS.jobNameLength,
      TUNING_JOB_NAME_PATTERN,
    ),
  );
  const config = input.HyperParameterTuningJobConfig;
  const definition = input.TrainingJobDefinition;
  if (!config) violations.push({ field: "HyperParameterTuningJobConfig", rule: "is required" });
  if (!definition) violations.push({ field: "TrainingJobDefinition", rule: "is required" });
  if (!config || !definition) return violations;

  // Ranges.
  const cfg = "HyperParameterTuningJobConfig";
  const ranges = config.ParameterRanges ?? {};
  const numeric = [
    ...(ranges.ContinuousParameterRanges ?? []).map((r, i) => ({
      r,
      field: `${cfg}.ParameterRanges.ContinuousParameterRanges[${i}]`,
      integer: false,
    })),
    ...(ranges.IntegerParameterRanges ?? []).map((r, i) => ({
      r,
      field: `${cfg}.ParameterRanges.IntegerParameterRanges[${i}]`,
      integer: true,
    })),
  ];
  const categorical = (ranges.CategoricalParameterRanges ?? []).map((r, i) => ({
    r,
    field: `${cfg}.ParameterRanges.CategoricalParameterRanges[${i}]`,
  }));
  const rangeCount = numeric.length + categorical.length;
  if (rangeCount > TUNING_LIMITS.ranges) {
    violations.push({
      field: `${cfg}.ParameterRanges`,
      rule: `at most ${TUNING_LIMITS.ranges} ranges (has ${rangeCount})`,
    });
  }
  const tunedNames: Array<{ name: string; field: string }> = [];
  for (const { r, field, integer } of numeric) {
    tunedNames.push({ name: r.Name ?? "", field: `${field}.Name` });
    for (const key of ["MinValue", "MaxValue"] as const) {
      const value = r[key] ?? "";
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
    if (Number(r.MinValue) >= Number(r.MaxValue)) {
      violations.push({ field: `${field}.MaxValue`, rule: "must be greater than MinValue" });
    }
    if (r.ScalingType === "Logarithmic" && Number(r.MinValue) <= 0) {
      violations.push({ field: `${field}.ScalingType`, rule: "Logarithmic needs MinValue > 0" });
    }
    if (r.ScalingType === "ReverseLogarithmic") {
      if (integer) {
        violations.push({
          field: `${field}.ScalingType`,
          rule: "ReverseLogarithmic is for continuous ranges only",
        });
      } else if (Number(r.MinValue) < 0 || Number(r.MaxValue) >= 1) {
        violations.push({
          field: `${field}.ScalingType`,
          rule: "ReverseLogarithmic needs a range within [0, 1)",
        });
      }
    }
  }
  for (const { r, field } of categorical) {
    tunedNames.push({ name: r.Name ?? "", field: `${field}.Name` });
    const values = r.Values ?? [];
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
  }
  for (const { name, field } of tunedNames) {
    if (name === "" || name.length > 256) {
      violations.push({ field, rule: "1–256 characters" });
    }
  }
  const duplicate = tunedNames.find((t, i) => tunedNames.findIndex((u) => u.name === t.name) !== i);
  if (duplicate) {
    violations.push({
      field: duplicate.field,
      rule: "each hyperparameter may be tuned once",
      value: duplicate.name,
    });
  }

  // Hyperparameter count: static + tuned + `_tuning_objective_metric`, which the service adds.
  const staticHyperparameters = definition.StaticHyperParameters ?? {};
  const staticNames = Object.keys(staticHyperparameters);
  const hpCount = staticNames.length + rangeCount + 1;
  if (hpCount > TUNING_LIMITS.hyperparameters) {
    violations.push({
      field: "TrainingJobDefinition.StaticHyperParameters",
      rule:
        `at most ${TUNING_LIMITS.hyperparameters} hyperparameters including _tuning_objective_metric ` +
        `(has ${hpCount})`,
    });
  }
  for (const [name, value] of Object.entries(staticHyperparameters)) {
    if (value.length > TUNING_LIMITS.staticValueLength) {
      violations.push({
        field: `TrainingJobDefinition.StaticHyperParameters.${name}`,
        rule: `at most ${TUNING_LIMITS.staticValueLength} characters`,
      });
    }
    if (tunedNames.some((t) => t.name === name)) {
      violations.push({
        field: `TrainingJobDefinition.StaticHyperParameters.${name}`,
        rule: "a hyperparameter cannot be both static and tuned",
      });
    }
  }

  // Every hyperparameter the script receives must be one of its flags.
  const flags = options.scriptFlags;
  const checkFlag = (name: string, field: string) => {
    if (_isReservedHyperparameter(name) || flags.includes(name)) return;
    const hint = closestName(name, flags);
    violations.push({
      field,
      rule: `"${name}" is not a flag of ${scriptPath} (add_argument("--${name}") not found)` +
        (hint ? `; did you mean "${hint}"?` : `; its flags: ${flags.join(", ")}`),
      value: name,
    });
  };
  for (const { name, field } of tunedNames) checkFlag(name, field);
  for (const name of staticNames) {
    checkFlag(name, `TrainingJobDefinition.StaticHyperParameters.${name}`);
  }

  // Objective and metric.
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
      field: `${cfg}.HyperParameterTuningJobObjective.MetricName`,
      rule: "must equal the Name of a MetricDefinition",
      value: objective,
    });
  }

  // Strategy rules.
  if (config.Strategy === "Hyperband" && config.TrainingJobEarlyStoppingType !== "Off") {
    violations.push({
      field: `${cfg}.TrainingJobEarlyStoppingType`,
      rule: "must be Off with the Hyperband strategy",
      value: config.TrainingJobEarlyStoppingType,
    });
  }
  const limits = config.ResourceLimits;
  if (!limits || !(Number(limits.MaxParallelTrainingJobs) >= 1)) {
    violations.push({ field: `${cfg}.ResourceLimits.MaxParallelTrainingJobs`, rule: "at least 1" });
  }
  if (limits?.MaxNumberOfTrainingJobs !== undefined && !(limits.MaxNumberOfTrainingJobs >= 1)) {
    violations.push({ field: `${cfg}.ResourceLimits.MaxNumberOfTrainingJobs`, rule: "at least 1" });
  }
  if (
    config.RandomSeed !== undefined &&
    !(Number.isInteger(config.RandomSeed) && config.RandomSeed >= 0)
  ) {
    violations.push({
      field: `${cfg}.RandomSeed`,
      rule: "an integer ≥ 0",
      value: String(config.RandomSeed),
    });
  }

  // Warm start.
  const parents = input.WarmStartConfig?.ParentHyperParameterTuningJobs;
  if (
    input.WarmStartConfig &&
    (!parents || parents.length < 1 || parents.length > TUNING_LIMITS.warmStartParents)
  ) {
    violations.push({
      field: "WarmStartConfig.ParentHyperParameterTuningJobs",
      rule: `1–${TUNING_LIMITS.warmStartParents} parent tuning jobs (has ${parents?.length ?? 0})`,
    });
  }

  // Role, encryption, instance, tags.
  violations.push(...checkRoleArn("TrainingJobDefinition.RoleArn", definition.RoleArn));
  violations.push(
    ...checkKmsKey(
      "TrainingJobDefinition.OutputDataConfig.KmsKeyId",
      definition.OutputDataConfig?.KmsKeyId,
    ),
  );
  const instanceType = definition.ResourceConfig?.InstanceType;
  violations.push(
    ...checkInstanceType("TrainingJobDefinition.ResourceConfig.InstanceType", instanceType),
  );
  const volumeKey = definition.ResourceConfig?.VolumeKmsKeyId;
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
  if (definition.EnableNetworkIsolation !== true) {
    violations.push({
      field: "TrainingJobDefinition.EnableNetworkIsolation",
      rule: "must be true (HIPAA)",
    });
  }
  if (definition.EnableInterContainerTrafficEncryption !== true) {
    violations.push({
      field: "TrainingJobDefinition.EnableInterContainerTrafficEncryption",
      rule: "must be true (HIPAA)",
    });
  }
  const channels = definition.InputDataConfig ?? [];
  if (channels.length < 1 || channels.length > 20) {
    violations.push({ field: "TrainingJobDefinition.InputDataConfig", rule: "1–20 channels" });
  }
  const vpc = definition.VpcConfig;
  if (vpc) {
    const groups = vpc.SecurityGroupIds?.length ?? 0, subnets = vpc.Subnets?.length ?? 0;
    if (groups < 1 || groups > 5) {
      violations.push({
        field: "TrainingJobDefinition.VpcConfig.SecurityGroupIds",
        rule: "1–5 security groups",
      });
    }
    if (subnets < 1 || subnets > 16) {
      violations.push({ field: "TrainingJobDefinition.VpcConfig.Subnets", rule: "1–16 subnets" });
    }
  }
  violations.push(...checkTags("Tags", input.Tags));
  return violations;
}
