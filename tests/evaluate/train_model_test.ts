import assert from "node:assert/strict";
import { resolveTrainingSetup, trainModel } from "../../lib/evaluate/mod.ts";
import { DEFAULT_HYPERPARAMETERS, loadModel } from "../../lib/models/mod.ts";
import { UsageError } from "../../lib/core/errors.ts";
import { syntheticRows, writeRows } from "./_synthetic_rows.ts";

async function withDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("resolveTrainingSetup() reads the SageMaker channels, model dir and hyperparameters.json", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/train`);
    await Deno.mkdir(`${dir}/test`);
    await Deno.mkdir(`${dir}/config`);
    await writeRows(`${dir}/train/part-b.jsonl`, syntheticRows(10, 1));
    await writeRows(`${dir}/train/part-a.jsonl`, syntheticRows(10, 2));
    await writeRows(`${dir}/test/test.jsonl`, syntheticRows(10, 3));
    await writeRows(`${dir}/test/other.jsonl`, syntheticRows(10, 4));
    await Deno.writeTextFile(
      `${dir}/config/hyperparameters.json`,
      JSON.stringify({
        model: '"tfidf-logreg"',
        C: '"2.5"',
        max_iter: "50",
        seed: '"7"',
        _tuning_objective_metric: '"f1"',
      }),
    );
    const setup = await resolveTrainingSetup({
      hyperparameters: ["C=4"],
      env: {
        SM_CHANNEL_TRAIN: `${dir}/train`,
        SM_CHANNEL_TEST: `${dir}/test`,
        SM_MODEL_DIR: `${dir}/model`,
        SM_INPUT_CONFIG_DIR: `${dir}/config`,
      },
    });
    assert.deepEqual(setup.trainFiles, [`${dir}/train/part-a.jsonl`, `${dir}/train/part-b.jsonl`]);
    assert.deepEqual(setup.validationFiles, [`${dir}/test/test.jsonl`]);
    assert.equal(setup.modelDir, `${dir}/model`);
    assert.equal(setup.seed, 7);
    assert.equal(setup.hyperparameters.model, "tfidf-logreg");
    assert.equal(setup.hyperparameters.C, 4, "--hp wins over hyperparameters.json");
    assert.equal(setup.hyperparameters.max_iter, 50);
    assert.equal(setup.hyperparametersFile, `${dir}/config/hyperparameters.json`);
  });
});

Deno.test("resolveTrainingSetup() prefers flags and ignores SM_CHANNEL_TEST when --train is given", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(10, 1));
    const setup = await resolveTrainingSetup({
      train,
      modelDir: `${dir}/m`,
      seed: 3,
      env: { SM_CHANNEL_TEST: `${dir}/nowhere`, SM_INPUT_CONFIG_DIR: `${dir}/no-config` },
    });
    assert.deepEqual(setup.trainFiles, [train]);
    assert.deepEqual(setup.validationFiles, []);
    assert.equal(setup.seed, 3);
    assert.deepEqual(setup.hyperparameters, { ...DEFAULT_HYPERPARAMETERS });
  });
});

Deno.test("resolveTrainingSetup() rejects unknown hyperparameter names, listing the valid ones", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(10, 1));
    await Deno.mkdir(`${dir}/config`);
    await Deno.writeTextFile(
      `${dir}/config/hyperparameters.json`,
      JSON.stringify({ learning_rate: "1" }),
    );
    const env = { SM_INPUT_CONFIG_DIR: `${dir}/config` };
    await assert.rejects(
      resolveTrainingSetup({ train, modelDir: `${dir}/m`, env }),
      (error: Error) =>
        error instanceof UsageError && error.message.includes("hyperparameters.json") &&
        error.message.includes("learning_rate") && error.message.includes("max_iter"),
    );
    await assert.rejects(
      resolveTrainingSetup({ train, modelDir: `${dir}/m`, hyperparameters: ["c=1"], env: {} }),
      /unknown hyperparameter "c".*valid names/,
    );
    await assert.rejects(
      resolveTrainingSetup({ train, modelDir: `${dir}/m`, hyperparameters: ["C"], env: {} }),
      /name=value/,
    );
    await assert.rejects(
      resolveTrainingSetup({ modelDir: `${dir}/m`, env: {} }),
      /--train is required/,
    );
    await assert.rejects(resolveTrainingSetup({ train, env: {} }), /--model-dir is required/);
  });
});

Deno.test("trainModel() without validation data prints no f1 line", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(120, 7));
    const setup = await resolveTrainingSetup({ train, modelDir: `${dir}/model`, env: {} });
    const lines: string[] = [];
    const result = await trainModel(setup, { onMetricLine: (line) => lines.push(line) });
    assert.deepEqual(lines, []);
    assert.equal(result.validation, undefined);
  });
});

Deno.test("trainModel() emits one f1 line per checkpoint and the final model's last", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(200, 5));
    const validation = await writeRows(`${dir}/validation.jsonl`, syntheticRows(60, 6));
    const setup = await resolveTrainingSetup({
      train,
      validation,
      modelDir: `${dir}/model`,
      hyperparameters: ["max_iter=20", "tol=1e-9"],
      env: {},
    });
    const lines: string[] = [];
    const result = await trainModel(setup, {
      checkpointEvery: 5,
      onMetricLine: (line) => lines.push(line),
    });
    assert.ok(lines.length >= 2, `lines: ${lines.length}`);
    for (const line of lines) assert.match(line, /^f1: ([0-9.]+)$/);
    assert.equal(lines.at(-1), `f1: ${result.validation!.f1.toFixed(6)}`);
    assert.equal(result.f1History.length, lines.length);
    assert.equal(result.trainRows, 200);
    assert.equal(result.validationRows, 60);
    const model = await loadModel(`${dir}/model`);
    assert.equal(model.threshold, result.model.threshold);
  });
});
