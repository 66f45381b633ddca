/** stageModel() against a local hub server and s3rver: selection, SSE-KMS uploads, resuming, the marker. */
import assert from "node:assert/strict";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import {
  buildGeneratorPlan,
  GENERATOR_WEIGHTS_PREFIX,
  generatorUp,
  type HubFileEntry,
  readStagedModel,
  stagedModelUri,
  stageModel,
  type StageModelOptions,
} from "../../lib/cloud/mod.ts";
import { checkStageModelOptions, selectModelFiles } from "../../lib/cloud/stage_model.ts";
import { AdeError, PreflightError } from "../../lib/core/mod.ts";
import { recordSentCommands } from "./_aws_calls.ts";
import { assertServiceModelAccepts, validateRequests } from "./_aws_service_model.ts";
import { arnOf, BUCKET, KMS_KEY, noSleep, REGION, ROLE_ARN } from "./_fixtures.ts";
import { fakeBytes, type LocalHub, type LocalHubRepo, startLocalHub } from "./_local_hub.ts";
import { type LocalS3, startLocalS3 } from "./_s3rver.ts";

const MIB = 1024 * 1024;
const BIOBERT = "dmis-lab/biobert-base-cased-v1.2";
const COMMIT_1 = "1".repeat(40);
const COMMIT_2 = "2".repeat(40);
const encode = (text: string) => new TextEncoder().encode(text);

function entry(path: string, size = 10, lfs = false): HubFileEntry {
  return {
    path,
    size,
    oid: "a".repeat(40),
    ...(lfs ? { lfs: { oid: "b".repeat(64), size } } : {}),
  };
}

/** A BERT-like repository: config, tokenizer, PyTorch and TensorFlow weights, a card, an ONNX folder. */
function biobertRepo(commit = COMMIT_1, weights = fakeBytes(11 * MIB + 123, 7)): LocalHubRepo {
  return {
    commit,
    files: {
      "config.json": encode('{"architectures": ["BertForPreTraining"], "model_type": "bert"}\n'),
      "vocab.txt": encode("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nrash\n"),
      "special_tokens_map.json": encode('{"unk_token": "[UNK]"}\n'),
      "pytorch_model.bin": weights,
      "tf_model.h5": fakeBytes(4096, 9),
      "README.md": encode("# model card\n"),
      ".gitattributes": encode("*.bin filter=lfs\n"),
      "onnx/model.onnx": fakeBytes(2048, 3),
    },
  };
}

async function withHubAndS3(
  repos: Record<string, LocalHubRepo>,
  work: (hub: LocalHub, s3: LocalS3, cacheDir: string) => Promise<void>,
): Promise<void> {
  const hub = startLocalHub(repos);
  const s3 = await startLocalS3([BUCKET]);
  const cacheDir = await Deno.makeTempDir({ prefix: "ade-stage-cache-" });
  try {
    await work(hub, s3, cacheDir);
  } finally {
    await s3.close();
    await hub.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
}

function options(
  hub: LocalHub,
  s3: LocalS3,
  cacheDir: string,
  lines: string[] = [],
): StageModelOptions {
  return {
    model: BIOBERT,
    bucket: BUCKET,
    kmsKeyId: KMS_KEY,
    hubUrl: hub.url,
    s3: s3.client,
    cacheDir,
    partBytes: 5 * MIB,
    log: (line) => lines.push(line),
    quiet: true,
  };
}

async function objectBytes(s3: LocalS3, key: string): Promise<Uint8Array> {
  const response = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return await response.Body!.transformToByteArray();
}

async function listKeys(s3: LocalS3, prefix: string): Promise<string[]> {
  const page = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key!).sort();
}

