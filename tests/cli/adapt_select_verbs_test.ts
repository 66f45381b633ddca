import assert from "node:assert/strict";
import {
  DIR,
  exists,
  MODEL_DIR,
  POOL,
  TRAIN_PATH,
  writeRowsFile,
} from "../adapt/_adapt_fixture.ts";
import { runAde } from "./_run_ade.ts";

const ade = (args: string[]) => runAde([...args, "--store", `${DIR}/cli.sqlite`]);

Deno.test("ade select then ade adapt: pick 60 texts, label them, adapt, without printing any text", async () => {
  const tweets = POOL.filter((row) => row.source === "tweet");
  const pool = await writeRowsFile("tweet-pool.jsonl", tweets.map(({ label: _l, ...row }) => row));
  const selected = await ade([
    "select",
    "--model",
    MODEL_DIR,
    "--pool",
    pool,
    "--n",
    "60",
    "--out",
    `${DIR}/tweets-to-label.csv`,
    "--seed",
    "9",
  ]);
  assert.equal(selected.code, 0, selected.stderr);
  assert.match(selected.stderr, /picked 60 of \d+ pool texts/);
  const labels = new Map(tweets.map((row) => [row.id, row.label]));
  const picked = (await Deno.readTextFile(`${DIR}/tweets-to-label.jsonl`)).trim().split("\n")
    .map((line) => JSON.parse(line));
  const labelled = await writeRowsFile(
    "tweets-labelled.jsonl",
    picked.map((row) => ({ ...row, label: labels.get(row.id) })),
  );
  const adapted = await ade([
    "adapt",
    "--model",
    MODEL_DIR,
    "--labelled",
    labelled,
    "--out",
    `${DIR}/model-tweets`,
    "--train",
    TRAIN_PATH,
    "--target-recall",
    "0.8",
  ]);
  assert.equal(adapted.code, 0, adapted.stderr);
  assert.match(adapted.stderr, /cross-validated on the sample: F1 \d\.\d{3} \(95% CI/);
  assert.match(adapted.stderr, /reaches recall \d\.\d{3} ≥ 0\.8/);
  assert.ok(await exists(`${DIR}/model-tweets/model.json`));
  for (const row of tweets) {
    assert.equal(selected.stderr.includes(row.text) || adapted.stderr.includes(row.text), false);
  }
});

Deno.test("ade adapt with a one-class file exits 1 with one message naming the file, and writes nothing", async () => {
  const oneClass = await writeRowsFile(
    "cli-one-class.jsonl",
    POOL.filter((row) => row.label === "Not_AE").slice(0, 55),
  );
  const result = await ade([
    "adapt",
    "--model",
    MODEL_DIR,
    "--labelled",
    oneClass,
    "--out",
    `${DIR}/never`,
  ]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^ade adapt: .*cli-one-class\.jsonl field "label": every row is labelled Not_AE/m,
  );
  assert.equal(result.stderr.includes("    at "), false, "no stack trace");
  assert.equal(await exists(`${DIR}/never`), false);
  const badStrategy = await ade([
    "adapt",
    "--model",
    MODEL_DIR,
    "--labelled",
    oneClass,
    "--out",
    `${DIR}/never`,
    "--strategy",
    "guess",
  ]);
  assert.equal(badStrategy.code, 2);
  assert.match(badStrategy.stderr, /--strategy must be one of auto, threshold, retrain/);
});
