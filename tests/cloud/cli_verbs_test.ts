import assert from "node:assert/strict";
import { run as cleanup } from "../../lib/cli/verbs/cleanup.ts";
import { run as deploy } from "../../lib/cli/verbs/deploy.ts";
import { run as generator } from "../../lib/cli/verbs/generator.ts";
import { run as predict } from "../../lib/cli/verbs/predict.ts";
import { PreflightError, UsageError } from "../../lib/core/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { BUCKET, KMS_KEY, quietly, ROLE_ARN } from "./_fixtures.ts";

async function readRequests(
  dir: string,
): Promise<Array<{ file: string; input: Record<string, unknown> }>> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) files.push(entry.name);
  files.sort();
  return await Promise.all(
    files.map(async (file) => ({
      file,
      input: JSON.parse(await Deno.readTextFile(`${dir}/${file}`)),
    })),
  );
}

Deno.test("ade deploy --dry-run writes NN-<Operation>.json with KMS and tags, and records the run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const code = await quietly(() =>
      deploy([
        "--model=s3://ade-test-bucket/ade/r1/train/output/model.tar.gz",
        "--backend=sagemaker",
        "--endpoint-name=ade-r1",
        `--role-arn=${ROLE_ARN}`,
        `--bucket=${BUCKET}`,
        `--kms-key-id=${KMS_KEY}`,
        "--dry-run",
        `--out=${dir}/deploy`,
        `--store=${dir}/ade.sqlite`,
        "--run-id=r1",
      ])
    );
    assert.equal(code, 0);
    const requests = await readRequests(`${dir}/deploy/requests`);
    assert.deepEqual(requests.map((r) => r.file), [
      "01-CreateModel.json",
      "02-CreateEndpointConfig.json",
      "03-CreateEndpoint.json",
    ]);
    assert.equal(requests[1].input.KmsKeyId, KMS_KEY);
    for (const request of requests) {
      assert.ok(JSON.stringify(request.input.Tags).includes('"Value":"r1"'));
    }
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    const [run] = store.listRuns({ runId: "r1", kind: "deploy" });
    assert.equal(run.status, "completed");
    assert.deepEqual(run.resources, [], "a dry run creates nothing");
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade deploy refuses --instance-type with --serverless, another backend, and preflight failures", async () => {
  const common = [
    `--role-arn=${ROLE_ARN}`,
    `--bucket=${BUCKET}`,
    `--kms-key-id=${KMS_KEY}`,
    "--dry-run",
  ];
  await assert.rejects(
    deploy([
      "--model=s3://b/m.tar.gz",
      "--endpoint-name=e",
      "--serverless",
      "--instance-type=ml.m5.large",
      ...common,
    ]),
    UsageError,
  );
  await assert.rejects(
    deploy(["--model=x", "--endpoint-name=e", "--backend=local", ...common]),
    UsageError,
  );
  await assert.rejects(
    quietly(() => deploy(["--model=s3://b/m.tar.gz", "--endpoint-name=bad_name", ...common])),
    PreflightError,
  );
});

