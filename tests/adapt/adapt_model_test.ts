import assert from "node:assert/strict";
import { adaptModel } from "../../lib/adapt/mod.ts";
import { sha256File } from "../../lib/core/mod.ts";
import { computeMetrics } from "../../lib/metrics/mod.ts";
import { loadModel, readModelMetadata } from "../../lib/models/mod.ts";
import { judgeShift, loadShiftReference } from "../../lib/shift/mod.ts";
import {
  DIR,
  exists,
  HELD_OUT,
  MODEL_DIR,
  POOL,
  TRAIN_PATH,
  writeRowsFile,
} from "./_adapt_fixture.ts";

const forumPool = POOL.filter((row) => row.source === "forum");
const forumHeldOut = HELD_OUT.filter((row) => row.source === "forum");
const f1On = (model: Awaited<ReturnType<typeof loadModel>>, rows: typeof HELD_OUT) =>
  computeMetrics(
    rows.map((row) => row.label),
    model.scores(rows.map((row) => row.text)),
    model.threshold,
  )
    .f1;

Deno.test("adaptModel() from 50 labelled rows writes a normal model folder that records the sample and its estimate", async () => {
  const sample = await writeRowsFile("forum50.jsonl", forumPool.slice(0, 50));
  const outDir = `${DIR}/adapted-50`;
  const { adaptation } = await adaptModel({
    modelDir: MODEL_DIR,
    labelledPath: sample,
    outDir,
    strategy: "threshold",
    seed: 7,
  });
  const adapted = await loadModel(outDir);
  const metadata = await readModelMetadata(outDir);
  const recorded = (metadata.metrics as { adaptation: typeof adaptation }).adaptation;
  assert.deepEqual(recorded, adaptation);
  assert.equal(recorded.sample.rows, 50);
  assert.equal(
    recorded.sample.positives,
    forumPool.slice(0, 50).filter((r) => r.label === "Adverse_Event").length,
  );
  assert.equal(recorded.sample.sha256, await sha256File(sample));
  assert.equal(recorded.strategy, "threshold");
  const { f1, f1_ci } = recorded.estimate;
  assert.ok(f1_ci.low <= f1 && f1 <= f1_ci.high && f1_ci.resamples === 1000);
  const base = await loadModel(MODEL_DIR);
  assert.ok(
    f1On(adapted, forumHeldOut) > f1On(base, forumHeldOut) + 0.1,
    `held-out forum F1: adapted ${f1On(adapted, forumHeldOut)}, base ${f1On(base, forumHeldOut)}`,
  );
  const card = await Deno.readTextFile(`${outDir}/MODEL_CARD.md`);
  assert.match(card, /^# Model card: adapted-50\n/);
  assert.ok(card.includes("on a labelled sample of 50 rows"), "the card names the sample");
  assert.ok(card.includes("Strategy: threshold (--strategy threshold)"), "and the strategy");
  assert.ok(
    card.includes(`F1 ${f1.toFixed(3)} (95% CI ${f1_ci.low.toFixed(3)}–${f1_ci.high.toFixed(3)})`),
    "and the cross-validated estimate",
  );
  assert.ok(card.includes("looks unlike the adaptation sample"), "the shift rule it now applies");
  const words = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);
  const runs = new Set(
    forumPool.slice(0, 50).flatMap((row) =>
      words(row.text).map((_, i, all) => all.slice(i, i + 5).join(" ")).filter((run) =>
        run.split(" ").length === 5
      )
    ),
  );
  const cardWords = words(card);
  for (let i = 0; i + 5 <= cardWords.length; i++) {
    assert.ok(!runs.has(cardWords.slice(i, i + 5).join(" ")), "no sample text on the card");
  }
  const shift = await loadShiftReference(outDir);
  assert.equal(shift?.twoSided, true);
  const forumTexts = forumHeldOut.map((row) => row.text);
  assert.equal(judgeShift(shift!, forumTexts).flagged, false, "its own source is not flagged");
});

