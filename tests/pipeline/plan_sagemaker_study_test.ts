import assert from "node:assert/strict";
import { PreflightError } from "../../lib/core/errors.ts";
import { RUN_TAG_KEY } from "../../lib/cloud/mod.ts";
import { resolveConfig } from "../../lib/pipeline/config.ts";
import { planSageMakerStudy } from "../../lib/pipeline/plan_sagemaker_study.ts";
import { writeSubsetCorpus } from "./_subset_corpus.ts";

type Json = Record<string, unknown>;

async function readRequest(path: string): Promise<Json> {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("planSageMakerStudy() writes every request of the flow in order, tagged and KMS-encrypted, with a cost", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-plan-" });
  try {
    const corpus = await writeSubsetCorpus(dir, 150);
    const config = resolveConfig(
      { data: { source: corpus }, augment: { generator: "sagemaker" } },
      "test config",
    );
    const plan = await planSageMakerStudy({
      config,
      outDir: `${dir}/plan`,
      runId: "study-test-1",
      log: () => {},
      quiet: true,
    });
    const names = plan.requestFiles.map((file) =>
      file.split("/").pop()!.replace(/^\d\d-|\.json$/g, "")
    );
    const order = (operation: string) => names.indexOf(operation);
    for (
      const operation of [
        "PutObject",
        "CreateHyperParameterTuningJob",
        "CreateModel",
        "CreateEndpointConfig",
        "CreateEndpoint",
        "DeleteEndpoint",
        "DeleteModel",
        "DeleteObjects",
      ]
    ) {
      assert.ok(order(operation) >= 0, `${operation} is planned`);
    }
    assert.ok(
      order("CreateHyperParameterTuningJob") > order("PutObject"),
      "uploads before the tuning job",
    );
    assert.ok(
      order("DeleteEndpoint") < order("DeleteEndpointConfig"),
      "cleanup in dependency order",
    );
    assert.ok(order("DeleteEndpointConfig") < names.lastIndexOf("DeleteModel"));
    assert.equal(
      names.filter((n) => n === "CreateEndpoint").length,
      2,
      "classifier and generator endpoints",
    );
    plan.requestFiles.forEach((file, i) =>
      assert.ok(file.endsWith(`/${String(i + 1).padStart(2, "0")}-${names[i]}.json`))
    );

    for (const file of plan.requestFiles) {
      const request = await readRequest(file);
      const operation = file.split("/").pop()!;
      if (operation.includes("-Create")) {
        const tags = request.Tags as Array<{ Key: string; Value: string }>;
        assert.ok(
          tags.some((t) => t.Key === RUN_TAG_KEY && t.Value === "study-test-1"),
          `${operation} carries the run tag`,
        );
      }
      if (operation.includes("-PutObject")) {
        assert.equal(request.ServerSideEncryption, "aws:kms");
        assert.equal(request.SSEKMSKeyId, config.sagemaker.kms_key_id);
      }
    }
    const tuning = await readRequest(
      plan.requestFiles[names.indexOf("CreateHyperParameterTuningJob")],
    );
    const definition = tuning.TrainingJobDefinition as Json;
    assert.equal((definition.OutputDataConfig as Json).KmsKeyId, config.sagemaker.kms_key_id);
    assert.equal(definition.EnableNetworkIsolation, true);
    assert.equal(definition.EnableInterContainerTrafficEncryption, true);
    assert.ok((tuning.HyperParameterTuningJobName as string).length <= 32);

    assert.ok(plan.totalCostUsd > 0);
    assert.ok(plan.cost.some((line) => line.item.startsWith("generator endpoint")));
    assert.match(plan.costLabel, /estimate/);
    const written = JSON.parse(await Deno.readTextFile(`${dir}/plan/plan.json`));
    assert.equal(written.requests.length, plan.requests.length);
    assert.equal(written.cost_estimate.total_usd, plan.totalCostUsd);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planSageMakerStudy() refuses a plan that breaks a SageMaker rule and writes no requests", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-plan-bad-" });
  try {
    const corpus = await writeSubsetCorpus(dir, 150);
    const config = resolveConfig({
      data: { source: corpus },
      sagemaker: { bucket: "Not_A_Bucket" },
    }, "test config");
    await assert.rejects(
      () => planSageMakerStudy({ config, outDir: `${dir}/plan`, log: () => {}, quiet: true }),
      (error: unknown) => error instanceof PreflightError && /bucket/i.test(error.message),
    );
    await assert.rejects(() => Deno.stat(`${dir}/plan/requests`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planSageMakerStudy() plans code and models channels, a lean bundle, one GPU and the best model as a labelled deferred reference", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-plan-channels-" });
  try {
    const corpus = await writeSubsetCorpus(dir, 150);
    const config = resolveConfig({ data: { source: corpus } }, "test config");
    const plan = await planSageMakerStudy({
      config,
      outDir: `${dir}/plan`,
      runId: "study-test-2",
      log: () => {},
      quiet: true,
    });
    const bucket = config.sagemaker.bucket;
    const prefix = `s3://${bucket}/ade/study-test-2/tune/${
      plan.requests.find((r) => r.operation === "CreateHyperParameterTuningJob")!.input
        .HyperParameterTuningJobName
    }/`;
    // Network isolation: code and weights come as channels; the empty config key means stage-model's default.
    assert.deepEqual(plan.channels.map((c) => [c.name, c.s3Uri]), [
      ["train", `${prefix}data/train/`],
      ["test", `${prefix}data/test/`],
      ["code", `${prefix}source/sourcedir.tar.gz`],
      ["models", `s3://${bucket}/ade/models/`],
    ]);
    const written = JSON.parse(await Deno.readTextFile(`${dir}/plan/plan.json`));
    assert.equal(
      written.tuning_job.code.sagemaker_submit_directory,
      "/opt/ml/input/data/code/sourcedir.tar.gz",
    );
    assert.deepEqual(written.tuning_job.code.members, ["__init__.py", "inference.py", "train.py"]);
    assert.ok(!plan.bundle.members.includes("requirements.txt"));
    // One GPU by default, and the plan says what a batch is.
    assert.equal(plan.training.instanceType, "ml.g5.2xlarge");
    assert.equal(plan.training.gpusPerInstance, 1);
    assert.deepEqual(plan.training.effectiveBatchSizes, plan.training.perDeviceBatchSizes);
    assert.deepEqual(written.tuning_job.training.effective_batch_sizes, [16, 32, 64, 128, 256]);
    assert.ok(
      plan.notes.some((n) => /^effective batch size: .* × 1 GPU .* × 1 accumulation/.test(n)),
    );
    // The model to deploy: a labelled stand-in in CreateModel, and how the run resolves it.
    const [deferred] = written.deferred;
    const createModel = await readRequest(`${dir}/plan/${deferred.request}`);
    assert.equal((createModel.PrimaryContainer as Json).ModelDataUrl, deferred.stand_in);
    assert.match(
      deferred.stand_in,
      /\/output\/DEFERRED-best-training-job-of-[^/]+\/output\/model\.tar\.gz$/,
    );
    assert.match(
      deferred.resolved_by.join(" "),
      /DescribeHyperParameterTuningJob.*DescribeTrainingJob/,
    );
    assert.ok(plan.requests.some((r) => r.operation === "DescribeHyperParameterTuningJob"));
    // Every staged location of the seed space's hub ids is listed.
    assert.equal(Object.keys(written.models.staged).length, 5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planSageMakerStudy() takes the models channel from sagemaker.models_s3_uri", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-plan-models-" });
  try {
    const corpus = await writeSubsetCorpus(dir, 150);
    const config = resolveConfig({
      data: { source: corpus },
      sagemaker: { models_s3_uri: "s3://shared-models-bucket/ade/models/" },
    }, "test config");
    const plan = await planSageMakerStudy({
      config,
      outDir: `${dir}/plan`,
      runId: "study-test-3",
      log: () => {},
      quiet: true,
    });
    assert.equal(
      plan.channels.find((c) => c.name === "models")?.s3Uri,
      "s3://shared-models-bucket/ade/models/",
    );
    assert.equal(
      plan.models.staged["dmis-lab/biobert-base-cased-v1.2"],
      "s3://shared-models-bucket/ade/models/dmis-lab/biobert-base-cased-v1.2/",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
