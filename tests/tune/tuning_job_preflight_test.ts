import assert from "node:assert/strict";
import type { CreateHyperParameterTuningJobCommandInput } from "@aws-sdk/client-sagemaker";
import { DataError, type PreflightViolation } from "../../lib/core/mod.ts";
import {
  buildCreateHyperParameterTuningJobRequest,
  preflightTuningJobRequest,
  readScriptFlags,
  seedSpace,
  type TuningJobRequestOptions,
} from "../../lib/tune/mod.ts";
import { scriptFlagsFromSource } from "../../lib/tune/read_script_flags.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const FIXTURE_SCRIPT = new URL("./fixtures/training/train.py", import.meta.url).pathname;
const FLAGS = ["epochs", "learning_rate", "lr", "max_seq_length", "train_batch_size", "model_name"];

function request(
  overrides: Partial<TuningJobRequestOptions> = {},
): CreateHyperParameterTuningJobCommandInput {
  return buildCreateHyperParameterTuningJobRequest({
    jobName: "ade-seed-tune",
    space: seedSpace(),
    strategy: "bayesian",
    maxTrials: 20,
    parallel: 2,
    roleArn: "arn:aws:iam::123456789012:role/ade",
    kmsKeyId: KMS,
    region: "us-east-1",
    runId: "run-1",
    trainS3Uri: "s3://b/t/",
    validationS3Uri: "s3://b/v/",
    sourceS3Uri: "s3://b/s/sourcedir.tar.gz",
    outputS3Uri: "s3://b/o/",
    modelsS3Uri: "s3://b/ade/models/",
    seed: 1,
    ...overrides,
  }).input;
}

function check(
  mutate: (input: CreateHyperParameterTuningJobCommandInput) => void,
): PreflightViolation[] {
  const input = request();
  mutate(input);
  return preflightTuningJobRequest(input, { scriptFlags: FLAGS });
}

function hasViolation(violations: PreflightViolation[], field: RegExp, rule: RegExp): boolean {
  return violations.some((v) => field.test(v.field) && rule.test(v.rule));
}

Deno.test("preflightTuningJobRequest() passes the study's seed space", () => {
  assert.deepEqual(preflightTuningJobRequest(request(), { scriptFlags: FLAGS }), []);
});

