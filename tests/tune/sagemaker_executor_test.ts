import assert from "node:assert/strict";
import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  type HyperParameterTrainingJobSummary,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { PreflightError, sha256File } from "../../lib/core/mod.ts";
import type { RunResource } from "../../lib/track/mod.ts";
import {
  buildCreateHyperParameterTuningJobRequest,
  createSageMakerExecutor,
  readTrials,
  runTuningStudy,
  type SageMakerExecutorOptions,
  seedSpace,
  type TuningStudyOptions,
} from "../../lib/tune/mod.ts";
import { trialsFromTrainingJobs } from "../../lib/tune/_sagemaker_trials.ts";
import { FakeSageMaker } from "../cloud/_sagemaker_state_machine.ts";
import { startLocalS3, writeTinyTrainFile } from "./_fixtures.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TRAINING_DIR = new URL("./fixtures/training", import.meta.url).pathname;

async function withTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ade-tune-sm-" });
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

type SageMakerStudyOptions = TuningStudyOptions & SageMakerExecutorOptions;

/** A study on the SageMaker executor, with the executor's options given alongside the study's. */
function sagemakerStudy(
  options: SageMakerStudyOptions,
  run: Partial<SageMakerExecutorOptions> & Pick<TuningStudyOptions, "hooks" | "quiet"> = {},
) {
  const { trainPath, outDir, space, strategy, maxTrials, parallel, seed, runId, ...settings } =
    options;
  const { hooks, quiet, ...follow } = run;
  const executor = createSageMakerExecutor({ ...settings, ...follow });
  const study = { trainPath, outDir, space, strategy, maxTrials, parallel, seed, runId };
  return runTuningStudy({ ...study, executor, hooks, quiet });
}

/** The tuning-job request among the requests a study sent or planned. */
function tuningJobInput(result: { requests: Array<{ operation: string; input: unknown }> }) {
  return result.requests.find((r) => r.operation === "CreateHyperParameterTuningJob")!.input;
}

function tuningOptions(dir: string, trainPath: string): SageMakerStudyOptions {
  return {
    trainPath,
    outDir: `${dir}/tune`,
    space: seedSpace(),
    strategy: "bayesian",
    maxTrials: 4,
    parallel: 2,
    seed: 42,
    jobName: "ade-seed-tune",
    roleArn: "arn:aws:iam::123456789012:role/ade",
    bucket: "ade-bucket",
    kmsKeyId: KMS,
    region: "us-east-1",
    runId: "run-7",
    trainingDir: TRAINING_DIR,
    modelsS3Uri: "s3://ade-bucket/ade/models/",
  };
}

Deno.test("runTuningStudy() on the SageMaker executor dry run writes every request, bodies described, sends nothing and tells its hooks nothing", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const sagemaker = mockClient(SageMakerClient);
    const told: string[] = [];
    try {
      const result = await sagemakerStudy(tuningOptions(dir, trainPath), {
        dryRun: true,
        sagemaker: new SageMakerClient({ region: "us-east-1" }),
        hooks: {
          started: () => void told.push("started"),
          resourceCreated: () => told.push("resource"),
          finished: () => told.push("finished"),
        },
      });
      assert.equal(sagemaker.calls().length, 0);
      assert.deepEqual(told, []);
      const names = result.requestFiles.map((p) => p.slice(p.lastIndexOf("/") + 1));
      assert.deepEqual(names, [
        "01-PutObject.json",
        "02-PutObject.json",
        "03-PutObject.json",
        "04-CreateHyperParameterTuningJob.json",
      ]);
      const put = JSON.parse(await Deno.readTextFile(result.requestFiles[0]));
      assert.equal(put.ServerSideEncryption, "aws:kms");
      assert.equal(put.SSEKMSKeyId, KMS);
      assert.equal(put.Key, "ade/run-7/tune/ade-seed-tune/data/train/train.jsonl");
      assert.equal(put.Body.__file, `${dir}/tune/folds/train.jsonl`);
      assert.equal(put.Body.sha256, await sha256File(`${dir}/tune/folds/train.jsonl`));
      const source = JSON.parse(await Deno.readTextFile(result.requestFiles[2]));
      assert.equal(source.Key, "ade/run-7/tune/ade-seed-tune/source/sourcedir.tar.gz");
      const create = JSON.parse(await Deno.readTextFile(result.requestFiles[3]));
      assert.deepEqual(create, JSON.parse(JSON.stringify(tuningJobInput(result))));
      assert.equal(
        create.TrainingJobDefinition.StaticHyperParameters.sagemaker_submit_directory,
        '"/opt/ml/input/data/code/sourcedir.tar.gz"',
      );
      const code = create.TrainingJobDefinition.InputDataConfig.find(
        (channel: { ChannelName: string }) => channel.ChannelName === "code",
      );
      assert.equal(
        code.DataSource.S3DataSource.S3Uri,
        "s3://ade-bucket/ade/run-7/tune/ade-seed-tune/source/sourcedir.tar.gz",
      );
    } finally {
      sagemaker.restore();
    }
  });
});