Deno.test("selectModelFiles() takes config, tokenizer and one PyTorch weights set; skips other frameworks", () => {
  const both = selectModelFiles("org/m", [
    entry("config.json"),
    entry("tokenizer.json"),
    entry("tokenizer_config.json"),
    entry("vocab.txt"),
    entry("model.safetensors", 100, true),
    entry("pytorch_model.bin", 100, true),
    entry("tf_model.h5", 100, true),
    entry("flax_model.msgpack", 100, true),
    entry("rust_model.ot", 100, true),
    entry("README.md"),
    entry(".gitattributes"),
    entry("onnx/model.onnx", 100, true),
    entry("1_Pooling/config.json"),
  ]);
  assert.equal(both.weights, "safetensors");
  assert.deepEqual(both.files.map((f) => f.path), [
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "model.safetensors",
  ]);
  assert.deepEqual(both.skipped, [
    ".gitattributes",
    "1_Pooling/config.json",
    "README.md",
    "flax_model.msgpack",
    "onnx/model.onnx",
    "pytorch_model.bin",
    "rust_model.ot",
    "tf_model.h5",
  ]);
});

Deno.test("selectModelFiles() takes shards with their index, .bin when there is no safetensors, and custom code", () => {
  const sharded = selectModelFiles("tiiuae/falcon-7b-instruct", [
    entry("config.json"),
    entry("configuration_falcon.py"),
    entry("generation_config.json"),
    entry("model.safetensors.index.json"),
    entry("model-00002-of-00002.safetensors", 100, true),
    entry("model-00001-of-00002.safetensors", 100, true),
    entry("pytorch_model.bin.index.json"),
    entry("pytorch_model-00001-of-00002.bin", 100, true),
    entry("pytorch_model-00002-of-00002.bin", 100, true),
  ]);
  assert.deepEqual(sharded.files.map((f) => f.path), [
    "config.json",
    "configuration_falcon.py",
    "generation_config.json",
    "model.safetensors.index.json",
    "model-00001-of-00002.safetensors",
    "model-00002-of-00002.safetensors",
  ]);
  const bin = selectModelFiles("org/m", [
    entry("config.json"),
    entry("pytorch_model.bin", 9, true),
  ]);
  assert.equal(bin.weights, "pytorch-bin");
  assert.deepEqual(bin.files.map((f) => f.path), ["config.json", "pytorch_model.bin"]);
  const binShards = selectModelFiles("org/m", [
    entry("config.json"),
    entry("pytorch_model.bin.index.json"),
    entry("pytorch_model-00001-of-00001.bin", 9, true),
  ]);
  assert.deepEqual(binShards.files.map((f) => f.path).slice(1), [
    "pytorch_model.bin.index.json",
    "pytorch_model-00001-of-00001.bin",
  ]);
});

Deno.test("selectModelFiles() refuses a repository without PyTorch weights or without config.json", () => {
  assert.throws(
    () => selectModelFiles("org/tf-only", [entry("config.json"), entry("tf_model.h5", 9, true)]),
    (error: unknown) =>
      error instanceof AdeError && /org\/tf-only has no PyTorch weights/.test(error.message) &&
      /tf_model\.h5/.test(error.message),
  );
  assert.throws(
    () => selectModelFiles("org/m", [entry("model.safetensors", 9, true)]),
    /no config\.json/,
  );
});

Deno.test("checkStageModelOptions() names the bad hub id, prefix, bucket, key and part size", () => {
  const violations = checkStageModelOptions({
    model: "../etc/passwd",
    bucket: "Not_A_Bucket",
    kmsKeyId: "",
    prefix: "models/",
    partBytes: 1024,
  });
  assert.deepEqual(violations.map((v) => v.field).sort(), [
    "bucket",
    "kmsKeyId",
    "model",
    "partBytes",
    "prefix",
  ]);
  assert.deepEqual(
    checkStageModelOptions({ model: BIOBERT, bucket: BUCKET, kmsKeyId: KMS_KEY }),
    [],
  );
  assert.equal(
    stagedModelUri(BUCKET, BIOBERT),
    `s3://${BUCKET}/ade/models/dmis-lab/biobert-base-cased-v1.2/`,
  );
});

