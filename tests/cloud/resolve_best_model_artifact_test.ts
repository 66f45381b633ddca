/**
 * The best model of a tuning job: resolveBestModelArtifact() against SageMaker as a state machine, the dry
 * run's labelled stand-in, and `ade deploy --from-tuning-job`.
 */
import assert from "node:assert/strict";
import { CreateHyperParameterTuningJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import {
  buildDeploymentPlan,
  deferredBestModelArtifact,
  deployEndpoint,
  resolveBestModelArtifact,
} from "../../lib/cloud/mod.ts";
import { isDeferredArtifact } from "../../lib/cloud/resolve_best_model_artifact.ts";
import { run as deploy } from "../../lib/cli/verbs/deploy.ts";
import { AdeError, UsageError } from "../../lib/core/mod.ts";
import { mockedCalls } from "./_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "./_aws_service_model.ts";
import { BUCKET, KMS_KEY, quietly, REGION, ROLE_ARN } from "./_fixtures.ts";
import { FakeSageMaker, type TrainingJobScript } from "./_sagemaker_state_machine.ts";

const OUTPUT = `s3://${BUCKET}/ade/r1/tune/ade-r1/output/`;

/** A fake account with one tuning job `ade-r1` whose training jobs follow `jobs`. */
async function withTuningJob(
  jobs: TrainingJobScript[],
  work: (fake: FakeSageMaker, client: SageMakerClient) => Promise<void>,
  endpointStatuses?: string[],
): Promise<void> {
  const fake = new FakeSageMaker({ trainingJobs: jobs, endpointStatuses });
  const client = new SageMakerClient({ region: REGION });
  try {
    await client.send(
      new CreateHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: "ade-r1",
        HyperParameterTuningJobConfig: {
          Strategy: "Random",
          ResourceLimits: { MaxParallelTrainingJobs: 2, MaxNumberOfTrainingJobs: jobs.length },
        },
        TrainingJobDefinition: {
          RoleArn: ROLE_ARN,
          OutputDataConfig: { S3OutputPath: OUTPUT },
          ResourceConfig: { InstanceType: "ml.g5.2xlarge", InstanceCount: 1, VolumeSizeInGB: 50 },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          AlgorithmSpecification: { TrainingInputMode: "File", TrainingImage: "image" },
        },
      }),
    );
    await work(fake, client);
  } finally {
    fake.restore();
  }
}

Deno.test("resolveBestModelArtifact() follows BestTrainingJob to DescribeTrainingJob's model.tar.gz", async () => {
  await withTuningJob([
    { statuses: ["Completed"], f1: 0.81 },
    { statuses: ["Failed"], failureReason: "AlgorithmError" },
    { statuses: ["Completed"], f1: 0.86 },
  ], async (fake, client) => {
    const best = await resolveBestModelArtifact(client, "ade-r1");
    assert.deepEqual(best, {
      tuningJobName: "ade-r1",
      tuningJobStatus: "Completed",
      trainingJobName: "ade-r1-003-1a2b3c02",
      objective: { name: "f1", value: 0.86 },
      s3Uri: `${OUTPUT}ade-r1-003-1a2b3c02/output/model.tar.gz`,
    });
    const calls = mockedCalls(fake.sagemaker);
    assert.deepEqual(calls.map((c) => c.operation).slice(1), [
      "DescribeHyperParameterTuningJob",
      "DescribeTrainingJob",
    ]);
    assertServiceModelAccepts(await validateRequests(calls.slice(1), "resolve"), "resolve");
  });
});