Deno.test("runTuningStudy() on the SageMaker executor refuses a misspelt hyperparameter before writing or sending anything", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const options = tuningOptions(dir, trainPath);
    options.space = {
      ...seedSpace(),
      parameters: seedSpace().parameters.map((p) =>
        p.name === "train_batch_size" ? { ...p, name: "train-batch-size" } : p
      ),
    };
    await assert.rejects(
      () => sagemakerStudy(options, { dryRun: true }),
      (error: unknown) =>
        error instanceof PreflightError &&
        /CategoricalParameterRanges\[1\]\.Name: "train-batch-size" is not a flag of .*train\.py.*did you mean "train_batch_size"/
          .test(error.message),
    );
    await assert.rejects(() => Deno.stat(`${dir}/tune/requests`));
  });
});

Deno.test("runTuningStudy() on the SageMaker executor uploads with SSE-KMS, creates the job and polls it into the trials table", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const s3 = await startLocalS3(["ade-bucket"]);
    const client = new SageMakerClient({ region: "us-east-1" });
    const sagemaker = mockClient(client);
    try {
      const start = new Date("2026-01-01T00:00:00Z");
      const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({
        HyperParameterTuningJobArn:
          "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/ade-seed-tune",
      });
      sagemaker.on(DescribeHyperParameterTuningJobCommand)
        .resolvesOnce({ HyperParameterTuningJobStatus: "InProgress" })
        .resolves({ HyperParameterTuningJobStatus: "Completed" });
      const jobs: HyperParameterTrainingJobSummary[] = [
        {
          TrainingJobName: "ade-seed-tune-002-0a1b2c3d",
          TrainingJobArn:
            "arn:aws:sagemaker:us-east-1:123456789012:training-job/ade-seed-tune-002-0a1b2c3d",
          TrainingJobStatus: "Failed" as const,
          CreationTime: at(1),
          TrainingStartTime: at(10),
          TrainingEndTime: at(70),
          TunedHyperParameters: {
            learning_rate: "0.0001",
            model_name: '"dmis-lab/biobert-base-cased-v1.2"',
          },
          FailureReason: "AlgorithmError: CUDA out of memory",
        },
        {
          TrainingJobName: "ade-seed-tune-001-9f8e7d6c",
          TrainingJobArn:
            "arn:aws:sagemaker:us-east-1:123456789012:training-job/ade-seed-tune-001-9f8e7d6c",
          TrainingJobStatus: "Completed" as const,
          CreationTime: at(0),
          TrainingStartTime: at(10),
          TrainingEndTime: at(130),
          TunedHyperParameters: { learning_rate: "0.00003", train_batch_size: '"32"' },
          FinalHyperParameterTuningJobObjectiveMetric: { MetricName: "f1", Value: 0.81 },
        },
        {
          TrainingJobName: "ade-seed-tune-003-11112222",
          TrainingJobArn:
            "arn:aws:sagemaker:us-east-1:123456789012:training-job/ade-seed-tune-003-11112222",
          TrainingJobStatus: "InProgress" as const,
          CreationTime: at(2),
          TunedHyperParameters: { learning_rate: "0.0002" },
        },
      ];
      sagemaker.on(ListTrainingJobsForHyperParameterTuningJobCommand).resolves({
        TrainingJobSummaries: jobs,
      });
      const resources: RunResource[] = [];
      const ends: string[] = [];
      const result = await sagemakerStudy(tuningOptions(dir, trainPath), {
        sagemaker: client,
        s3: s3.client,
        pollSeconds: 0.01,
        hooks: {
          resourceCreated: (resource) => resources.push(resource),
          trialFinished: () => ends.push("trial"),
          finished: ({ status, trials }) => ends.push(`${status} ${trials.length}`),
        },
        quiet: true,
      });
      // Uploads: three PUTs, each asking for SSE-KMS with the key (s3rver does not enforce KMS).
      const puts = s3.sent.filter((r) => r.method === "PUT");
      assert.equal(puts.length, 3);
      for (const put of puts) {
        assert.equal(put.headers["x-amz-server-side-encryption"], "aws:kms");
        assert.equal(put.headers["x-amz-server-side-encryption-aws-kms-key-id"], KMS);
      }
      const create = sagemaker.commandCalls(CreateHyperParameterTuningJobCommand);
      assert.equal(create.length, 1);
      assert.deepEqual(create[0].args[0].input, tuningJobInput(result));
      assert.equal(sagemaker.commandCalls(DescribeHyperParameterTuningJobCommand).length, 2);
      assert.equal(result.status, "Completed");
      const trials = await readTrials(`${dir}/tune/trials.jsonl`);
      assert.deepEqual(trials, [
        {
          trial: 1,
          params: { learning_rate: 0.00003, train_batch_size: 32 },
          status: "Completed",
          objective: 0.81,
          seconds: 120,
          training_job: "ade-seed-tune-001-9f8e7d6c",
        },
        {
          trial: 2,
          params: { learning_rate: 0.0001, model_name: "dmis-lab/biobert-base-cased-v1.2" },
          status: "Failed",
          objective: null,
          seconds: 60,
          training_job: "ade-seed-tune-002-0a1b2c3d",
          error: "AlgorithmError: CUDA out of memory",
        },
      ]);
      assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/tune/best.json`)), {
        trial: 1,
        params: { learning_rate: 0.00003, train_batch_size: 32 },
        objective: 0.81,
      });
      // The hooks heard the prefix and the job as they were created, and the end; SageMaker's trials
      // are its own (no trialFinished).
      assert.deepEqual(resources.map((r) => r.type), ["s3-prefix", "tuning-job"]);
      const job = resources.find((r) => r.type === "tuning-job")!;
      assert.equal(job.name, "ade-seed-tune");
      assert.equal(job.instanceType, "ml.g5.2xlarge");
      assert.deepEqual(ends, ["completed 2"]);
    } finally {
      sagemaker.restore();
      await s3.close();
    }
  });
});

Deno.test("trialsFromTrainingJobs() skips running jobs and numbers trials from job names", () => {
  const trials = trialsFromTrainingJobs([
    {
      TrainingJobName: "x-005-abcdef01",
      TrainingJobStatus: "Stopped",
      CreationTime: new Date(5),
      TunedHyperParameters: {},
      TrainingJobArn: "a",
    },
    {
      TrainingJobName: "x-006-abcdef02",
      TrainingJobStatus: "Stopping",
      CreationTime: new Date(6),
      TunedHyperParameters: {},
      TrainingJobArn: "b",
    },
  ]);
  assert.deepEqual(trials.map((t) => [t.trial, t.status]), [[5, "Stopped"]]);
});

Deno.test("runTuningStudy() on the SageMaker executor warm-starts as TransferLearning from parents that match, and refuses one that does not before uploading", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const s3 = await startLocalS3(["ade-bucket"]);
    const client = new SageMakerClient({ region: "us-east-1" });
    const fake = new FakeSageMaker({ trainingJobs: [{ statuses: ["Completed"], f1: 0.8 }] }, {
      sagemaker: client,
    });
    try {
      const base = tuningOptions(dir, trainPath);
      const parentRequest = (space: typeof base.space, jobName: string) =>
        buildCreateHyperParameterTuningJobRequest({
          jobName,
          space,
          strategy: "bayesian",
          maxTrials: 4,
          parallel: 2,
          roleArn: base.roleArn,
          kmsKeyId: KMS,
          region: "us-east-1",
          runId: "run-parent",
          trainS3Uri: "s3://ade-bucket/ade/run-parent/t/",
          validationS3Uri: "s3://ade-bucket/ade/run-parent/v/",
          sourceS3Uri: "s3://ade-bucket/ade/run-parent/s/sourcedir.tar.gz",
          outputS3Uri: "s3://ade-bucket/ade/run-parent/o/",
          modelsS3Uri: "s3://ade-bucket/ade/models/",
          seed: 1,
        }).input;
      await client.send(
        new CreateHyperParameterTuningJobCommand(parentRequest(seedSpace(), "ade-parent-same")),
      );
      const smaller = {
        ...seedSpace(),
        parameters: seedSpace().parameters.filter((p) => p.name !== "max_seq_length"),
      };
      await client.send(
        new CreateHyperParameterTuningJobCommand(parentRequest(smaller, "ade-parent-other")),
      );
      await assert.rejects(
        () =>
          sagemakerStudy({ ...base, warmStartParents: ["ade-parent-other"] }, {
            sagemaker: client,
            s3: s3.client,
            pollSeconds: 0.001,
            quiet: true,
          }),
        (error: unknown) =>
          error instanceof PreflightError &&
          /parent ade-parent-other has 6 static \+ tunable hyperparameters, this job 7/
            .test(error.message),
      );
      assert.equal(s3.sent.length, 0, "nothing uploaded");
      const result = await sagemakerStudy({ ...base, warmStartParents: ["ade-parent-same"] }, {
        sagemaker: client,
        s3: s3.client,
        pollSeconds: 0.001,
        quiet: true,
      });
      assert.equal(result.status, "Completed");
      const created = fake.tuningJobs.get("ade-seed-tune")!.input;
      assert.deepEqual(created.WarmStartConfig, {
        ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: "ade-parent-same" }],
        WarmStartType: "TransferLearning",
      });
    } finally {
      fake.restore();
      await s3.close();
    }
  });
});
