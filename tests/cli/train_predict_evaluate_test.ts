import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { computeMetrics, F1_METRIC_REGEX } from "../../lib/metrics/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

/** Runs `ade <args>` in a child process and returns its exit code and output. */
async function ade(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function withDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ade train, predict and evaluate agree, print f1 lines on stdout and never print text", async () => {
  await withDir(async (dir) => {
    const trainRows = syntheticRows(240, 31, "tr");
    const testRows = syntheticRows(80, 32, "te");
    const train = await writeRows(`${dir}/train.jsonl`, trainRows);
    const test = await writeRows(`${dir}/test.jsonl`, testRows);
    const store = `${dir}/ade.sqlite`;

    const trained = await ade([
      "train",
      "--train",
      train,
      "--validation",
      test,
      "--model-dir",
      `${dir}/model`,
      "--hp",
      "max_iter=30",
      "--hp",
      "tol=1e-9",
      "--checkpoint-every",
      "10",
      "--seed",
      "5",
      "--store",
      store,
      "--run-id",
      "cli-study",
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    const lines = trained.stdout.trim().split("\n");
    assert.ok(lines.length >= 2, trained.stdout);
    const regex = new RegExp(F1_METRIC_REGEX);
    for (const line of lines) assert.match(line, regex);
    const finalF1 = Number(regex.exec(lines.at(-1)!)![1]);

    const predicted = await ade([
      "predict",
      "--model",
      `${dir}/model`,
      "--in",
      test,
      "--out",
      `${dir}/predictions.jsonl`,
      "--store",
      store,
    ]);
    assert.equal(predicted.code, 0, predicted.stderr);
    const predictions = await readJsonl<{ id: string; label: string; score: number }>(
      `${dir}/predictions.jsonl`,
    );
    assert.deepEqual(predictions.map((row) => row.id), testRows.map((row) => row.id));

    const evaluated = await ade([
      "evaluate",
      "--model",
      `${dir}/model`,
      "--test",
      test,
      "--out",
      `${dir}/eval/metrics.json`,
      "--name",
      "baseline",
      "--store",
      store,
      "--run-id",
      "cli-study",
    ]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout.trim(), /^f1: [0-9.]+$/);
    const report = JSON.parse(await Deno.readTextFile(`${dir}/eval/metrics.json`));
    assert.deepEqual(Object.keys(report).slice(0, 11), [
      "n",
      "f1",
      "precision",
      "recall",
      "accuracy",
      "macro_f1",
      "roc_auc",
      "pr_auc",
      "threshold",
      "confusion",
      "f1_ci",
    ]);
    assert.deepEqual(Object.keys(report.confusion), ["tp", "fp", "fn", "tn"]);
    assert.deepEqual(Object.keys(report.f1_ci), ["low", "high", "method", "resamples"]);
    assert.equal(report.f1_ci.resamples, 1000);

    // evaluate's F1 equals the F1 computed from predict's output on the same file.
    const fromPredict = computeMetrics(
      testRows.map((row) => row.label),
      predictions.map((row) => row.score),
      report.threshold,
    );
    const labelsAgree = predictions.every((row) =>
      row.label === (row.score >= report.threshold ? "Adverse_Event" : "Not_AE")
    );
    assert.ok(labelsAgree);
    assert.equal(fromPredict.f1, report.f1);
    assert.equal(
      Number(report.f1.toFixed(6)),
      finalF1,
      "train's last f1 line is the final model's",
    );
    assert.ok(await Deno.stat(`${dir}/eval/metrics.predictions.jsonl`));

    // HIPAA: logs carry counts and metrics, never sentence text.
    const allOutput = [trained, predicted, evaluated].map((r) => r.stdout + r.stderr).join("\n");
    for (const row of [...trainRows.slice(0, 30), ...testRows.slice(0, 30)]) {
      assert.ok(!allOutput.includes(row.text), "a sentence was printed");
    }

    const opened = await ExperimentStore.open(store);
    try {
      const kinds = opened.listRuns().map((run) => `${run.kind}:${run.status}`);
      assert.deepEqual(kinds, ["train:completed", "predict:completed", "evaluate:completed"]);
      const [evaluation] = opened.listRuns({ kind: "evaluate" });
      assert.equal(evaluation.name, "baseline");
      assert.equal(evaluation.runId, "cli-study");
      assert.deepEqual(Object.keys(evaluation.artifacts).sort(), [
        "metrics",
        "model_dir",
        "predictions",
      ]);
    } finally {
      opened.close();
    }
  });
});

Deno.test("ade train follows the SageMaker training-container contract", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/channels/train`, { recursive: true });
    await Deno.mkdir(`${dir}/channels/test`, { recursive: true });
    await Deno.mkdir(`${dir}/config`);
    await writeRows(`${dir}/channels/train/train.jsonl`, syntheticRows(200, 41));
    await writeRows(`${dir}/channels/test/test.jsonl`, syntheticRows(60, 42));
    await Deno.writeTextFile(
      `${dir}/config/hyperparameters.json`,
      JSON.stringify({ model: '"tfidf-logreg"', C: '"2"', _tuning_objective_metric: '"f1"' }),
    );
    const env = {
      SM_CHANNEL_TRAIN: `${dir}/channels/train`,
      SM_CHANNEL_TEST: `${dir}/channels/test`,
      SM_MODEL_DIR: `${dir}/model`,
      SM_INPUT_CONFIG_DIR: `${dir}/config`,
      ADE_STORE: `${dir}/ade.sqlite`,
    };
    const result = await ade(["train"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^f1: [0-9.]+\n$/);
    const metadata = await Deno.readTextFile(`${dir}/model/model.json`);
    assert.match(metadata, /tfidf-logreg/);

    await Deno.writeTextFile(
      `${dir}/config/hyperparameters.json`,
      JSON.stringify({ "learning-rate": '"0.1"' }),
    );
    const rejected = await ade(["train"], env);
    assert.equal(rejected.code, 2);
    assert.match(rejected.stderr, /unknown hyperparameter "learning-rate"/);
    assert.match(rejected.stderr, /valid names: .*max_iter/);
    assert.equal(rejected.stdout, "");
  });
});

Deno.test("ade train, predict and evaluate report usage and data errors without a stack trace", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(40, 51));
    const misspelt = await ade([
      "train",
      "--train",
      train,
      "--model-dir",
      `${dir}/m`,
      "--hp",
      "class_weights=balanced",
      "--store",
      `${dir}/ade.sqlite`,
    ]);
    assert.equal(misspelt.code, 2);
    assert.match(misspelt.stderr, /^ade train: --hp: unknown hyperparameter "class_weights"/);

    await Deno.writeTextFile(`${dir}/bad.jsonl`, '{"id":"1","text":"x","label":"maybe"}\n');
    const badData = await ade([
      "evaluate",
      "--model",
      `${dir}/m`,
      "--test",
      `${dir}/bad.jsonl`,
      "--out",
      `${dir}/o.json`,
      "--store",
      `${dir}/ade.sqlite`,
    ]);
    assert.notEqual(badData.code, 0);
    assert.doesNotMatch(badData.stderr, /\n\s+at /, "no stack trace");

    const missing = await ade(["predict", "--model", `${dir}/m`, "--in", train]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--out is required/);

    const help = await ade(["evaluate", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--resamples/);
  });
});
