import assert from "node:assert/strict";
import { imageUri, RUN_TAG_KEY } from "../../lib/cloud/mod.ts";
import {
  buildCreateHyperParameterTuningJobRequest,
  localSpace,
  seedSpace,
  type TuningJobRequestOptions,
} from "../../lib/tune/mod.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE = "arn:aws:iam::123456789012:role/ade-sagemaker";

function options(overrides: Partial<TuningJobRequestOptions> = {}): TuningJobRequestOptions {
  return {
    jobName: "ade-seed-tune",
    space: seedSpace(),
    strategy: "bayesian",
    maxTrials: 20,
    parallel: 2,
    roleArn: ROLE,
    kmsKeyId: KMS,
    region: "eu-west-1",
    runId: "run-1",
    trainS3Uri: "s3://b/ade/run-1/tune/j/data/train/",
    validationS3Uri: "s3://b/ade/run-1/tune/j/data/test/",
    sourceS3Uri: "s3://b/ade/run-1/tune/j/source/sourcedir.tar.gz",
    outputS3Uri: "s3://b/ade/run-1/tune/j/output/",
    seed: 42,
    ...overrides,
  };
}

Deno.test("buildCreateHyperParameterTuningJobRequest() encodes the study's space as SageMaker expects", () => {
  const { input, warnings } = buildCreateHyperParameterTuningJobRequest(options());
  const config = input.HyperParameterTuningJobConfig!;
  assert.equal(config.Strategy, "Bayesian");
  assert.deepEqual(config.HyperParameterTuningJobObjective, { Type: "Maximize", MetricName: "f1" });
  assert.deepEqual(config.ResourceLimits, {
    MaxNumberOfTrainingJobs: 20,
    MaxParallelTrainingJobs: 2,
  });
  assert.equal(config.RandomSeed, 42);
  assert.equal(config.TrainingJobEarlyStoppingType, "Off");
  assert.deepEqual(config.ParameterRanges!.ContinuousParameterRanges, [
    { Name: "learning_rate", MinValue: "0.000005", MaxValue: "0.0005", ScalingType: "Auto" },
  ]);
  const categorical = config.ParameterRanges!.CategoricalParameterRanges!;
  assert.deepEqual(categorical[0], {
    Name: "max_seq_length",
    Values: ["16", "32", "64", "128", "256"],
  });
  // Categorical strings are JSON-encoded: the HF/PyTorch images json.loads every value.
  assert.equal(categorical[2].Values![1], '"dmis-lab/biobert-base-cased-v1.2"');
  const definition = input.TrainingJobDefinition!;
  assert.equal(
    definition.AlgorithmSpecification!.TrainingImage,
    imageUri("training", "eu-west-1"),
  );
  assert.match(definition.AlgorithmSpecification!.TrainingImage!, /huggingface-pytorch-training/);
  assert.deepEqual(definition.AlgorithmSpecification!.MetricDefinitions, [
    { Name: "f1", Regex: "f1: ([0-9.]+).*$" },
  ]);
  assert.deepEqual(definition.StaticHyperParameters, {
    epochs: "10",
    sagemaker_program: '"train.py"',
    sagemaker_submit_directory: '"/opt/ml/input/data/code/sourcedir.tar.gz"',
  });
  assert.deepEqual(definition.InputDataConfig!.map((c) => c.ChannelName), [
    "train",
    "test",
    "code",
  ]);
  // Network isolation: the code travels as the `code` channel (the bundle object itself), as the SDK does.
  assert.deepEqual(definition.InputDataConfig![2], {
    ChannelName: "code",
    DataSource: {
      S3DataSource: {
        S3DataType: "S3Prefix",
        S3Uri: "s3://b/ade/run-1/tune/j/source/sourcedir.tar.gz",
        S3DataDistributionType: "FullyReplicated",
      },
    },
    InputMode: "File",
  });
  assert.equal(
    definition.InputDataConfig![0].DataSource!.S3DataSource!.S3Uri,
    "s3://b/ade/run-1/tune/j/data/train/",
  );
  assert.deepEqual(definition.OutputDataConfig, {
    S3OutputPath: "s3://b/ade/run-1/tune/j/output/",
    KmsKeyId: KMS,
  });
  // One GPU by default: train_batch_size means what it means locally, no launcher needed.
  assert.equal(definition.ResourceConfig!.InstanceType, "ml.g5.2xlarge");
  assert.equal(definition.ResourceConfig!.InstanceCount, 1);
  // ml.g5.2xlarge has local NVMe storage: no volume key, and a warning says why.
  assert.equal(definition.ResourceConfig!.VolumeKmsKeyId, undefined);
  assert.ok(warnings.some((w) => /VolumeKmsKeyId left out/.test(w)));
  assert.equal(definition.EnableNetworkIsolation, true);
  assert.equal(definition.EnableInterContainerTrafficEncryption, true);
  assert.equal(definition.RoleArn, ROLE);
  assert.deepEqual(definition.StoppingCondition, { MaxRuntimeInSeconds: 86400 });
  assert.equal(definition.VpcConfig, undefined);
  assert.deepEqual(input.Tags!.find((t) => t.Key === RUN_TAG_KEY), {
    Key: RUN_TAG_KEY,
    Value: "run-1",
  });
  assert.equal(input.WarmStartConfig, undefined);
});

