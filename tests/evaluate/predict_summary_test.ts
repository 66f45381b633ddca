import assert from "node:assert/strict";
import { evaluateModelFile, predictFile } from "../../lib/evaluate/mod.ts";
import { predictionSummaryPath } from "../../lib/evaluate/predict_file.ts";
import { readRows } from "../../lib/data/mod.ts";
import { DIR, HELD_OUT, MODEL_DIR, TRAIN_PATH, writeRowsFile } from "../adapt/_adapt_fixture.ts";

const summaryOf = async (path: string) => JSON.parse(await Deno.readTextFile(path));

Deno.test("predictFile() writes OUT.summary.json with counts and the shift verdict; flags lay text", async () => {
  const tweets = await writeRowsFile(
    "tweets.jsonl",
    HELD_OUT.filter((row) => row.source === "tweet"),
  );
  const out = `${DIR}/pred-tweets.jsonl`;
  const result = await predictFile({ modelDir: MODEL_DIR, inputPath: tweets, outputPath: out });
  assert.equal(result.summaryPath, `${DIR}/pred-tweets.summary.json`);
  const summary = await summaryOf(result.summaryPath);
  assert.deepEqual(Object.keys(summary), [
    "rows",
    "predicted_positive",
    "predicted_positive_rate",
    "training_positive_rate",
    "shift",
  ]);
  assert.deepEqual(Object.keys(summary.shift), ["score", "threshold", "flagged", "reason"]);
  assert.equal(summary.rows, 80);
  assert.equal(summary.predicted_positive_rate, summary.predicted_positive / 80);
  assert.equal(summary.shift.flagged, true);
  for (const row of HELD_OUT) assert.equal(JSON.stringify(summary).includes(row.text), false);
});

Deno.test("predictFile() does not flag in-domain rows and cannot judge fewer than 50", async () => {
  const inDomain = (await readRows(TRAIN_PATH)).slice(0, 400); // rows the model saw: in-domain by definition
  const path = await writeRowsFile("in-domain.jsonl", inDomain);
  const result = await predictFile({
    modelDir: MODEL_DIR,
    inputPath: path,
    outputPath: `${DIR}/p1.jsonl`,
  });
  assert.equal(result.shift.flagged, false, result.shift.reason);
  const few = await writeRowsFile("few.jsonl", HELD_OUT.slice(0, 20));
  const small = await predictFile({
    modelDir: MODEL_DIR,
    inputPath: few,
    outputPath: `${DIR}/p2.jsonl`,
  });
  assert.equal(small.shift.flagged, false);
  assert.match(small.shift.reason, /^cannot judge: 20 rows, at least 50 needed/);
  assert.equal(predictionSummaryPath("a/b.csv.jsonl"), "a/b.csv.summary.json");
});

Deno.test("evaluateModelFile() with by: source writes one report per source under by", async () => {
  const heldOut = await writeRowsFile("held-out.jsonl", HELD_OUT);
  const outcome = await evaluateModelFile({
    modelDir: MODEL_DIR,
    testPath: heldOut,
    metricsPath: `${DIR}/by-source.json`,
    by: "source",
    resamples: 200,
  });
  const written = await summaryOf(`${DIR}/by-source.json`);
  assert.deepEqual(Object.keys(written.by), ["call_note", "email", "forum", "tweet"]);
  assert.equal(written.by_field, "source");
  assert.equal(written.by.tweet.n, 80);
  assert.deepEqual(written, JSON.parse(JSON.stringify(outcome.metrics)));
  await assert.rejects(
    evaluateModelFile({
      modelDir: MODEL_DIR,
      testPath: heldOut,
      metricsPath: `${DIR}/never.json`,
      by: "register",
    }),
    /held-out\.jsonl field "register": no row has a "register" field/,
  );
});
