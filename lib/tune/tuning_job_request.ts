/**
 * The `CreateHyperParameterTuningJob` request, built as a pure function of the study's settings: the exact
 * input object the SDK command receives (and the dry run writes).
 */
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import { gpusPerInstance, hasLocalNvmeStorage, imageUri, runTags } from "../cloud/mod.ts";
import { gridValues } from "./_grid_values.ts";
import type { TuningStrategy } from "./strategy.ts";
import { DEFAULT_METRIC_REGEX } from "./objective_log.ts";
import type { ScalingType, SearchSpace } from "./space.ts";

/**
 * Default training instance type: one A10G GPU (24 GB), enough for the BERT-base models of the study, with
 * `train_batch_size` meaning what it means locally. (The reference study's `ml.p3dn.24xlarge` has 8 GPUs,
 * costs about 24 times as much per hour and has a quota of 0 on new accounts.)
 */
export const DEFAULT_TUNING_INSTANCE_TYPE = "ml.g5.2xlarge";

/**
 * Where the training toolkit finds the code under network isolation: the `code` input channel is copied to
 * `/opt/ml/input/data/code/`, and `sagemaker_submit_directory` names the bundle there. The toolkit's
 * `files.download_and_extract` downloads an `s3://` value (impossible without network) but extracts a local
 * tar file in place (aws/sagemaker-training-toolkit `files.py`); the SageMaker Python SDK does the same for
 * isolated jobs (`Framework.CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH`, `_Job._load_config` adds the `code`
 * channel; sagemaker-python-sdk `estimator.py`, `job.py`).
 */
export const CODE_CHANNEL_SOURCEDIR_PATH = "/opt/ml/input/data/code/sourcedir.tar.gz";

/**
 * Static hyperparameter that makes the PyTorch training toolkit start the script with `torchrun`, one
 * process per GPU (sagemaker-pytorch-training-toolkit `training.py` → sagemaker-training-toolkit
 * `torch_distributed.py`; the SDK sets it for `distribution={"torch_distributed": {"enabled": True}}`). Each
 * process then has one device, so the Trainer's `per_device_train_batch_size` (`train_batch_size`) stays per
 * device; without it one process drives all GPUs through DataParallel and each step takes
 * `train_batch_size × GPUs` sentences (transformers `TrainingArguments.train_batch_size`).
 */
export const TORCH_DISTRIBUTED_HYPERPARAMETER = "sagemaker_torch_distributed_enabled";

/** The strategy names of the SageMaker API. */
export const SAGEMAKER_STRATEGY: Record<
  TuningStrategy,
  "Random" | "Grid" | "Bayesian" | "Hyperband"
> = {
  random: "Random",
  grid: "Grid",
  bayesian: "Bayesian",
  hyperband: "Hyperband",
};

/** Options of {@link buildCreateHyperParameterTuningJobRequest}. */
export interface TuningJobRequestOptions {
  /** Tuning job name (≤ 32 characters). */
  jobName: string;
  /** Search space (ranges and static hyperparameters such as `epochs`). */
  space: SearchSpace;
  /** Strategy. */
  strategy: TuningStrategy;
  /** Training jobs in total (ignored for Grid, where the service counts the grid). */
  maxTrials: number;
  /** Training jobs at once. */
  parallel: number;
  /** Execution role ARN. */
  roleArn: string;
  /** KMS key for outputs and (where allowed) training volumes. */
  kmsKeyId: string;
  /** Region (for the training image). */
  region: string;
  /** Study run id (tags). */
  runId: string;
  /** `s3://…` of the training channel (the fold's training part). */
  trainS3Uri: string;
  /** `s3://…` of the `test` channel (the fold's validation part; never the held-out test split). */
  validationS3Uri: string;
  /** `s3://…/sourcedir.tar.gz` of `training/`: the `code` channel (network isolation: no download). */
  sourceS3Uri: string;
  /** `s3://…/` where the jobs write their models. */
  outputS3Uri: string;
  /**
   * `s3://…/` of the staged model weights (`stage-model`), channel `models`. Needed whenever `model_name`
   * values are hub ids: an isolated job cannot download them (a preflight error otherwise).
   */
  modelsS3Uri?: string;
  /** Instance type (default {@link DEFAULT_TUNING_INSTANCE_TYPE}). */
  instanceType?: string;
  /** Volume size in GB (default 50). */
  volumeSizeGb?: number;
  /** Metric regex (default {@link DEFAULT_METRIC_REGEX}). */
  metricRegex?: string;
  /** Random seed of the tuning job. */
  seed: number;
  /** Entry script inside the source bundle (default `train.py`). */
  entryPoint?: string;
  /** Per-training-job time limit in seconds (default 86,400). */
  maxRuntimeSeconds?: number;
  /** Optional VPC. */
  vpcConfig?: { SecurityGroupIds: string[]; Subnets: string[] };
  /**
   * Parent tuning jobs for a warm start (1–5), as `TransferLearning`: every run uploads its split and code
   * under its own prefix, which is not the parents' data, so `IdenticalDataAndAlgorithm` would claim what
   * is not so (service-model doc of `WarmStartType`).
   */
  warmStartParents?: string[];
}