Deno.test("buildCreateHyperParameterTuningJobRequest() keeps the volume key on EBS instances and adds VPC and warm start", () => {
  const { input } = buildCreateHyperParameterTuningJobRequest(options({
    instanceType: "ml.p3.2xlarge",
    vpcConfig: { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] },
    warmStartParents: ["parent-a"],
    modelsS3Uri: "s3://b/models/",
  }));
  const definition = input.TrainingJobDefinition!;
  assert.equal(definition.ResourceConfig!.VolumeKmsKeyId, KMS);
  assert.deepEqual(definition.VpcConfig, { SecurityGroupIds: ["sg-1"], Subnets: ["subnet-1"] });
  assert.deepEqual(definition.InputDataConfig!.map((c) => c.ChannelName), [
    "train",
    "test",
    "code",
    "models",
  ]);
  assert.equal(definition.InputDataConfig![3].ContentType, undefined);
  // Each run uploads its own split and code: not the parents' data, hence TransferLearning.
  assert.deepEqual(input.WarmStartConfig, {
    ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: "parent-a" }],
    WarmStartType: "TransferLearning",
  });
});

Deno.test("buildCreateHyperParameterTuningJobRequest() maps strategies, Hyperband's resource and Grid's values", () => {
  const hyperband = buildCreateHyperParameterTuningJobRequest(options({ strategy: "hyperband" }))
    .input
    .HyperParameterTuningJobConfig!;
  assert.equal(hyperband.Strategy, "Hyperband");
  assert.equal(hyperband.TrainingJobEarlyStoppingType, "Off");
  assert.deepEqual(hyperband.StrategyConfig, {
    HyperbandStrategyConfig: { MinResource: 1, MaxResource: 10 },
  });
  assert.equal(
    buildCreateHyperParameterTuningJobRequest(options({ strategy: "random" })).input
      .HyperParameterTuningJobConfig!
      .Strategy,
    "Random",
  );
  const grid = buildCreateHyperParameterTuningJobRequest(
    options({ strategy: "grid", space: localSpace() }),
  );
  const gridConfig = grid.input.HyperParameterTuningJobConfig!;
  assert.equal(gridConfig.Strategy, "Grid");
  assert.equal(gridConfig.ResourceLimits!.MaxNumberOfTrainingJobs, undefined);
  assert.deepEqual(gridConfig.ParameterRanges!.ContinuousParameterRanges, []);
  assert.deepEqual(gridConfig.ParameterRanges!.IntegerParameterRanges, []);
  const c = gridConfig.ParameterRanges!.CategoricalParameterRanges!.find((r) => r.Name === "C")!;
  assert.deepEqual(c.Values, ["0.0316228", "0.316228", "3.16228", "31.6228"]);
});

Deno.test("buildCreateHyperParameterTuningJobRequest() starts train.py with torchrun on a multi-GPU instance", () => {
  const { input, warnings } = buildCreateHyperParameterTuningJobRequest(
    options({ instanceType: "ml.g5.12xlarge" }),
  );
  const statics = input.TrainingJobDefinition!.StaticHyperParameters!;
  assert.equal(statics.sagemaker_torch_distributed_enabled, "true");
  assert.equal(statics.sagemaker_instance_type, '"ml.g5.12xlarge"');
  assert.ok(warnings.some((w) => /4 GPUs: train.py runs under torchrun/.test(w)));
  const single = buildCreateHyperParameterTuningJobRequest(options()).input;
  assert.equal(
    single.TrainingJobDefinition!.StaticHyperParameters!.sagemaker_torch_distributed_enabled,
    undefined,
  );
});
