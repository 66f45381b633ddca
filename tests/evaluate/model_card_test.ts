import assert from "node:assert/strict";
import { trainAndEvaluate, trainModel } from "../../lib/evaluate/mod.ts";
import { writeModelCard } from "../../lib/evaluate/_write_model_card.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import { syntheticRows, writeRows } from "./_synthetic_rows.ts";

/** Every run of four consecutive words of the sentences (what a card must never contain). */
function fourWordRuns(texts: readonly string[]): Set<string> {
  const runs = new Set<string>();
  for (const text of texts) {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    for (let i = 0; i + 4 <= words.length; i++) runs.add(words.slice(i, i + 4).join(" "));
  }
  return runs;
}

function assertNoSentenceText(card: string, texts: readonly string[]): void {
  const words = card.toLowerCase().split(/\s+/).filter(Boolean);
  const runs = fourWordRuns(texts);
  for (let i = 0; i + 4 <= words.length; i++) {
    const run = words.slice(i, i + 4).join(" ");
    assert.ok(!runs.has(run), `the card holds sentence text: "${run}"`);
  }
}

Deno.test("trainAndEvaluate() writes MODEL_CARD.md with the threshold, F1 and its interval, operating points and no sentence text", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const trainRows = syntheticRows(200, 31, "tr");
    const testRows = syntheticRows(80, 32, "te");
    const outcome = await trainAndEvaluate({
      name: "baseline",
      trainRows,
      testRows,
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 42,
      outDir: dir,
      resamples: 100,
      dataSource: { source: "/data/our_cases.csv", split: "grouped" },
    });
    const card = await Deno.readTextFile(`${outcome.modelDir}/MODEL_CARD.md`);
    const report = outcome.metrics;
    const interval = report.f1_ci_pmid!;
    assert.match(card, /^# Model card: baseline\n/);
    assert.ok(card.includes(`at least **${report.threshold.toFixed(4)}**`), "threshold");
    assert.ok(
      card.includes(
        `| F1 (AE class) | ${report.f1.toFixed(3)} (95% CI ${interval.low.toFixed(3)}–${
          interval.high.toFixed(3)
        }) |`,
      ),
      "F1 with its interval",
    );
    assert.ok(card.includes("resampling whole PubMed abstracts, 100 resamples"), "method named");
    for (const point of report.operating_points.filter((p) => p.target_recall !== null)) {
      assert.ok(
        card.includes(
          `| recall ≥ ${point.target_recall!.toFixed(2)} | ${point.threshold.toFixed(4)} |`,
        ),
      );
    }
    assert.ok(card.includes("the user's own labelled data (`our_cases.csv`)"), "user data named");
    assert.ok(
      card.includes("reference statistics of the training data (`shift.json`"),
      "trainAndEvaluate saves the shift reference, and the card describes it",
    );
    assert.ok(card.includes("## Licence of the data"));
    assertNoSentenceText(card, [...trainRows, ...testRows].map((row) => row.text));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeModelCard() adds the folder's shift statistics and the caller's notes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const train = await writeRows(`${dir}/train.jsonl`, syntheticRows(120, 41));
    await Deno.writeTextFile(
      `${dir}/manifest.json`,
      JSON.stringify({ source: "hf", split: "grouped" }),
    );
    const modelDir = `${dir}/model`;
    await trainModel({
      trainFiles: [train],
      validationFiles: [],
      modelDir,
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
      seed: 1,
    });
    const first = await Deno.readTextFile(`${modelDir}/MODEL_CARD.md`);
    assert.ok(
      first.includes("ADE Corpus V2"),
      "the manifest next to the training file names the corpus",
    );
    assert.ok(first.includes("Not evaluated on held-out data yet"));
    assert.match(
      first,
      /^# Model card: model\n/,
      "named after the model folder, not its staging folder",
    );
    await Deno.writeTextFile(
      `${modelDir}/shift.json`,
      JSON.stringify({
        documents: 120,
        false_alarm_rate: 0.01,
        training_positive_rate: 0.3,
        minimum_rows: 50,
      }),
    );
    await writeModelCard(modelDir, { name: "adapted", notes: ["adapted on 100 rows (threshold)"] });
    const card = await Deno.readTextFile(`${modelDir}/MODEL_CARD.md`);
    assert.match(card, /^# Model card: adapted/);
    assert.ok(card.includes("from 120 training documents"));
    assert.ok(card.includes("1.0% false-alarm rate"));
    assert.ok(card.includes("files under 50 rows are not judged"));
    assert.ok(card.includes("- adapted on 100 rows (threshold)"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