Deno.test("resolveBestModelArtifact() refuses a running tuning job and one without a completed training job", async () => {
  await withTuningJob(
    [{ statuses: ["InProgress", "Completed"], f1: 0.8 }],
    async (_fake, client) => {
      await assert.rejects(
        () => resolveBestModelArtifact(client, "ade-r1"),
        (error: unknown) => error instanceof AdeError && /still InProgress/.test(error.message),
      );
      // One Describe later the job has completed.
      assert.equal((await resolveBestModelArtifact(client, "ade-r1")).objective?.value, 0.8);
    },
  );
  await withTuningJob([{ statuses: ["Failed"] }, { statuses: ["Failed"] }], async (_f, client) => {
    await assert.rejects(
      () => resolveBestModelArtifact(client, "ade-r1"),
      (error: unknown) =>
        error instanceof AdeError &&
        /ade-r1 \(Failed\) has no best training job: 0 completed, 2 failed/.test(error.message),
    );
  });
});

Deno.test("deferredBestModelArtifact() is a labelled stand-in that deployEndpoint() refuses to send", async () => {
  const deferred = deferredBestModelArtifact("ade-r1", OUTPUT);
  assert.equal(
    deferred.standIn,
    `${OUTPUT}DEFERRED-best-training-job-of-ade-r1/output/model.tar.gz`,
  );
  assert.ok(isDeferredArtifact(deferred.standIn));
  assert.ok(isDeferredArtifact(deferredBestModelArtifact("ade-r1").standIn));
  assert.ok(!isDeferredArtifact(`${OUTPUT}ade-r1-001-1a2b3c00/output/model.tar.gz`));
  const plan = await buildDeploymentPlan({
    modelSource: deferred.standIn,
    endpointName: "ade-ep-r1",
    roleArn: ROLE_ARN,
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    runId: "r1",
    region: REGION,
  });
  assertServiceModelAccepts(await validateRequests(plan.requests, "deferred"), "deferred plan");
  const fake = new FakeSageMaker();
  try {
    await assert.rejects(
      () => deployEndpoint(plan, { sagemaker: new SageMakerClient({ region: REGION }) }),
      (error: unknown) => error instanceof AdeError && /DEFERRED stand-in/.test(error.message),
    );
    assert.equal(fake.sagemaker.calls().length, 0);
  } finally {
    fake.restore();
  }
});

Deno.test("ade deploy --from-tuning-job deploys the best training job's model (a labelled stand-in with --dry-run)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-deploy-best-" });
  const common = [
    "--from-tuning-job=ade-r1",
    "--endpoint-name=ade-ep-r1",
    `--role-arn=${ROLE_ARN}`,
    `--bucket=${BUCKET}`,
    `--kms-key-id=${KMS_KEY}`,
    `--region=${REGION}`,
    `--store=${dir}/ade.sqlite`,
    "--run-id=r1",
  ];
  try {
    await withTuningJob([{ statuses: ["Completed"], f1: 0.83 }], async (fake) => {
      assert.equal(await quietly(() => deploy([...common, "--dry-run", `--out=${dir}/plan`])), 0);
      const model = JSON.parse(await Deno.readTextFile(`${dir}/plan/requests/01-CreateModel.json`));
      assert.ok(isDeferredArtifact(model.PrimaryContainer.ModelDataUrl));
      assert.equal(fake.sagemaker.calls().length, 1, "a dry run sends nothing (only the setup)");

      assert.equal(await quietly(() => deploy(common)), 0);
      const created = fake.models.get("ade-ep-r1-model")!;
      assert.equal(
        created.PrimaryContainer!.ModelDataUrl,
        `${OUTPUT}ade-r1-001-1a2b3c00/output/model.tar.gz`,
      );
      assert.deepEqual(fake.snapshot().endpoints, [{ name: "ade-ep-r1", status: "InService" }]);
      const calls = mockedCalls(fake.sagemaker).slice(1);
      assertServiceModelAccepts(
        await validateRequests(calls, "deploy"),
        "deploy --from-tuning-job",
      );
    }, ["InService"]);
    await assert.rejects(
      deploy([...common, "--model=s3://b/m.tar.gz", "--dry-run"]),
      (error: unknown) =>
        error instanceof UsageError && /--model or --from-tuning-job/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
