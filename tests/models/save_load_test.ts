import assert from "node:assert/strict";
import { AdeError } from "../../lib/core/mod.ts";
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
  assert.equal(metadata.version, 1);
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
  await expectLoadError(dir, /model format version 99, but this toolkit reads version 1/);
  await Deno.writeTextFile(
    `${dir}/model.json`,
    JSON.stringify({ ...metadata, hyperparameters: { ...metadata.hyperparameters, Cc: 1 } }),
  );
  await expectLoadError(dir, /unknown hyperparameter "Cc"/);
});
