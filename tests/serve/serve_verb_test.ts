import assert from "node:assert/strict";
import type { Label } from "../../lib/data/types.ts";
import { DEFAULT_HYPERPARAMETERS, saveModel, TextClassifier } from "../../lib/models/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;
const DRUGS = ["zalomycin", "brevatol", "quintarex", "morvacil", "dextralin", "pelomab"];
const EFFECTS = ["severe rash", "hepatitis", "seizures", "renal failure", "neutropenia"];

/** Invented sentences: positives link a drug to an effect, negatives mention a drug plainly. */
function inventedRows(count: number): Array<{ text: string; label: Label; pmid: string }> {
  return Array.from({ length: count }, (_, i) => {
    const drug = DRUGS[i % DRUGS.length];
    const positive = i % 2 === 0;
    return {
      text: positive
        ? `${EFFECTS[i % EFFECTS.length]} developed after treatment with ${drug}.`
        : `The ${drug} dose was ${(i % 9) + 1} mg daily in case ${i}.`,
      label: positive ? "Adverse_Event" : "Not_AE",
      pmid: String(1000 + Math.floor(i / 4)),
    };
  });
}

async function readLine(
  reader: ReadableStreamDefaultReader<string>,
  pattern: RegExp,
): Promise<string> {
  let text = "";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  throw new Error(`no output matching ${pattern}`);
}

Deno.test("ade serve and ade invoke serve a saved model, then serve exits 0 on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-serve-verb-" });
  const rows = inventedRows(120);
  const model = TextClassifier.fit(
    rows.map((row) => row.text),
    rows.map((row) => row.label),
    { ...DEFAULT_HYPERPARAMETERS, min_df: 1, threshold_folds: 0 },
    { seed: 3 },
  );
  await saveModel(model, `${dir}/model`, { trainingDataSha256: "0".repeat(64), seed: 3 });
  const store = `${dir}/ade.sqlite`;
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve", "--model", `${dir}/model`, "--port", "0", "--store", store],
    env: { NO_COLOR: "1", ADE_RUN_ID: "verb-study" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stderr = new Response(server.stderr).text();
  let stopped = false;
  try {
    const url = await readLine(stdout, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const texts = [
      "Seizures developed after treatment with morvacil.",
      "The pelomab dose was 2 mg daily.",
    ];
    const invoke = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN,
        "invoke",
        "--endpoint",
        url,
        "--text",
        texts[0],
        "--text",
        texts[1],
        "--content-type",
        "text/csv",
        "--store",
        store,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(invoke.code, 0, new TextDecoder().decode(invoke.stderr));
    const predictions = JSON.parse(new TextDecoder().decode(invoke.stdout));
    const expected = model.predict(texts);
    assert.deepEqual(predictions, expected);

    server.kill("SIGTERM");
    stopped = true;
    assert.equal((await server.status).code, 0);
    const log = await stderr;
    assert.match(log, /POST \/invocations 200/);
    assert.ok(!log.includes("morvacil") && !log.includes("pelomab"), "text in the access log");

    const opened = await ExperimentStore.open(store);
    const [serve] = opened.listRuns({ kind: "serve" });
    const [invoked] = opened.listRuns({ kind: "predict", name: "invoke" });
    opened.close();
    assert.equal(serve.status, "completed");
    assert.equal(serve.runId, "verb-study");
    assert.equal(invoked.status, "completed");
    assert.ok(!JSON.stringify(invoked).includes("morvacil"), "text in the store");
  } finally {
    if (!stopped) server.kill("SIGKILL");
    await server.status;
    await stdout.cancel();
    await stderr.catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ade serve refuses bad flags with a usage error, not a stack trace", async () => {
  for (
    const args of [["serve"], ["serve", "--model", "x", "--port", "70000"], [
      "invoke",
      "--text",
      "x",
    ]]
  ) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...args],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const message = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 2, message);
    assert.match(message, /^ade (serve|invoke): /);
    assert.ok(!message.includes("    at "), "stack trace printed");
  }
});