Deno.test("ade predict --backend sagemaker --dry-run --plan-out DIR writes the Batch Transform requests and records the run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const code = await quietly(() =>
      predict([
        "--backend=sagemaker",
        `--model=s3://${BUCKET}/ade/r0/train/output/model.tar.gz`,
        `--in=s3://${BUCKET}/ade/inbox/sentences.jsonl`,
        `--out=s3://${BUCKET}/ade/r1/scored/`,
        `--role-arn=${ROLE_ARN}`,
        `--bucket=${BUCKET}`,
        `--kms-key-id=${KMS_KEY}`,
        "--instance-type=ml.c5.xlarge",
        "--dry-run",
        `--plan-out=${dir}/plan`,
        `--store=${dir}/ade.sqlite`,
        "--run-id=r1",
      ])
    );
    assert.equal(code, 0);
    const requests = await readRequests(`${dir}/plan/requests`);
    assert.deepEqual(requests.map((r) => r.file), [
      "01-CreateModel.json",
      "02-CreateTransformJob.json",
    ]);
    const job = requests[1].input as {
      TransformInput: { SplitType: string; ContentType: string };
      TransformOutput: { KmsKeyId: string };
      TransformResources: { InstanceType: string; VolumeKmsKeyId: string };
    };
    assert.equal(job.TransformInput.SplitType, "Line");
    assert.equal(job.TransformInput.ContentType, "application/jsonlines");
    assert.equal(job.TransformOutput.KmsKeyId, KMS_KEY);
    assert.deepEqual(job.TransformResources.InstanceType, "ml.c5.xlarge");
    assert.equal(job.TransformResources.VolumeKmsKeyId, KMS_KEY);
    assert.equal(requests[0].input.EnableNetworkIsolation, true);
    for (const request of requests) {
      assert.ok(JSON.stringify(request.input.Tags).includes('"Value":"r1"'));
    }
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    const [run] = store.listRuns({ runId: "r1", kind: "predict" });
    assert.equal(run.status, "completed");
    assert.equal(run.params.backend, "sagemaker");
    assert.deepEqual(run.resources, [], "a dry run creates nothing");
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade predict refuses SageMaker flags without --backend sagemaker, --text with it, and preflight failures", async () => {
  const aws = [`--role-arn=${ROLE_ARN}`, `--bucket=${BUCKET}`, `--kms-key-id=${KMS_KEY}`];
  await assert.rejects(
    predict(["--model=m", "--in=a.jsonl", "--out=b.jsonl", ...aws]),
    (error: Error) =>
      error instanceof UsageError && /--role-arn needs --backend sagemaker/.test(error.message),
  );
  await assert.rejects(
    predict(["--backend=sagemaker", "--model=m", "--text=x", ...aws]),
    (error: Error) =>
      error instanceof UsageError && /--text is not for --backend sagemaker/.test(error.message),
  );
  await assert.rejects(
    predict(["--backend=cloud", "--model=m"]),
    (error: Error) =>
      error instanceof UsageError && /--backend must be local or sagemaker/.test(error.message),
  );
  await assert.rejects(
    quietly(() =>
      predict([
        "--backend=sagemaker",
        "--model=ade-ep-r1-model",
        "--in=s3://elsewhere/data.jsonl",
        `--out=s3://${BUCKET}/ade/r1/scored/`,
        ...aws,
        "--dry-run",
        "--run-id=r1",
        "--store=/nonexistent-dir/never-opened.sqlite",
      ])
    ),
    (error: Error) => error instanceof PreflightError && /inputUri/.test(error.message),
  );
});

Deno.test("ade generator up --dry-run for both Falcon sizes passes preflight and writes tagged requests", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const [model, instanceType] of [
        ["tiiuae/falcon-7b-instruct", "ml.g5.2xlarge"],
        ["tiiuae/falcon-40b-instruct", "ml.g5.12xlarge"],
      ]
    ) {
      const out = `${dir}/${model.split("/")[1]}`;
      const code = await quietly(() =>
        generator([
          "up",
          `--model=${model}`,
          "--endpoint-name=ade-falcon",
          `--role-arn=${ROLE_ARN}`,
          `--bucket=${BUCKET}`,
          `--kms-key-id=${KMS_KEY}`,
          "--dry-run",
          `--out=${out}`,
          `--store=${dir}/ade.sqlite`,
          "--run-id=r1",
        ])
      );
      assert.equal(code, 0);
      const requests = await readRequests(`${out}/requests`);
      assert.equal(requests.length, 3);
      const variant = (requests[1].input.ProductionVariants as Array<Record<string, unknown>>)[0];
      assert.equal(variant.InstanceType, instanceType);
      for (const request of requests) {
        assert.ok(JSON.stringify(request.input.Tags).includes('"Value":"r1"'));
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade generator needs up or down; ade cleanup needs a run id or an age", async () => {
  await assert.rejects(generator(["sideways"]), UsageError);
  await assert.rejects(cleanup(["--store=/nonexistent/x.sqlite", "--backend=cloud"]), UsageError);
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(cleanup([`--store=${dir}/ade.sqlite`]), /--run-id/);
    assert.equal(await quietly(() => cleanup(["--help"])), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade cleanup --backend local removes the run's folder and exits 0", async () => {
  const dir = await Deno.makeTempDir();
  const cwd = Deno.cwd();
  try {
    Deno.chdir(dir); // the default allowed folder is ./runs
    await Deno.mkdir(`${dir}/runs/r1/model`, { recursive: true });
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    const recordId = store.startRun({ kind: "train", runId: "r1" });
    store.addResource(recordId, { type: "local-dir", name: "runs/r1" });
    store.finishRun(recordId, { status: "completed" });
    store.close();
    const code = await quietly(() =>
      cleanup(["--run-id=r1", "--backend=local", `--store=${dir}/ade.sqlite`])
    );
    assert.equal(code, 0);
    assert.equal(await Deno.stat(`${dir}/runs/r1`).then(() => true, () => false), false);
    assert.equal(
      (await Deno.stat(`${dir}/runs`)).isDirectory,
      true,
      "the runs folder itself stays",
    );
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});
