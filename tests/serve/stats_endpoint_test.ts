import assert from "node:assert/strict";
import type { Label } from "../../lib/data/mod.ts";
import { type Predictor, startEndpointServer } from "../../lib/serve/mod.ts";
import { fitShiftReference } from "../../lib/shift/mod.ts";
import { expectedPrediction } from "./_fake_predictor.ts";

const trainTexts = Array.from(
  { length: 300 },
  (_, i) =>
    `The patient developed hepatitis ${i % 17} after treatment with drug ${i % 11} in the trial.`,
);
const trainLabels: Label[] = trainTexts.map((_, i) => (i % 4 === 0 ? "Adverse_Event" : "Not_AE"));
const reference = fitShiftReference(trainTexts, trainLabels, {
  seed: 1,
  groups: trainTexts.map((_, i) => `g${i % 60}`),
});
const predictor: Predictor = {
  shiftReference: reference,
  predict: (texts) => texts.map(expectedPrediction),
};

async function withServer(
  options: { token?: string; statsWindow?: number },
  work: (url: string) => Promise<void>,
): Promise<void> {
  const server = startEndpointServer({ predictor, port: 0, log: () => {}, ...options });
  try {
    await work(server.url);
  } finally {
    await server.shutdown();
  }
}

const invoke = (url: string, texts: string[], headers: Record<string, string> = {}) =>
  fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ inputs: texts }),
  }).then((response) => response.text());

Deno.test("GET /stats counts the last N texts, judges shift over them, and never returns text", async () => {
  await withServer({ statsWindow: 80 }, async (url) => {
    const first = await (await fetch(`${url}/stats`)).json();
    assert.equal(first.rows, 0);
    assert.match(first.shift.reason, /^cannot judge: 0 rows/);
    const inDomain = trainTexts.slice(0, 60);
    await invoke(url, inDomain);
    const typical = await (await fetch(`${url}/stats`)).json();
    assert.equal(typical.rows, 60);
    assert.equal(typical.shift.flagged, false, typical.shift.reason);
    assert.equal(
      typical.predicted_positive,
      inDomain.filter((text) => expectedPrediction(text).label === "Adverse_Event").length,
    );
    assert.equal(typical.training_positive_rate, 0.25);
    const lay = Array.from(
      { length: 70 },
      (_, i) => `omg my tummy ${i} is killing me since the new pills lol`,
    );
    await invoke(url, lay);
    const response = await fetch(`${url}/stats`);
    const body = await response.text();
    const stats = JSON.parse(body);
    assert.equal(stats.rows, 80, "the window keeps the last 80 texts");
    assert.equal(stats.rows_total, 130);
    assert.equal(stats.shift.flagged, true, stats.shift.reason);
    assert.deepEqual(Object.keys(stats.shift), ["score", "threshold", "flagged", "reason"]);
    assert.equal(/tummy|hepatitis|patient|omg/i.test(body), false, "no text in /stats");
    assert.equal((await fetch(`${url}/stats`, { method: "POST", body: "x" })).status, 405);
  });
});

Deno.test("GET /stats needs the bearer token when the endpoint has one", async () => {
  await withServer({ token: "s3cret" }, async (url) => {
    assert.equal((await fetch(`${url}/stats`)).status, 401);
    const ok = await fetch(`${url}/stats`, { headers: { authorization: "Bearer s3cret" } });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  });
});
