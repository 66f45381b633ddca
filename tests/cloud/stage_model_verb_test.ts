/** `deno task ade stage-model` and `deno task ade iam-policy` through the command line's entry point. */
import assert from "node:assert/strict";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { main } from "../../lib/cli/main.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { BUCKET, KMS_KEY, ROLE_ARN } from "./_fixtures.ts";
import { fakeBytes, startLocalHub } from "./_local_hub.ts";
import { startLocalS3 } from "./_s3rver.ts";

/** Runs `main(argv)` with console output captured. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { log, error } = console;
  const out: string[] = [];
  const err: string[] = [];
  console.log = (...parts: unknown[]) => out.push(parts.join(" "));
  console.error = (...parts: unknown[]) => err.push(parts.join(" "));
  try {
    const code = await main(argv);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Sets environment variables for the duration of `work`. */
async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [key, value] of Object.entries(vars)) Deno.env.set(key, value);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) Deno.env.delete(key);
      else Deno.env.set(key, value);
    }
  }
}

const MODEL = "pritamdeka/BioBert-PubMed200kRCT";
const REPO = {
  commit: "c".repeat(40),
  files: {
    "config.json": new TextEncoder().encode('{"architectures": ["BertForSequenceClassification"]}'),
    "vocab.txt": new TextEncoder().encode("[PAD]\n[UNK]\n"),
    "pytorch_model.bin": fakeBytes(300_000, 11),
    "flax_model.msgpack": fakeBytes(1000, 12),
  },
};

Deno.test("ade stage-model stages a model into S3 (endpoint from AWS_ENDPOINT_URL_S3) and records the run", async () => {
  const hub = startLocalHub({ [MODEL]: REPO });
  const s3 = await startLocalS3([BUCKET]);
  const dir = await Deno.makeTempDir({ prefix: "ade-stage-verb-" });
  try {
    const s3Port = (await s3.client.config.endpoint!()).port;
    const env = {
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    };
    const argv = [
      "stage-model",
      "--model",
      MODEL,
      "--hub-url",
      hub.url,
      "--bucket",
      BUCKET,
      "--kms-key-id",
      KMS_KEY,
      "--cache-dir",
      `${dir}/cache`,
      "--store",
      `${dir}/ade.sqlite`,
      "--quiet",
    ];
    const dry = await withEnv(env, () => cli([...argv, "--dry-run"]));
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /config\.json .*\n.*vocab\.txt/s);
    assert.match(dry.out, /not needed: flax_model\.msgpack/);
    const first = await withEnv(env, () => cli(argv));
    assert.equal(first.code, 0, first.err);
    assert.match(
      first.out,
      /^staged: s3:\/\/ade-test-bucket\/ade\/models\/pritamdeka\/BioBert-PubMed200kRCT\//,
    );
    assert.match(first.out, /"models_s3_uri": "s3:\/\/ade-test-bucket\/ade\/models\/"/);
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `ade/models/${MODEL}/` }),
    );
    assert.equal(page.Contents?.length, 4, "config, vocab, weights and the marker");
    const again = await withEnv(env, () => cli(argv));
    assert.match(again.out, /^already staged/);
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const runs = store.listRuns({ kind: "stage-model" });
      assert.equal(runs.length, 2);
      assert.ok(runs.every((run) => run.status === "completed"));
      assert.equal(
        runs[0].artifacts.s3_uri,
        `s3://${BUCKET}/ade/models/pritamdeka/BioBert-PubMed200kRCT/`,
      );
    } finally {
      store.close();
    }
  } finally {
    await s3.close();
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade stage-model turns bad input into one message and a non-zero exit", async () => {
  const missing = await cli(["stage-model", "--bucket", BUCKET, "--kms-key-id", KMS_KEY]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--model is required/);
  const badPrefix = await cli([
    "stage-model",
    "--model",
    MODEL,
    "--bucket",
    BUCKET,
    "--kms-key-id",
    KMS_KEY,
    "--prefix",
    "models/",
  ]);
  assert.equal(badPrefix.code, 1);
  assert.match(badPrefix.err, /prefix: must start with ade\//);
  assert.doesNotMatch(badPrefix.err, /\n\s+at /, "no stack trace");
});

Deno.test("ade iam-policy writes caller-policy.json and execution-role-policy.json", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-iam-verb-" });
  try {
    const result = await cli([
      "iam-policy",
      "--bucket",
      BUCKET,
      "--kms-key-id",
      KMS_KEY,
      "--role-arn",
      ROLE_ARN,
      "--region",
      "eu-west-1",
      "--out",
      `${dir}/iam`,
    ]);
    assert.equal(result.code, 0, result.err);
    const names = [...Deno.readDirSync(`${dir}/iam`)].map((entry) => entry.name).sort();
    assert.deepEqual(names, ["caller-policy.json", "execution-role-policy.json"]);
    const caller = JSON.parse(await Deno.readTextFile(`${dir}/iam/caller-policy.json`));
    assert.equal(caller.Version, "2012-10-17");
    assert.match(result.out, /caller-policy\.json: caller, \d+ statements, \d+ actions/);
    const bad = await cli([
      "iam-policy",
      "--bucket",
      BUCKET,
      "--kms-key-id",
      KMS_KEY,
      "--out",
      dir,
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--role-arn is required/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
