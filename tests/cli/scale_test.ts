/**
 * Scale, with real processes: `predict` streams 1,000,000 rows in flat memory (its peak resident memory
 * barely differs from a 100,000-row run), `evaluate` and `train` handle 300,000 rows (the train workflow
 * crashed at 267,000 when it spread the rows into a call). Sized for a few minutes on 2 cores; the
 * memory figures are peaks of the child process (`VmHWM`), the limits generous.
 */
import assert from "node:assert/strict";
import { loadModel } from "../../lib/models/mod.ts";
import { DEFAULT_HYPERPARAMETERS, saveModel, TextClassifier } from "../../lib/models/mod.ts";

const PEAK_RSS = new URL("./_peak_rss.ts", import.meta.url).pathname;
const EFFECTS = ["rash", "nausea", "hepatitis", "tremor", "vertigo"];

/** Row `i` of a made-up file: short sentences from a small vocabulary, a third of them AEs. */
function row(i: number): { id: string; text: string; label: number; group: string } {
  const adverse = i % 3 === 0;
  const [a, b, day] = [i % 97, (i >> 3) % 89, (i >> 6) % 31];
  const text = adverse
    ? `${EFFECTS[i % 5]} after drug ${a} and drug ${b} on day ${day}.`
    : `Dose ${b} of drug ${a} given on day ${day}.`;
  return { id: `r${i}`, text, label: adverse ? 1 : 0, group: `g${i >> 2}` };
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let buffer = "id,text,label,group\n";
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    buffer += `${r.id},${r.text},${r.label},${r.group}\n`;
    if (buffer.length > 1 << 20) {
      await file.write(encoder.encode(buffer));
      buffer = "";
    }
  }
  await file.write(encoder.encode(buffer));
  file.close();
}

/** Runs `ade ...args` in a child and returns its exit code, stderr and peak resident memory in MiB. */
async function runMeasured(
  args: string[],
): Promise<{ code: number; stderr: string; peakMib: number }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", PEAK_RSS, ...args],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  const peak = /peak_rss_kib=(\d+)/.exec(stderr);
  return { code: output.code, stderr, peakMib: peak ? Number(peak[1]) / 1024 : NaN };
}

/** Lines of a file and its first and last, read in pieces. */
async function lineFacts(path: string): Promise<{ lines: number; first: string; last: string }> {
  let lines = 0, first = "", last = "", partial = "";
  const decoder = new TextDecoder();
  for await (const chunk of (await Deno.open(path)).readable) {
    const parts = (partial + decoder.decode(chunk, { stream: true })).split("\n");
    partial = parts.pop()!;
    for (const line of parts) {
      if (lines === 0) first = line;
      last = line;
      lines++;
    }
  }
  return { lines, first, last };
}

const dir = await Deno.makeTempDir({ prefix: "ade-scale-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const modelRows = Array.from({ length: 3000 }, (_, i) => row(i * 7 + 1));
const model = TextClassifier.fit(
  modelRows.map((r) => r.text),
  modelRows.map((r) => (r.label ? "Adverse_Event" : "Not_AE")),
  { ...DEFAULT_HYPERPARAMETERS },
  { seed: 1, groups: modelRows.map((r) => r.group) },
);
const modelDir = `${dir}/model`;
await saveModel(model, modelDir, { trainingDataSha256: "0".repeat(64), seed: 1 });

Deno.test("ade predict streams 1,000,000 rows with the memory of 100,000, every row scored in order", async () => {
  await writeCsv(`${dir}/100k.csv`, 100_000);
  await writeCsv(`${dir}/1m.csv`, 1_000_000);
  const small = await runMeasured([
    "predict",
    "--model",
    modelDir,
    "--in",
    `${dir}/100k.csv`,
    "--out",
    `${dir}/100k.jsonl`,
    "--store",
    `${dir}/s.sqlite`,
  ]);
  assert.equal(small.code, 0, small.stderr);
  const large = await runMeasured([
    "predict",
    "--model",
    modelDir,
    "--in",
    `${dir}/1m.csv`,
    "--out",
    `${dir}/1m.jsonl`,
    "--store",
    `${dir}/s.sqlite`,
  ]);
  assert.equal(large.code, 0, large.stderr);
  assert.match(large.stderr, /\[predict\] .*rows/, "progress is shown");
  const facts = await lineFacts(`${dir}/1m.jsonl`);
  assert.equal(facts.lines, 1_000_000);
  assert.equal(JSON.parse(facts.first).id, "r0");
  assert.equal(JSON.parse(facts.last).id, "r999999");
  assert.ok(large.peakMib < 600, `peak ${large.peakMib.toFixed(0)} MiB for 1,000,000 rows`);
  assert.ok(
    large.peakMib - small.peakMib < 100,
    `peak grew from ${small.peakMib.toFixed(0)} to ${
      large.peakMib.toFixed(0)
    } MiB with 10× the rows`,
  );
  await Deno.remove(`${dir}/1m.jsonl`);
  await Deno.remove(`${dir}/1m.csv`);
});

Deno.test("ade evaluate and ade train handle 300,000 rows", async () => {
  await writeCsv(`${dir}/300k.csv`, 300_000);
  const evaluation = await runMeasured([
    "evaluate",
    "--model",
    modelDir,
    "--test",
    `${dir}/300k.csv`,
    "--out",
    `${dir}/metrics.json`,
    "--resamples",
    "200",
    "--store",
    `${dir}/s.sqlite`,
  ]);
  assert.equal(evaluation.code, 0, evaluation.stderr);
  assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`)).n, 300_000);
  assert.equal((await lineFacts(`${dir}/metrics.predictions.jsonl`)).lines, 300_000);
  assert.ok(evaluation.peakMib < 800, `evaluate peak ${evaluation.peakMib.toFixed(0)} MiB`);

  const training = await runMeasured([
    "train",
    "--train",
    `${dir}/300k.csv`,
    "--model-dir",
    `${dir}/model-300k`,
    "--store",
    `${dir}/s.sqlite`,
  ]);
  assert.equal(training.code, 0, training.stderr);
  const trained = await loadModel(`${dir}/model-300k`);
  assert.equal(trained.summary.rows, 300_000);
  assert.ok(training.peakMib < 2048, `train peak ${training.peakMib.toFixed(0)} MiB`);
});
