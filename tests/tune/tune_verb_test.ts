import assert from "node:assert/strict";
import { exists, PreflightError, UsageError } from "../../lib/core/mod.ts";
import { run } from "../../lib/cli/verbs/tune.ts";
import { writeTinyTrainFile } from "./_fixtures.ts";

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

async function withTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ade-tune-verb-" });
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function sagemakerArgs(dir: string, trainPath: string): string[] {
  return [
    "--train",
    trainPath,
    "--out",
    `${dir}/out`,
    "--backend",
    "sagemaker",
    "--job-name",
    "ade-seed-tune",
    "--role-arn",
    "arn:aws:iam::123456789012:role/ade",
    "--bucket",
    "ade-bucket",
    "--kms-key-id",
    KMS,
    "--models-s3-uri",
    "s3://ade-bucket/ade/models/",
    "--dry-run",
    "--run-id",
    "verb-test",
    "--store",
    `${dir}/ade.sqlite`,
    "--quiet",
  ];
}

Deno.test("ade tune --backend sagemaker --dry-run: the study's seed space passes preflight against training/train.py, and nothing is recorded", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const log = console.log, error = console.error;
    console.log = () => {};
    console.error = () => {};
    try {
      assert.equal(await run(sagemakerArgs(dir, trainPath)), 0);
    } finally {
      console.log = log;
      console.error = error;
    }
    const files = [...Deno.readDirSync(`${dir}/out/requests`)].map((e) => e.name).sort();
    assert.deepEqual(files, [
      "01-PutObject.json",
      "02-PutObject.json",
      "03-PutObject.json",
      "04-CreateHyperParameterTuningJob.json",
    ]);
    assert.equal(await exists(`${dir}/ade.sqlite`), false, "a plan records nothing");
  });
});

Deno.test("ade tune refuses a misspelt train-batch-size with a clear message on both backends", async () => {
  await withTempDir(async (dir) => {
    const trainPath = await writeTinyTrainFile(dir);
    const spacePath = `${dir}/space.json`;
    await Deno.writeTextFile(
      spacePath,
      JSON.stringify({
        parameters: [
          { name: "learning_rate", type: "continuous", min: 5e-6, max: 5e-4 },
          { name: "train-batch-size", type: "categorical", values: [16, 32] },
        ],
        static: { epochs: 10 },
      }),
    );
    await assert.rejects(
      () => run([...sagemakerArgs(dir, trainPath), "--space", spacePath]),
      (e: unknown) =>
        e instanceof PreflightError &&
        /"train-batch-size" is not a flag of training\/train\.py .*did you mean "train_batch_size"\?/
          .test(e.message),
    );
    const localSpacePath = `${dir}/local.json`;
    await Deno.writeTextFile(
      localSpacePath,
      JSON.stringify({ parameters: [{ name: "word-ngram-max", type: "integer", min: 1, max: 3 }] }),
    );
    await assert.rejects(
      () =>
        run([
          "--train",
          trainPath,
          "--out",
          `${dir}/local`,
          "--space",
          localSpacePath,
          "--store",
          `${dir}/ade.sqlite`,
          "--quiet",
        ]),
      (e: unknown) => e instanceof UsageError && /did you mean "word_ngram_max"/.test(e.message),
    );
  });
});

Deno.test("ade tune rejects unknown strategies and SageMaker flags without the backend", async () => {
  await assert.rejects(
    () => run(["--train", "x", "--out", "y", "--strategy", "genetic"]),
    /--strategy must be/,
  );
  await assert.rejects(
    () => run(["--train", "x", "--out", "y", "--bucket", "b"]),
    /--bucket needs --backend sagemaker/,
  );
});