Deno.test("stageModel() uploads the needed files with SSE-KMS (multipart for big ones) and writes the marker last", async () => {
  const repo = biobertRepo();
  await withHubAndS3({ [BIOBERT]: repo }, async (hub, s3, cacheDir) => {
    const sent = recordSentCommands(s3.client);
    const lines: string[] = [];
    const staged = await stageModel(options(hub, s3, cacheDir, lines));
    const prefix = "ade/models/dmis-lab/biobert-base-cased-v1.2/";
    assert.equal(staged.s3Uri, `s3://${BUCKET}/${prefix}`);
    assert.equal(staged.alreadyStaged, false);
    assert.equal(staged.uploadedFiles, 4);
    assert.equal(staged.manifest.commit, COMMIT_1);
    assert.equal(staged.manifest.weights, "pytorch-bin");
    assert.deepEqual(await listKeys(s3, prefix), [
      `${prefix}.ade-staged.json`,
      `${prefix}config.json`,
      `${prefix}pytorch_model.bin`,
      `${prefix}special_tokens_map.json`,
      `${prefix}vocab.txt`,
    ]);
    for (const path of ["config.json", "vocab.txt", "pytorch_model.bin"]) {
      assert.deepEqual(await objectBytes(s3, `${prefix}${path}`), repo.files[path], path);
    }
    assert.deepEqual(staged.manifest.skipped, [
      ".gitattributes",
      "README.md",
      "onnx/model.onnx",
      "tf_model.h5",
    ]);
    // Every object write asks for SSE-KMS with the key (parts inherit the upload's); the marker is last.
    const writes = sent.filter((call) =>
      call.operation === "PutObject" || call.operation === "CreateMultipartUpload"
    );
    assert.equal(writes.length, 5, "3 small files, 1 multipart upload, the marker");
    for (const write of writes) {
      const input = write.input as { ServerSideEncryption?: string; SSEKMSKeyId?: string };
      assert.equal(input.ServerSideEncryption, "aws:kms");
      assert.equal(input.SSEKMSKeyId, KMS_KEY);
    }
    const encryptedOnTheWire = s3.sent.filter((r) =>
      r.headers["x-amz-server-side-encryption"] === "aws:kms" &&
      r.headers["x-amz-server-side-encryption-aws-kms-key-id"] === KMS_KEY
    );
    assert.equal(encryptedOnTheWire.length, writes.length);
    const operations = sent.map((call) => call.operation);
    assert.equal(operations.filter((o) => o === "UploadPart").length, 3, "11 MiB in 5 MiB parts");
    assert.ok(operations.includes("CompleteMultipartUpload"));
    const lastWrite = sent.filter((call) => call.operation === "PutObject").at(-1)!;
    assert.equal((lastWrite.input as { Key: string }).Key, `${prefix}.ade-staged.json`);
    assert.ok(
      operations.lastIndexOf("PutObject") > operations.lastIndexOf("CompleteMultipartUpload"),
    );
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}vocab.txt` }),
    );
    assert.equal(head.Metadata?.["hub-commit"], COMMIT_1);
    assert.equal(head.ContentType, "text/plain");
    assertServiceModelAccepts(await validateRequests(sent, "stage-model"), "stage-model");
    assert.deepEqual(await readStagedModel(s3.client, BUCKET, BIOBERT), staged.manifest);
    // Downloads are deleted once uploaded; the lines hold file names and sizes, never file contents.
    assert.deepEqual([...Deno.readDirSync(cacheDir)], []);
    assert.ok(lines.some((line) => /4\/4 pytorch_model\.bin \(11\.0 MiB\): downloaded/.test(line)));
  });
});

Deno.test("stageModel() run again does nothing: already staged, no download, no upload", async () => {
  await withHubAndS3({ [BIOBERT]: biobertRepo() }, async (hub, s3, cacheDir) => {
    await stageModel(options(hub, s3, cacheDir));
    const before = {
      hub: hub.requests.length,
      s3: s3.sent.filter((r) => r.method !== "HEAD" && r.method !== "GET").length,
    };
    const again = await stageModel(options(hub, s3, cacheDir));
    assert.equal(again.alreadyStaged, true);
    assert.equal(again.uploadedFiles, 0);
    assert.ok(!hub.requests.slice(before.hub).some((r) => r.includes("/resolve/")));
    assert.equal(
      s3.sent.filter((r) => r.method !== "HEAD" && r.method !== "GET").length,
      before.s3,
    );
  });
});

Deno.test("stageModel() resumes an interrupted download with a Range request and skips what S3 already has", async () => {
  const repo = biobertRepo();
  await withHubAndS3({ [BIOBERT]: repo }, async (hub, s3, cacheDir) => {
    hub.dropNextDownload("pytorch_model.bin", 3 * MIB);
    await assert.rejects(
      () => stageModel(options(hub, s3, cacheDir)),
      (error: unknown) =>
        error instanceof AdeError && /stopped at \d+ of \d+ bytes/.test(error.message) &&
        /run again to resume/.test(error.message),
    );
    assert.equal(await readStagedModel(s3.client, BUCKET, BIOBERT), undefined, "no marker yet");
    const part = `${cacheDir}/${BIOBERT}/${COMMIT_1}/pytorch_model.bin.part`;
    const partial = (await Deno.stat(part)).size;
    assert.ok(partial > 0 && partial < repo.files["pytorch_model.bin"].length);
    const lines: string[] = [];
    const staged = await stageModel(options(hub, s3, cacheDir, lines));
    assert.equal(staged.skippedFiles, 3, "config, tokenizer files were uploaded by the first run");
    assert.equal(staged.uploadedFiles, 1);
    assert.equal(staged.fetchedBytes, repo.files["pytorch_model.bin"].length - partial);
    assert.ok(
      hub.requests.some((r) => r.endsWith(`/pytorch_model.bin bytes=${partial}-${11 * MIB + 122}`)),
      hub.requests.join("\n"),
    );
    assert.ok(lines.some((line) => /config\.json .*already in S3, skipped/.test(line)));
    assert.ok(lines.some((line) => /pytorch_model\.bin .*download resumed/.test(line)));
    const key = "ade/models/dmis-lab/biobert-base-cased-v1.2/pytorch_model.bin";
    assert.deepEqual(await objectBytes(s3, key), repo.files["pytorch_model.bin"]);
    assert.ok(await readStagedModel(s3.client, BUCKET, BIOBERT));
  });
});

Deno.test("stageModel() restarts a partial download that does not verify, cleanly from zero", async () => {
  const repo = biobertRepo(COMMIT_1, fakeBytes(2 * MIB, 5));
  await withHubAndS3({ [BIOBERT]: repo }, async (hub, s3, cacheDir) => {
    const folder = `${cacheDir}/${BIOBERT}/${COMMIT_1}`;
    await Deno.mkdir(folder, { recursive: true });
    await Deno.writeFile(`${folder}/pytorch_model.bin.part`, fakeBytes(MIB, 99)); // not the file's bytes
    const lines: string[] = [];
    await stageModel(options(hub, s3, cacheDir, lines));
    assert.ok(lines.some((line) => /did not verify .*restarting it from the beginning/.test(line)));
    const key = "ade/models/dmis-lab/biobert-base-cased-v1.2/pytorch_model.bin";
    assert.deepEqual(await objectBytes(s3, key), repo.files["pytorch_model.bin"]);
  });
});

Deno.test("stageModel() restages a new commit: marker removed first, changed files uploaded, same ones skipped", async () => {
  const repos = { [BIOBERT]: biobertRepo(COMMIT_1, fakeBytes(MIB, 1)) };
  await withHubAndS3(repos, async (hub, s3, cacheDir) => {
    await stageModel(options(hub, s3, cacheDir));
    hub.repos[BIOBERT] = biobertRepo(COMMIT_2, fakeBytes(MIB, 2));
    const sent = recordSentCommands(s3.client);
    const staged = await stageModel(options(hub, s3, cacheDir));
    assert.equal(staged.manifest.commit, COMMIT_2);
    assert.equal(staged.uploadedFiles, 1, "only the weights changed");
    const operations = sent.map((call) => call.operation);
    assert.ok(operations.indexOf("DeleteObject") < operations.indexOf("PutObject"));
    assert.equal((await readStagedModel(s3.client, BUCKET, BIOBERT))?.commit, COMMIT_2);
  });
});

Deno.test("stageModel() refuses bad options and models it cannot stage before uploading anything", async () => {
  const tfOnly: LocalHubRepo = {
    commit: COMMIT_1,
    files: { "config.json": encode("{}"), "tf_model.h5": fakeBytes(64, 1) },
  };
  await withHubAndS3({ "org/tf-only": tfOnly }, async (hub, s3, cacheDir) => {
    await assert.rejects(
      () => stageModel({ ...options(hub, s3, cacheDir), prefix: "models/" }),
      PreflightError,
    );
    assert.deepEqual(hub.requests, [], "preflight contacts nothing");
    await assert.rejects(
      () => stageModel({ ...options(hub, s3, cacheDir), model: "org/tf-only" }),
      /no PyTorch weights/,
    );
    await assert.rejects(
      () => stageModel({ ...options(hub, s3, cacheDir), model: "org/missing" }),
      /could not find org\/missing@main/,
    );
    assert.deepEqual(await listKeys(s3, "ade/"), []);
  });
});

Deno.test("generatorUp() stages missing hub weights with the same code, under ade/generator-weights/, then creates", async () => {
  const falcon = "tiiuae/falcon-7b-instruct";
  const repo: LocalHubRepo = {
    commit: COMMIT_1,
    files: {
      "config.json": encode('{"architectures": ["FalconForCausalLM"], "model_type": "falcon"}'),
      "tokenizer.json": encode('{"version": "1.0"}'),
      "generation_config.json": encode("{}"),
      "model.safetensors.index.json": encode(
        JSON.stringify({
          weight_map: {
            a: "model-00001-of-00002.safetensors",
            b: "model-00002-of-00002.safetensors",
          },
        }),
      ),
      "model-00001-of-00002.safetensors": fakeBytes(4096, 1),
      "model-00002-of-00002.safetensors": fakeBytes(2048, 2),
      "pytorch_model-00001-of-00002.bin": fakeBytes(4096, 3),
      "pytorch_model-00002-of-00002.bin": fakeBytes(2048, 4),
      "pytorch_model.bin.index.json": encode("{}"),
    },
  };
  await withHubAndS3({ [falcon]: repo }, async (hub, s3, cacheDir) => {
    const sagemaker = mockClient(SageMakerClient);
    try {
      sagemaker.on(CreateModelCommand).resolves({ ModelArn: arnOf("model", "ade-gen-model") });
      sagemaker.on(CreateEndpointConfigCommand).resolves({});
      sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: arnOf("endpoint", "ade-gen") });
      sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: "InService" });
      const base = {
        model: falcon,
        endpointName: "ade-gen",
        roleArn: ROLE_ARN,
        bucket: BUCKET,
        kmsKeyId: KMS_KEY,
        runId: "r1",
        region: REGION,
        client: new SageMakerClient({ region: REGION }),
        s3Client: s3.client,
        log: () => {},
        wait: { sleep: noSleep, onProgress: () => {} },
      };
      await assert.rejects(
        () => generatorUp(base),
        /no model weights at .*stage-model --model tiiuae/,
      );
      assert.equal(sagemaker.commandCalls(CreateModelCommand).length, 0);
      Deno.env.set("ADE_CACHE_DIR", cacheDir);
      try {
        await generatorUp({ ...base, stageWeights: true, hubUrl: hub.url });
      } finally {
        Deno.env.delete("ADE_CACHE_DIR");
      }
      const prefix = `${GENERATOR_WEIGHTS_PREFIX}${falcon}/`;
      assert.deepEqual(await listKeys(s3, prefix), [
        `${prefix}.ade-staged.json`,
        `${prefix}config.json`,
        `${prefix}generation_config.json`,
        `${prefix}model-00001-of-00002.safetensors`,
        `${prefix}model-00002-of-00002.safetensors`,
        `${prefix}model.safetensors.index.json`,
        `${prefix}tokenizer.json`,
      ]);
      const plan = buildGeneratorPlan(base);
      assert.equal(plan.weightsS3Uri, `s3://${BUCKET}/${prefix}`);
      const model = sagemaker.commandCalls(CreateModelCommand)[0].args[0].input;
      assert.equal(model.PrimaryContainer?.ModelDataSource?.S3DataSource?.S3Uri, plan.weightsS3Uri);
      // A second `up` finds the marker and stages nothing.
      const before = hub.requests.length;
      await generatorUp({ ...base, stageWeights: true, hubUrl: hub.url });
      assert.equal(hub.requests.length, before);
    } finally {
      sagemaker.restore();
    }
  });
});
