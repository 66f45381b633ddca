/**
 * Every tuning request `lib/tune` builds or sends, checked against AWS's own SageMaker and S3 service models:
 * each strategy (Bayesian, Random, Hyperband, Grid), warm start, VPC and a `models` channel, a JSON space with
 * integer and reverse-logarithmic ranges, and the calls of a (mocked) tuning run.
 */
import assert from "node:assert/strict";
import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import {
  buildCreateHyperParameterTuningJobRequest,
  createSageMakerExecutor,
  runTuningStudy,
  seedSpace,
  type TuningJobRequestOptions,
  type TuningStrategy,
} from "../../lib/tune/mod.ts";
import { parseSearchSpace } from "../../lib/tune/space.ts";
import { mockedCalls, recordSentCommands } from "../cloud/_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "../cloud/_aws_service_model.ts";
import { startLocalS3, writeTinyTrainFile } from "./_fixtures.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE = "arn:aws:iam::123456789012:role/ade-sagemaker";
const STRATEGIES: TuningStrategy[] = ["bayesian", "random", "hyperband", "grid"];

function options(overrides: Partial<TuningJobRequestOptions> = {}): TuningJobRequestOptions {
  return {
    jobName: "ade-study-20260101T000000-abcdef",
    space: seedSpace(),
    strategy: "bayesian",
    maxTrials: 20,
    parallel: 2,
    roleArn: ROLE,
    kmsKeyId: KMS,
    region: "us-east-1",
    runId: "study-20260101T000000-abcdef",
    trainS3Uri: "s3://ade-bucket/ade/run-1/tune/j/data/train/",
    validationS3Uri: "s3://ade-bucket/ade/run-1/tune/j/data/test/",
    sourceS3Uri: "s3://ade-bucket/ade/run-1/tune/j/source/sourcedir.tar.gz",
    outputS3Uri: "s3://ade-bucket/ade/run-1/tune/j/output/",
    modelsS3Uri: "s3://ade-bucket/ade/models/",
    seed: 42,
    ...overrides,
  };
}

async function check(name: string, overrides: Partial<TuningJobRequestOptions>): Promise<void> {
  const { input } = buildCreateHyperParameterTuningJobRequest(options(overrides));
  const found = await validateRequests(
    [{ operation: "CreateHyperParameterTuningJob", input }],
    name,
  );
  assertServiceModelAccepts(found, name);
}

Deno.test("buildCreateHyperParameterTuningJobRequest() passes the SageMaker model for every strategy", async () => {
  for (const strategy of STRATEGIES) await check(strategy, { strategy });
});

Deno.test("buildCreateHyperParameterTuningJobRequest() passes the SageMaker model with warm start, VPC, models channel, multi-GPU and non-NVMe instances", async () => {
  for (const strategy of STRATEGIES) {
    await check(`${strategy} warm start`, {
      strategy,
      warmStartParents: ["ade-parent-1", "ade-parent-2"],
    });
  }
  await check("VPC + models channel", {
    vpcConfig: { SecurityGroupIds: ["sg-0123456789abcdef0"], Subnets: ["subnet-0a", "subnet-0b"] },
    modelsS3Uri: "s3://ade-bucket/ade/models/",
  });
  await check("ml.g5.12xlarge (4 GPUs) under torchrun", { instanceType: "ml.g5.12xlarge" });
  await check("ml.p6-b200.48xlarge (8 GPUs) under torchrun", {
    instanceType: "ml.p6-b200.48xlarge",
  });
  await check("ml.p3.2xlarge (no local storage) with a volume key", {
    instanceType: "ml.p3.2xlarge",
    volumeSizeGb: 100,
    maxRuntimeSeconds: 3600,
  });
});

Deno.test("buildCreateHyperParameterTuningJobRequest() passes the SageMaker model with integer and reverse-logarithmic ranges", async () => {
  const space = parseSearchSpace(
    {
      name: "wide",
      parameters: [
        { type: "continuous", name: "learning_rate", min: 1e-6, max: 1e-3, scaling: "Logarithmic" },
        {
          type: "continuous",
          name: "dropout",
          min: 0.5,
          max: 0.999,
          scaling: "ReverseLogarithmic",
        },
        { type: "integer", name: "max_seq_length", min: 32, max: 512, scaling: "Linear" },
        { type: "integer", name: "epochs", min: 1, max: 5 },
        { type: "categorical", name: "model_name", values: ["dmis-lab/biobert-base-cased-v1.2"] },
      ],
      static: { train_batch_size: 16 },
    },
    "wide.json",
    "wide",
  );
  for (const strategy of ["bayesian", "random", "grid"] as const) {
    await check(`wide ${strategy}`, { space, strategy });
  }
});

Deno.test("runTuningStudy() on the SageMaker executor sends only requests the SageMaker and S3 models accept (uploads, create, polls, stop)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-tune-model-" });
  const s3 = await startLocalS3(["ade-bucket"]);
  const client = new SageMakerClient({ region: "us-east-1" });
  const sagemaker = mockClient(client);
  try {
    const sentToS3 = recordSentCommands(s3.client);
    sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({
      HyperParameterTuningJobArn:
        "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/ade-seed-tune",
    });
    sagemaker.on(DescribeHyperParameterTuningJobCommand)
      .resolvesOnce({ HyperParameterTuningJobStatus: "InProgress" })
      .resolves({ HyperParameterTuningJobStatus: "Stopped" });
    sagemaker.on(ListTrainingJobsForHyperParameterTuningJobCommand).resolves({
      TrainingJobSummaries: [],
    });
    sagemaker.on(StopHyperParameterTuningJobCommand).resolves({});
    const controller = new AbortController();
    controller.abort();
    await runTuningStudy({
      trainPath: await writeTinyTrainFile(dir),
      outDir: `${dir}/tune`,
      space: seedSpace(),
      strategy: "hyperband",
      maxTrials: 4,
      parallel: 2,
      seed: 42,
      runId: "run-7",
      quiet: true,
      signal: controller.signal,
      executor: createSageMakerExecutor({
        jobName: "ade-seed-tune",
        roleArn: ROLE,
        bucket: "ade-bucket",
        kmsKeyId: KMS,
        region: "us-east-1",
        trainingDir: new URL("./fixtures/training", import.meta.url).pathname,
        modelsS3Uri: "s3://ade-bucket/ade/models/",
        sagemaker: client,
        s3: s3.client,
        pollSeconds: 0.01,
      }),
    });
    const calls = [...sentToS3, ...mockedCalls(sagemaker)];
    const operations = new Set(calls.map((call) => call.operation));
    for (
      const operation of [
        "PutObject",
        "CreateHyperParameterTuningJob",
        "StopHyperParameterTuningJob",
        "DescribeHyperParameterTuningJob",
        "ListTrainingJobsForHyperParameterTuningJob",
      ]
    ) {
      assert.ok(operations.has(operation), `${operation} was sent`);
    }
    assertServiceModelAccepts(await validateRequests(calls, "tuning run"), "tuning run");
  } finally {
    sagemaker.restore();
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});