/** The request plus warnings about choices the builder made (e.g. a volume key left out). */
export interface TuningJobRequest {
  /** The SDK input. */
  input: CreateHyperParameterTuningJobCommandInput;
  /** Things the user should know. */
  warnings: string[];
}

/** A continuous or integer range as the request holds it. */
interface _NumericRange {
  Name: string;
  MinValue: string;
  MaxValue: string;
  ScalingType: ScalingType;
}

/**
 * Builds the `CreateHyperParameterTuningJob` input. Hyperparameter values are JSON-encoded (static values and
 * categorical values) as the Hugging Face / PyTorch training images expect; continuous and integer bounds stay
 * plain strings. For Grid, numeric ranges become categorical lists (the grid the local sampler uses). For
 * Hyperband, training-job early stopping is Off and the resource is the `epochs` range of the space.
 * @param options the study's settings
 * @returns the request and warnings
 * @example
 * ```ts
 * import assert from "node:assert/strict";
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
 *   seed: 42,
 * });
 * assert.equal(input.HyperParameterTuningJobConfig?.Strategy, "Random");
 * ```
 */
export function buildCreateHyperParameterTuningJobRequest(
  options: TuningJobRequestOptions,
): TuningJobRequest {
  const warnings: string[] = [];
  const instanceType = options.instanceType ?? DEFAULT_TUNING_INSTANCE_TYPE;
  const regex = options.metricRegex ?? DEFAULT_METRIC_REGEX;
  const strategy = SAGEMAKER_STRATEGY[options.strategy];
  const continuous: _NumericRange[] = [];
  const integer: _NumericRange[] = [];
  const categorical: Array<{ Name: string; Values: string[] }> = [];
  for (const p of options.space.parameters) {
    if (p.type === "categorical") {
      categorical.push({ Name: p.name, Values: p.values.map((v) => JSON.stringify(v)) });
    } else if (strategy === "Grid") {
      // Grid enumerates discrete values: give numeric ranges as the local grid's values.
      categorical.push({
        Name: p.name,
        Values: gridValues(p).map((v) => JSON.stringify(v)),
      });
      warnings.push(
        `Grid: range ${p.name} sent as the categorical values ${gridValues(p).join(", ")}`,
      );
    } else {
      const range = {
        Name: p.name,
        MinValue: String(p.min),
        MaxValue: String(p.max),
        ScalingType: p.scaling ?? "Auto",
      };
      (p.type === "continuous" ? continuous : integer).push(range);
    }
  }
  const staticHyperparameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.space.static ?? {})) {
    staticHyperparameters[name] = JSON.stringify(value);
  }
  staticHyperparameters.sagemaker_program = JSON.stringify(options.entryPoint ?? "train.py");
  staticHyperparameters.sagemaker_submit_directory = JSON.stringify(CODE_CHANNEL_SOURCEDIR_PATH);
  const gpus = gpusPerInstance(instanceType) ?? 0;
  if (gpus > 1) {
    // One process per GPU, so train_batch_size stays per device (see TORCH_DISTRIBUTED_HYPERPARAMETER).
    staticHyperparameters[TORCH_DISTRIBUTED_HYPERPARAMETER] = JSON.stringify(true);
    staticHyperparameters.sagemaker_instance_type = JSON.stringify(instanceType);
    warnings.push(
      `${instanceType} has ${gpus} GPUs: train.py runs under torchrun (one process per GPU), so each step ` +
        `takes train_batch_size × ${gpus} sentences`,
    );
  }
  const channel = (name: string, uri: string) => ({
    ChannelName: name,
    DataSource: {
      S3DataSource: {
        S3DataType: "S3Prefix" as const,
        S3Uri: uri,
        S3DataDistributionType: "FullyReplicated" as const,
      },
    },
    ...(name === "train" || name === "test" ? { ContentType: "application/jsonlines" } : {}),
    InputMode: "File" as const,
  });
  const inputChannels = [
    channel("train", options.trainS3Uri),
    channel("test", options.validationS3Uri),
    // The code bundle as a channel (isolation): the S3Uri is the object itself, as the SDK sends it.
    channel("code", options.sourceS3Uri),
    ...(options.modelsS3Uri ? [channel("models", options.modelsS3Uri)] : []),
  ];
  const nvme = hasLocalNvmeStorage(instanceType);
  if (nvme) {
    warnings.push(
      `ResourceConfig.VolumeKmsKeyId left out: ${instanceType} has local NVMe storage (hardware-encrypted), ` +
        "and SageMaker rejects a volume key for it",
    );
  }
  const resourceName = options.space.resource?.name ?? "epochs";
  const epochs = Number(options.space.static?.[resourceName] ?? options.space.resource?.max ?? 10);
  const tuningJobConfig:
    CreateHyperParameterTuningJobCommandInput["HyperParameterTuningJobConfig"] = {
      Strategy: strategy,
      HyperParameterTuningJobObjective: { Type: "Maximize", MetricName: "f1" },
      ResourceLimits: {
        // Grid: the service derives the number of jobs from the grid (sagemaker-python-sdk leaves it unset).
        ...(strategy === "Grid" ? {} : { MaxNumberOfTrainingJobs: options.maxTrials }),
        MaxParallelTrainingJobs: options.parallel,
      },
      ParameterRanges: {
        ContinuousParameterRanges: continuous,
        IntegerParameterRanges: integer,
        CategoricalParameterRanges: categorical,
      },
      // Hyperband does its own early stopping; the service requires this to be Off with it.
      TrainingJobEarlyStoppingType: "Off",
      RandomSeed: options.seed,
      ...(strategy === "Hyperband"
        ? {
          StrategyConfig: {
            HyperbandStrategyConfig: {
              MinResource: options.space.resource?.min ?? 1,
              MaxResource: epochs,
            },
          },
        }
        : {}),
    };
  const input: CreateHyperParameterTuningJobCommandInput = {
    HyperParameterTuningJobName: options.jobName,
    HyperParameterTuningJobConfig: tuningJobConfig,
    TrainingJobDefinition: {
      AlgorithmSpecification: {
        TrainingImage: imageUri("training", options.region),
        TrainingInputMode: "File",
        MetricDefinitions: [{ Name: "f1", Regex: regex }],
      },
      RoleArn: options.roleArn,
      StaticHyperParameters: staticHyperparameters,
      InputDataConfig: inputChannels,
      OutputDataConfig: { S3OutputPath: options.outputS3Uri, KmsKeyId: options.kmsKeyId },
      ResourceConfig: {
        InstanceType: instanceType as "ml.g5.2xlarge",
        InstanceCount: 1,
        VolumeSizeInGB: options.volumeSizeGb ?? 50,
        ...(nvme ? {} : { VolumeKmsKeyId: options.kmsKeyId }),
      },
      StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds ?? 86_400 },
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      ...(options.vpcConfig ? { VpcConfig: options.vpcConfig } : {}),
    },
    Tags: runTags(options.runId),
  };
  if (options.warmStartParents && options.warmStartParents.length > 0) {
    input.WarmStartConfig = {
      ParentHyperParameterTuningJobs: options.warmStartParents.map((name) => ({
        HyperParameterTuningJobName: name,
      })),
      WarmStartType: "TransferLearning",
    };
  }
  return { input, warnings };
}