Deno.test("adaptModel() --target-recall 0.9 reaches recall 0.9 on the sample's cross-validated scores", async () => {
  const sample = forumPool.slice(0, 80);
  const path = await writeRowsFile("forum80.jsonl", sample);
  const { adaptation, model } = await adaptModel({
    modelDir: MODEL_DIR,
    labelledPath: path,
    outDir: `${DIR}/adapted-recall`,
    strategy: "threshold",
    targetRecall: 0.9,
    seed: 3,
  });
  assert.equal(adaptation.target_recall, 0.9);
  assert.ok(adaptation.sample_recall >= 0.9, `${adaptation.sample_recall}`);
  // threshold strategy: the scores on the sample do not depend on the sample, so recompute directly
  const scores = model.scores(sample.map((row) => row.text));
  const recall = computeMetrics(sample.map((row) => row.label), scores, model.threshold).recall;
  assert.ok(recall >= 0.9, `recall recomputed from the saved threshold: ${recall}`);
  assert.equal(recall, adaptation.sample_recall);
  // …and it is the highest such threshold: the next score above it no longer reaches the target
  const included = Array.from(scores).filter((score) => score >= model.threshold);
  const lowestIncluded = Math.min(...included);
  const nextCut = Math.min(...included.filter((score) => score > lowestIncluded));
  const recallAbove = computeMetrics(sample.map((row) => row.label), scores, nextCut).recall;
  assert.ok(recallAbove < 0.9, `recall at the next higher cut: ${recallAbove}`);
});

Deno.test("adaptModel() auto compares threshold with retrain on cross-validation and records both", async () => {
  const path = await writeRowsFile(
    "email60.jsonl",
    POOL.filter((row) => row.source === "email").slice(0, 60),
  );
  const { adaptation, notes } = await adaptModel({
    modelDir: MODEL_DIR,
    labelledPath: path,
    outDir: `${DIR}/adapted-auto`,
    trainPath: TRAIN_PATH,
    seed: 5,
  });
  assert.deepEqual(Object.keys(adaptation.candidates).sort(), ["retrain", "threshold"]);
  const { threshold, retrain } = adaptation.candidates;
  assert.equal(adaptation.strategy, retrain!.f1 > threshold!.f1 ? "retrain" : "threshold");
  assert.match(adaptation.reason, /^auto: cross-validated F1/);
  assert.deepEqual(notes, []);
  const withoutTrain = await adaptModel({
    modelDir: MODEL_DIR,
    labelledPath: path,
    outDir: `${DIR}/adapted-auto-no-train`,
    seed: 5,
  });
  assert.equal(withoutTrain.adaptation.strategy, "threshold");
  assert.match(withoutTrain.notes.join(), /retrain not tried/);
});

Deno.test("adaptModel() rejects bad samples with file, line and field, and writes nothing", async () => {
  const oneClass = await writeRowsFile(
    "one-class.jsonl",
    forumPool.filter((row) => row.label === "Not_AE").slice(0, 60),
  );
  const unknown = await writeRowsFile(
    "unknown-label.jsonl",
    forumPool.slice(0, 60).map((row, i) => (i === 7 ? { ...row, label: "maybe" } : row)),
  );
  const tooFew = await writeRowsFile("too-few.jsonl", forumPool.slice(0, 49));
  const csv = `${DIR}/unlabelled.csv`;
  await Deno.writeTextFile(
    csv,
    "id,text,label\r\n" +
      forumPool.slice(0, 60).map((row) => `${row.id},"${row.text.replaceAll('"', '""')}",`).join(
        "\r\n",
      ) + "\r\n",
  );
  const cases: Array<[string, RegExp]> = [
    [
      oneClass,
      /one-class\.jsonl field "label": every row is labelled Not_AE; adapt needs rows of both/,
    ],
    [unknown, /unknown-label\.jsonl:8 field "label": unknown label "maybe"/],
    [tooFew, /too-few\.jsonl: 49 labelled rows; adapt needs at least 50/],
    [csv, /unlabelled\.csv:2 field "label": missing label/],
  ];
  for (const [labelledPath, message] of cases) {
    const outDir = `${DIR}/never-${labelledPath.split("/").pop()}`;
    await assert.rejects(adaptModel({ modelDir: MODEL_DIR, labelledPath, outDir }), message);
    assert.equal(await exists(outDir), false, `${outDir} must not be written`);
  }
  const good = await writeRowsFile("good.jsonl", forumPool.slice(0, 60));
  await assert.rejects(
    adaptModel({ modelDir: MODEL_DIR, labelledPath: good, outDir: `${DIR}/x`, targetRecall: 1.5 }),
    /--target-recall must be in \(0, 1\]/,
  );
  await assert.rejects(
    adaptModel({
      modelDir: MODEL_DIR,
      labelledPath: good,
      outDir: `${DIR}/y`,
      strategy: "retrain",
      trainPath: good,
    }),
    /good\.jsonl: not the data this model was trained on/,
  );
  await assert.rejects(
    adaptModel({ modelDir: MODEL_DIR, labelledPath: good, outDir: MODEL_DIR }),
    /--out must be a new folder/,
  );
  for (const dir of ["x", "y"]) assert.equal(await exists(`${DIR}/${dir}`), false);
});
