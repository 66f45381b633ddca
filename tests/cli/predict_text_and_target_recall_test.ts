import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { loadModel } from "../../lib/models/mod.ts";
import { syntheticRows, writeRows } from "../evaluate/_synthetic_rows.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

async function ade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1" },
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

Deno.test("ade train --target-recall chooses a lower threshold than best F1; predict --text prints label and score", async () => {
  const dir = await Deno.makeTempDir();
  try {
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
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
