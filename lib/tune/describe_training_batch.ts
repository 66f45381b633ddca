/**
 * What `train_batch_size` means on the tuning job's instances: sentences per device per step, times the
 * devices that take a batch each step, times the gradient-accumulation steps (train.py accumulates none).
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import { gpusPerInstance } from "../cloud/mod.ts";
import { TORCH_DISTRIBUTED_HYPERPARAMETER } from "./tuning_job_request.ts";

/** The effective batch size of a tuning job's training jobs. */
export interface TrainingBatchSummary {
  /** Instance type. */
  instanceType: string;
  /** Instances per training job. */
  instanceCount: number;
  /** GPUs per instance (0 for CPU types). */
  gpusPerInstance: number;
  /** How the script is started: one process, or torchrun with one process per GPU. */
  launcher: "python" | "torchrun";
  /** Devices that each take `train_batch_size` sentences per step. */
  devices: number;
  /** Gradient-accumulation steps (train.py: 1). */
  gradientAccumulationSteps: number;
  /** The `train_batch_size` values the jobs may get (per device), or a `[min, max]` range. */
  perDeviceBatchSizes: number[];
  /** The same values × devices × accumulation: sentences per optimizer step. */
  effectiveBatchSizes: number[];
  /** Largest `train_batch_size × max_seq_length` a device gets in one step, when both are known. */
  largestStepTokensPerDevice?: number;
  /** The same in one sentence, for the plan's notes. */
  statement: string;
}

/**
 * Describes the effective batch size of a tuning job: `train_batch_size` per device × devices × accumulation.
 * @param input the tuning-job request
 * @returns the numbers and a sentence
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const batch = describeTrainingBatch({
 *   HyperParameterTuningJobName: "ade-tune",
 *   HyperParameterTuningJobConfig: undefined,
 *   TrainingJobDefinition: {
 *     StaticHyperParameters: { train_batch_size: "32" },
 *     ResourceConfig: { InstanceType: "ml.g5.2xlarge", InstanceCount: 1, VolumeSizeInGB: 30 },
 *   },
 * } as never);
 * assert.match(batch.statement, /train_batch_size/);
 * ```
 */
export function describeTrainingBatch(
  input: CreateHyperParameterTuningJobCommandInput,
): TrainingBatchSummary {
  const definition = input.TrainingJobDefinition;
  const instanceType = definition?.ResourceConfig?.InstanceType ?? "unknown";
  const instanceCount = definition?.ResourceConfig?.InstanceCount ?? 1;
  const gpus = gpusPerInstance(instanceType) ?? 0;
  const torchrun =
    _decode(definition?.StaticHyperParameters?.[TORCH_DISTRIBUTED_HYPERPARAMETER]) ===
      true;
  // torchrun: one process per GPU, each with its own batch; plain python: one process whose device count
  // is 1 here (preflight refuses plain python on several GPUs).
  const devices = torchrun ? Math.max(1, gpus) * instanceCount : 1;
  const accumulation = 1;
  const perDevice = _values(input, "train_batch_size");
  const lengths = _values(input, "max_seq_length");
  const effective = perDevice.map((size) => size * devices * accumulation);
  const largest = perDevice.length > 0 && lengths.length > 0
    ? Math.max(...perDevice) * Math.max(...lengths)
    : undefined;
  const deviceWord = gpus > 0 ? "GPU" : "device";
  const statement =
    (perDevice.length > 0
      ? `train_batch_size ${perDevice.join(", ")} per ${deviceWord}`
      : `train.py's default train_batch_size per ${deviceWord}`) +
    ` × ${devices} ${deviceWord}${devices === 1 ? "" : "s"} (${instanceCount} × ${instanceType}, ` +
    `${torchrun ? "torchrun, one process per GPU" : "one process"}) × ${accumulation} ` +
    `accumulation step = ${
      effective.length > 0 ? effective.join(", ") : "the same"
    } sentences per optimizer step` +
    (largest !== undefined
      ? `; the largest step puts ${largest.toLocaleString("en-US")} tokens on one ${deviceWord}`
      : "");
  return {
    instanceType,
    instanceCount,
    gpusPerInstance: gpus,
    launcher: torchrun ? "torchrun" : "python",
    devices,
    gradientAccumulationSteps: accumulation,
    perDeviceBatchSizes: perDevice,
    effectiveBatchSizes: effective,
    ...(largest !== undefined ? { largestStepTokensPerDevice: largest } : {}),
    statement,
  };
}

/** The numeric values a hyperparameter may take: categorical values, an integer range's ends, or static. */
function _values(input: CreateHyperParameterTuningJobCommandInput, name: string): number[] {
  const ranges = input.HyperParameterTuningJobConfig?.ParameterRanges;
  const categorical = ranges?.CategoricalParameterRanges?.find((range) => range.Name === name);
  if (categorical) return (categorical.Values ?? []).map((value) => Number(_decode(value)));
  const integer = ranges?.IntegerParameterRanges?.find((range) => range.Name === name);
  if (integer) return [Number(integer.MinValue), Number(integer.MaxValue)];
  const fixed = input.TrainingJobDefinition?.StaticHyperParameters?.[name];
  return fixed === undefined ? [] : [Number(_decode(fixed))];
}

function _decode(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
