import assert from "node:assert/strict";
import { AdeError, sha256Hex } from "../../lib/core/mod.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  loadModel,
  readModelMetadata,
  saveModel,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { toyCorpus } from "./_fixture.ts";

const corpus = toyCorpus(240, 5);
const probe = toyCorpus(50, 6);

async function savedModel(): Promise<{ dir: string; model: TextClassifier }> {
  const model = TextClassifier.fit(corpus.texts, corpus.labels, {
    ...DEFAULT_HYPERPARAMETERS,
    min_df: 1,
  }, { seed: 42, groups: corpus.groups });
  const dir = await Deno.makeTempDir();
  await saveModel(model, `${dir}/model`, {
    trainingDataSha256: "ab".repeat(32),
    seed: 42,
    metrics: { f1: 0.5 },
  });
  return { dir: `${dir}/model`, model };
}

Deno.test("loadModel() returns a model that predicts exactly like the saved one", async () => {
  const { dir, model } = await savedModel();
  const loaded = await loadModel(dir);
  assert.deepEqual(loaded.scores(probe.texts), model.scores(probe.texts));
  assert.deepEqual(loaded.predict(probe.texts), model.predict(probe.texts));
  assert.equal(loaded.threshold, model.threshold);
  assert.deepEqual(loaded.hyperparameters, model.hyperparameters);
  const metadata = await readModelMetadata(dir);
  assert.equal(metadata.format, "ade-text-classifier");
  assert.equal(metadata.version, 2);
  assert.deepEqual(
    [...Deno.readDirSync(dir)].map((entry) => entry.name).sort(),
    ["buckets.bin", "idf.bin", "model.json", "shift.json", "shift_tokens.bin", "weights.bin"],
  );
  assert.deepEqual(loaded.shiftReference, model.shiftReference, "the shift reference round-trips");
  assert.equal(metadata.training_data_sha256, "ab".repeat(32));
  assert.deepEqual(metadata.metrics, { f1: 0.5 });
  assert.equal(metadata.seed, 42);
  await Deno.remove(dir, { recursive: true });
});

async function expectLoadError(dir: string, pattern: RegExp): Promise<void> {
  await assert.rejects(() => loadModel(dir), (error: unknown) => {
    assert.ok(error instanceof AdeError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("loadModel() names the missing file", async () => {
  const { dir } = await savedModel();
  await Deno.remove(`${dir}/weights.bin`);
  await expectLoadError(dir, /weights\.bin: file not found/);
  await expectLoadError(`${dir}/nowhere`, /nowhere\/model\.json: file not found/);
});

Deno.test("loadModel() detects corrupt weights by size and by checksum", async () => {
  const { dir } = await savedModel();
  const weights = await Deno.readFile(`${dir}/weights.bin`);
  await Deno.writeFile(`${dir}/weights.bin`, weights.subarray(0, weights.length - 8));
  await expectLoadError(dir, /weights\.bin: \d+ bytes, model\.json says \d+/);
  weights[3] ^= 0xff;
  await Deno.writeFile(`${dir}/weights.bin`, weights);
  await expectLoadError(dir, /weights\.bin: SHA-256 does not match/);
});

Deno.test("loadModel() rejects corrupt, foreign and version-mismatched model.json", async () => {
  const { dir } = await savedModel();
  const text = await Deno.readTextFile(`${dir}/model.json`);
  await Deno.writeTextFile(`${dir}/model.json`, text.slice(0, 40));
  await expectLoadError(dir, /model\.json: not valid JSON/);
  await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify({ format: "sklearn-pickle" }));
  await expectLoadError(
    dir,
    /model\.json: not a ade-text-classifier model \(format "sklearn-pickle"\)/,
  );
  const metadata = JSON.parse(text);
  await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify({ ...metadata, version: 99 }));
  await expectLoadError(dir, /model format version 99, but this toolkit reads versions 1–2/);
  await Deno.writeTextFile(
    `${dir}/model.json`,
    JSON.stringify({ ...metadata, features: { ...metadata.features, hash: "fnv1a" } }),
  );
  await expectLoadError(dir, /features hashed with "fnv1a"/);
  await Deno.writeTextFile(
    `${dir}/model.json`,
    JSON.stringify({ ...metadata, hyperparameters: { ...metadata.hyperparameters, Cc: 1 } }),
  );
  await expectLoadError(dir, /unknown hyperparameter "Cc"/);
});

Deno.test("loadModel() detects a corrupt buckets.bin", async () => {
  const { dir } = await savedModel();
  const buckets = await Deno.readFile(`${dir}/buckets.bin`);
  buckets.set([0xff, 0xff, 0xff, 0x7f], 4);
  const metadata = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
  metadata.files["buckets.bin"].sha256 = await sha256Hex(buckets);
  await Deno.writeFile(`${dir}/buckets.bin`, buckets);
  await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(metadata));
  await expectLoadError(dir, /buckets\.bin: word bucket \d+ at position 1 is out of range/);
});

const FIXTURES = new URL("../fixtures/models/", import.meta.url).pathname;

async function copyOldFormatModel(): Promise<string> {
  const dir = `${await Deno.makeTempDir()}/old-format`;
  await Deno.mkdir(dir);
  for (const name of ["model.json", "vocabulary.json", "weights.bin", "idf.bin"]) {
    await Deno.copyFile(`${FIXTURES}old-format/${name}`, `${dir}/${name}`);
  }
  return dir;
}

Deno.test("loadModel() loads an old-format folder (vocabulary.json) and predicts as the code that wrote it", async () => {
  const expected = JSON.parse(await Deno.readTextFile(`${FIXTURES}old-format.expected.json`));
  const model = await loadModel(`${FIXTURES}old-format`);
  const predictions = model.predict(expected.probes);
  predictions.forEach((prediction, i) => {
    assert.equal(prediction.label, expected.predictions[i].label);
    assert.ok(Math.abs(prediction.score - expected.predictions[i].score) < 1e-12);
  });
});

Deno.test("loadModel() warns once, on stderr, that an old-format folder holds training text", async () => {
  // A fresh process, so that no earlier load has printed the warning yet.
  const script = `
    import { loadModel } from "${new URL("../../lib/models/mod.ts", import.meta.url).href}";
    await loadModel(Deno.args[0]);
    await loadModel(Deno.args[0]);
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script, `${FIXTURES}old-format`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.equal(new TextDecoder().decode(output.stdout), "");
  const warnings = stderr.split("\n").filter((line) => line.startsWith("warning:"));
  assert.equal(warnings.length, 1, stderr);
  assert.match(warnings[0], /old-format model \(version 1\).*training text.*retrain/);
  assert.match(warnings[0], /deno task ade train/);
});

Deno.test("saveModel() refuses an old-format model and clears vocabulary.json when saving over its folder", async () => {
  const dir = await copyOldFormatModel();
  const old = await loadModel(dir);
  await assert.rejects(
    () => saveModel(old, dir, { trainingDataSha256: "0".repeat(64), seed: 1 }),
    /old-format folder.*retrain/,
  );
  const { model } = await savedModel();
  await saveModel(model, dir, { trainingDataSha256: "0".repeat(64), seed: 1 });
  const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
  assert.deepEqual(names, [
    "buckets.bin",
    "idf.bin",
    "model.json",
    "shift.json",
    "shift_tokens.bin",
    "weights.bin",
  ]);
  assert.deepEqual((await loadModel(dir)).scores(probe.texts), model.scores(probe.texts));
  await Deno.remove(dir.replace(/\/old-format$/, ""), { recursive: true });
});
