/** The code bundle (`sourcedir.tar.gz`) a SageMaker tuning run uploads: exactly the files the job needs. */
import assert from "node:assert/strict";
import { planSageMakerTuning, seedSpace } from "../../lib/tune/mod.ts";
import { writeTinyTrainFile } from "./_fixtures.ts";

const TRAINING_DIR = new URL("../../training", import.meta.url).pathname;

/** Names and contents of the members of a gzip-compressed ustar archive. */
async function readTarGz(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  const tar = new Uint8Array(await new Response(stream).arrayBuffer());
  const text = (from: number, length: number) =>
    new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, "");
  const members = new Map<string, Uint8Array>();
  for (let offset = 0; offset + 512 <= tar.length && tar[offset] !== 0;) {
    const prefix = text(offset + 345, 155);
    const name = (prefix ? `${prefix}/` : "") + text(offset, 100);
    const size = parseInt(text(offset + 124, 12), 8);
    members.set(name, tar.slice(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

Deno.test("planSageMakerTuning() bundles train.py and inference.py, never requirements.txt or the tests", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-bundle-" });
  try {
    const plan = await planSageMakerTuning({
      trainPath: await writeTinyTrainFile(dir),
      outDir: `${dir}/tune`,
      space: seedSpace(),
      strategy: "bayesian",
      maxTrials: 4,
      parallel: 2,
      seed: 42,
      runId: "run-bundle",
    }, {
      jobName: "ade-bundle",
      roleArn: "arn:aws:iam::123456789012:role/ade",
      bucket: "ade-bucket",
      kmsKeyId: "alias/ade",
      region: "us-east-1",
      modelsS3Uri: "s3://ade-bucket/ade/models/",
    });
    const upload = plan.uploads.find((u) => u.request.Key!.endsWith("sourcedir.tar.gz"))!;
    const members = await readTarGz(upload.request.Body as Uint8Array);
    assert.deepEqual([...members.keys()].sort(), ["__init__.py", "inference.py", "train.py"]);
    for (const name of ["train.py", "inference.py"]) {
      assert.deepEqual(members.get(name), await Deno.readFile(`${TRAINING_DIR}/${name}`), name);
    }
    // The file stays in the repository for local installs.
    assert.ok((await Deno.stat(`${TRAINING_DIR}/requirements.txt`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
