/** One id rule for every reader and verb: predictions and evaluations join back to the input rows. */
import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/fs.ts";
import { prepareDataset, readLabelledFile, readTextRows } from "../../lib/data/mod.ts";
import { evaluateModelFile, predictFile } from "../../lib/evaluate/mod.ts";
import { savedModel } from "./_saved_model.ts";
import { syntheticRows } from "./_synthetic_rows.ts";

/** A user's CSV without ids, with a blank line and a record over two lines (so lines are not records). */
function userCsv(): string {
  const rows = syntheticRows(60, 5);
  const lines = ["text,label,group"];
  rows.forEach((row, i) => {
    const text = i === 3 ? `"${row.text}\nwith a second line"` : `"${row.text}"`;
    lines.push(`${text},${row.label === "Adverse_Event" ? 1 : 0},${row.pmid}`);
    if (i === 10) lines.push("");
  });
  return lines.join("\r\n") + "\r\n";
}

Deno.test("prepare, predict and evaluate give a CSV's rows the same line-<N> ids, and predictions join back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-ids-" });
  try {
    const csvPath = `${dir}/user.csv`;
    await Deno.writeTextFile(csvPath, userCsv());
    const model = (await savedModel(dir)).modelDir;
    const { rows } = await readLabelledFile(csvPath);
    const textRows = await readTextRows(csvPath);
    // The id is the line the record starts on: line 5 holds a two-line record, line 14 is blank.
    assert.equal(rows[3].id, "line-5");
    assert.equal(rows[4].id, "line-7");
    assert.equal(rows[10].id, "line-13");
    assert.equal(rows[11].id, "line-15");
    assert.deepEqual(textRows.map((row) => row.id), rows.map((row) => row.id));

    await predictFile({ modelDir: model, inputPath: csvPath, outputPath: `${dir}/pred.jsonl` });
    const predictions = await readJsonl<{ id: string; score: number }>(`${dir}/pred.jsonl`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(predictions.length, rows.length);
    for (const prediction of predictions) assert.ok(byId.has(prediction.id), prediction.id);

    await evaluateModelFile({
      modelDir: model,
      testPath: csvPath,
      metricsPath: `${dir}/metrics.json`,
      resamples: 50,
    });
    const evaluated = await readJsonl<{ id: string; gold: string; score: number }>(
      `${dir}/metrics.predictions.jsonl`,
    );
    assert.deepEqual(evaluated.map((row) => row.id), predictions.map((row) => row.id));
    evaluated.forEach((row, i) => {
      assert.equal(row.gold, byId.get(row.id)!.label);
      assert.equal(row.score, predictions[i].score);
    });

    // prepare keeps the same ids in train/test; predicting on its test file gives them back.
    await prepareDataset({
      source: csvPath,
      split: "grouped",
      seed: 3,
      testSize: 0.3,
      out: `${dir}/data`,
      quiet: true,
    });
    const test = (await readLabelledFile(`${dir}/data/test.jsonl`)).rows;
    for (const row of test) assert.equal(byId.get(row.id)?.text, row.text);
    await predictFile({
      modelDir: model,
      inputPath: `${dir}/data/test.jsonl`,
      outputPath: `${dir}/pred-test.jsonl`,
    });
    const testPredictions = await readJsonl<{ id: string }>(`${dir}/pred-test.jsonl`);
    assert.deepEqual(testPredictions.map((row) => row.id), test.map((row) => row.id));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