Deno.test("scriptFlagsFromSource() reads every --flag of add_argument calls, aliases included", async () => {
  assert.deepEqual(await readScriptFlags(FIXTURE_SCRIPT), FLAGS);
  assert.deepEqual(
    scriptFlagsFromSource("p.add_argument('--a-b', '-x')\nparser.add_argument(\n \"--c\")"),
    [
      "a-b",
      "c",
    ],
  );
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/train.py`, "print('no flags')\n");
    await assert.rejects(() => readScriptFlags(`${dir}/train.py`), DataError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("preflightTuningJobRequest() refuses a misspelt hyperparameter such as train-batch-size", () => {
  const violations = check((input) => {
    input.HyperParameterTuningJobConfig!.ParameterRanges!.CategoricalParameterRanges![1].Name =
      "train-batch-size";
  });
  assert.equal(violations.length, 1);
  assert.equal(
    violations[0].field,
    "HyperParameterTuningJobConfig.ParameterRanges.CategoricalParameterRanges[1].Name",
  );
  assert.match(
    violations[0].rule,
    /"train-batch-size" is not a flag of training\/train\.py .*did you mean "train_batch_size"\?/,
  );
  // Static names are checked too; the toolkit's own sagemaker_* names are not passed to the script.
  const staticViolations = check((input) => {
    input.TrainingJobDefinition!.StaticHyperParameters!.num_epochs = "3";
  });
  assert.ok(hasViolation(staticViolations, /StaticHyperParameters\.num_epochs/, /not a flag/));
});

Deno.test("preflightTuningJobRequest() enforces the tuning-job name rules", () => {
  assert.ok(hasViolation(
    check((input) => input.HyperParameterTuningJobName = "a".repeat(33)),
    /^HyperParameterTuningJobName$/,
    /at most 32 characters/,
  ));
  assert.ok(hasViolation(
    check((input) => input.HyperParameterTuningJobName = "ade_tune"),
    /^HyperParameterTuningJobName$/,
    /must match/,
  ));
});

Deno.test("preflightTuningJobRequest() enforces range, value and hyperparameter limits", () => {
  assert.ok(hasViolation(
    check((input) => {
      const ranges = input.HyperParameterTuningJobConfig!.ParameterRanges!;
      for (let i = 0; i < 28; i++) {
        ranges.IntegerParameterRanges!.push({ Name: `epochs`, MinValue: "1", MaxValue: "2" });
      }
    }),
    /ParameterRanges$/,
    /at most 30 ranges \(has 32\)/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      input.HyperParameterTuningJobConfig!.ParameterRanges!.CategoricalParameterRanges![0].Values =
        Array.from(
          { length: 31 },
          (_, i) => String(i),
        );
    }),
    /CategoricalParameterRanges\[0\]\.Values$/,
    /1–30 values per categorical range \(has 31\)/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      input.HyperParameterTuningJobConfig!.ParameterRanges!.CategoricalParameterRanges![2]
        .Values![0] = JSON
          .stringify("x".repeat(300));
    }),
    /CategoricalParameterRanges\[2\]\.Values\[0\]$/,
    /at most 256 characters/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      const hps = input.TrainingJobDefinition!.StaticHyperParameters!;
      for (let i = 0; i < 93; i++) hps[`sagemaker_extra_${i}`] = "1";
    }),
    /StaticHyperParameters$/,
    /at most 100 hyperparameters including _tuning_objective_metric \(has 101\)/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      input.TrainingJobDefinition!.AlgorithmSpecification!.MetricDefinitions![0].Regex =
        "f1: ([0-9.]+)" +
        ".".repeat(500);
    }),
    /MetricDefinitions\[0\]\.Regex$/,
    /1–500 characters/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      input.HyperParameterTuningJobConfig!.ParameterRanges!.IntegerParameterRanges!.push({
        Name: "epochs",
        MinValue: "0",
        MaxValue: "1",
        ScalingType: "ReverseLogarithmic",
      });
    }),
    /IntegerParameterRanges\[0\]\.ScalingType$/,
    /continuous ranges only/,
  ));
});

Deno.test("preflightTuningJobRequest() requires early stopping Off with Hyperband and ≤ 5 warm-start parents", () => {
  assert.ok(hasViolation(
    check((input) => {
      input.HyperParameterTuningJobConfig!.Strategy = "Hyperband";
      input.HyperParameterTuningJobConfig!.TrainingJobEarlyStoppingType = "Auto";
    }),
    /TrainingJobEarlyStoppingType$/,
    /must be Off with the Hyperband strategy/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      input.WarmStartConfig = {
        ParentHyperParameterTuningJobs: Array.from(
          { length: 6 },
          (_, i) => ({ HyperParameterTuningJobName: `p${i}` }),
        ),
        WarmStartType: "IdenticalDataAndAlgorithm",
      };
    }),
    /WarmStartConfig\.ParentHyperParameterTuningJobs$/,
    /1–5 parent tuning jobs \(has 6\)/,
  ));
});

Deno.test("preflightTuningJobRequest() checks encryption, isolation, role, objective and tags", () => {
  const violations = check((input) => {
    const definition = input.TrainingJobDefinition!;
    definition.OutputDataConfig!.KmsKeyId = undefined;
    definition.ResourceConfig!.VolumeKmsKeyId = KMS; // g5 has NVMe: must be left out
    definition.EnableNetworkIsolation = false;
    definition.EnableInterContainerTrafficEncryption = false;
    definition.RoleArn = "not-a-role";
    input.HyperParameterTuningJobConfig!.HyperParameterTuningJobObjective!.MetricName = "accuracy";
    input.Tags = [];
  });
  for (
    const [field, rule] of [
      [/OutputDataConfig\.KmsKeyId$/, /KMS key is required/],
      [/ResourceConfig\.VolumeKmsKeyId$/, /must be left out for ml\.g5\.2xlarge/],
      [/EnableNetworkIsolation$/, /must be true/],
      [/EnableInterContainerTrafficEncryption$/, /must be true/],
      [/RoleArn$/, /IAM role ARN/],
      [/HyperParameterTuningJobObjective\.MetricName$/, /MetricDefinition/],
      [/^Tags$/, /run tags/],
    ] as const
  ) {
    assert.ok(hasViolation(violations, field, rule), `${field} ${rule}`);
  }
  // On an EBS-backed instance the volume key is required.
  assert.ok(hasViolation(
    check((input) => input.TrainingJobDefinition!.ResourceConfig!.InstanceType = "ml.p3.2xlarge"),
    /VolumeKmsKeyId$/,
    /KMS key is required/,
  ));
});

Deno.test("preflightTuningJobRequest() under network isolation: hub ids need the models channel, code comes from the code channel", () => {
  const noModels = check((input) => {
    const channels = input.TrainingJobDefinition!.InputDataConfig!;
    input.TrainingJobDefinition!.InputDataConfig = channels.filter((c) =>
      c.ChannelName !== "models"
    );
  });
  assert.equal(noModels.length, 1);
  assert.equal(noModels[0].field, "TrainingJobDefinition.InputDataConfig");
  assert.match(noModels[0].rule, /dmis-lab\/biobert-base-cased-v1\.2.* hub ids.*stage-model/);
  // Staged paths instead of hub ids need no channel check.
  assert.deepEqual(
    check((input) => {
      const definition = input.TrainingJobDefinition!;
      definition.InputDataConfig = definition.InputDataConfig!.filter((c) =>
        c.ChannelName !== "models"
      );
      const ranges = input.HyperParameterTuningJobConfig!.ParameterRanges!;
      ranges.CategoricalParameterRanges = ranges.CategoricalParameterRanges!.filter((r) =>
        r.Name !== "model_name"
      );
      definition.StaticHyperParameters!.model_name = JSON.stringify("/opt/ml/input/data/w/m");
    }),
    [],
  );
  assert.ok(hasViolation(
    check((input) => {
      input.TrainingJobDefinition!.StaticHyperParameters!.sagemaker_submit_directory = JSON
        .stringify("s3://b/s/sourcedir.tar.gz");
    }),
    /sagemaker_submit_directory$/,
    /cannot download the code from S3.*channel `code`/,
  ));
  assert.ok(hasViolation(
    check((input) => {
      const definition = input.TrainingJobDefinition!;
      definition.InputDataConfig = definition.InputDataConfig!.filter((c) =>
        c.ChannelName !== "code"
      );
    }),
    /sagemaker_submit_directory$/,
    /input channel .* that the job has/,
  ));
  // Without isolation (which the HIPAA rule refuses anyway) the channel rules do not apply.
  const open = check((input) => {
    input.TrainingJobDefinition!.EnableNetworkIsolation = false;
    input.TrainingJobDefinition!.InputDataConfig = input.TrainingJobDefinition!.InputDataConfig!
      .filter((c) => c.ChannelName !== "models");
  });
  assert.deepEqual(open.map((v) => v.field), ["TrainingJobDefinition.EnableNetworkIsolation"]);
});

Deno.test("preflightTuningJobRequest() refuses several GPUs without the torchrun launcher", () => {
  const violations = check((input) => {
    input.TrainingJobDefinition!.ResourceConfig!.InstanceType = "ml.p3dn.24xlarge";
  });
  assert.ok(hasViolation(
    violations,
    /ResourceConfig\.InstanceType$/,
    /8 GPUs each.*DataParallel.*8× the sentences.*sagemaker_torch_distributed_enabled/,
  ));
  assert.deepEqual(
    check((input) => {
      const definition = input.TrainingJobDefinition!;
      definition.ResourceConfig!.InstanceType = "ml.p3dn.24xlarge";
      definition.StaticHyperParameters!.sagemaker_torch_distributed_enabled = "true";
    }),
    [],
  );
  assert.ok(hasViolation(
    check((input) => input.TrainingJobDefinition!.ResourceConfig!.InstanceCount = 2),
    /ResourceConfig\.InstanceType$/,
    /2 × ml\.g5\.2xlarge/,
  ));
  // A request built for a multi-GPU type passes: the builder enables the launcher.
  const built = request({ instanceType: "ml.g5.48xlarge" });
  assert.deepEqual(preflightTuningJobRequest(built, { scriptFlags: FLAGS }), []);
});
