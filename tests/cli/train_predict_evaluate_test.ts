import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { computeMetrics, F1_METRIC_REGEX } from "../../lib/metrics/mod.ts";
import { loadModel } from "../../lib/models/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";
import { runAde } from "./_run_ade.ts";

const ade = runAde;

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

Deno.test("ade train --target-recall chooses a lower threshold than best F1; predict --text prints label and score", async () => {
  await withDir(async (dir) => {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(240, 51, "tr"));
    const test = await writeRows(`${dir}/test.jsonl`, syntheticRows(120, 52, "te"));
    const best = await ade(["train", "--train", train, "--model-dir", `${dir}/best`]);
    assert.equal(best.code, 0, best.stderr);
    const recall = await ade([
      "train",
      "--train",
      train,
      "--model-dir",
      `${dir}/recall`,
      "--target-recall",
      "0.99",
    ]);
    assert.equal(recall.code, 0, recall.stderr);
    const bestModel = await loadModel(`${dir}/best`);
    const recallModel = await loadModel(`${dir}/recall`);
    assert.ok(recallModel.threshold <= bestModel.threshold);
    assert.match(recallModel.summary.thresholdMethod, /^recall ≥ 0\.99 on out-of-fold scores/);
    assert.ok(
      recall.stderr.includes(`threshold ${recallModel.threshold.toFixed(4)} (recall ≥ 0.99`),
      recall.stderr,
    );
    const card = await Deno.readTextFile(`${dir}/recall/MODEL_CARD.md`);
    assert.ok(card.includes(`**${recallModel.threshold.toFixed(4)}** (recall ≥ 0.99`));

    // evaluate prints every operating point with its threshold.
    const evaluated = await ade([
      "evaluate",
      "--model",
      `${dir}/recall`,
      "--test",
      test,
      "--out",
      `${dir}/eval/metrics.json`,
      "--resamples",
      "50",
    ]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const report = JSON.parse(await Deno.readTextFile(`${dir}/eval/metrics.json`));
    for (const point of report.operating_points) {
      assert.ok(evaluated.stderr.includes(`threshold ${point.threshold.toFixed(4)}`));
    }
    assert.match(evaluated.stderr, /to catch 95% of AEs, review \d+\.\d% of sentences \(95% CI/);

    // predict --text gives the same label and score as predict --in.
    const texts = ["Severe rash occurred during treatment with zalomycin.", "Brevatol was given."];
    const printed = await ade([
      "predict",
      "--model",
      `${dir}/recall`,
      "--text",
      texts[0],
      "--text",
      texts[1],
    ]);
    assert.equal(printed.code, 0, printed.stderr);
    await Deno.writeTextFile(
      `${dir}/in.jsonl`,
      texts.map((text) => JSON.stringify({ text })).join("\n") + "\n",
    );
    const file = await ade([
      "predict",
      "--model",
      `${dir}/recall`,
      "--in",
      `${dir}/in.jsonl`,
      "--out",
      `${dir}/out.jsonl`,
    ]);
    assert.equal(file.code, 0, file.stderr);
    const rows = await readJsonl(`${dir}/out.jsonl`);
    assert.deepEqual(
      printed.stdout.trim().split("\n"),
      rows.map((row, i) => `${i + 1}\t${row.label}\tscore ${(row.score as number).toFixed(4)}`),
    );
    assert.ok(!printed.stdout.includes("zalomycin") && !printed.stderr.includes("zalomycin"));

    const both = await ade(["predict", "--model", `${dir}/recall`, "--text", "x", "--in", test]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --text or --in\/--out/);
    const bad = await ade([
      "train",
      "--train",
      train,
      "--model-dir",
      `${dir}/x`,
      "--target-recall",
      "0",
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--target-recall must be in \(0, 1\]/);
    assert.doesNotMatch(bad.stderr, /at .*\.ts:\d+/);
  });
});
