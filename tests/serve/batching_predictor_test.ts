import assert from "node:assert/strict";
import { createBatchingPredictor } from "../../lib/serve/_batching_predictor.ts";
import type { Label } from "../../lib/data/types.ts";
import { DEFAULT_HYPERPARAMETERS, TextClassifier } from "../../lib/models/mod.ts";
import type { Prediction, Predictor } from "../../lib/serve/mod.ts";
import { createFakePredictor, expectedPrediction } from "./_fake_predictor.ts";

Deno.test("createBatchingPredictor() predicts requests of one turn in one call, each its own slice", async () => {
  const fake = createFakePredictor();
  const predict = createBatchingPredictor(fake);
  const requests = [["a"], ["bb", "ccc"], ["dddd", "e", "ffffff"]];
  const answers = await Promise.all(requests.map((texts) => predict(texts)));
  assert.equal(fake.calls, 1);
  assert.deepEqual(answers, requests.map((texts) => texts.map(expectedPrediction)));
  // A later turn is a new batch.
  assert.deepEqual(await predict(["g"]), [expectedPrediction("g")]);
  assert.equal(fake.calls, 2);
});

Deno.test("createBatchingPredictor() caps a batch's texts and keeps a failing request from failing others", async () => {
  const calls: number[] = [];
  const picky: Predictor = {
    predict(texts: readonly string[]): Prediction[] {
      calls.push(texts.length);
      if (texts.includes("bad")) throw new Error("cannot predict");
      return texts.map(expectedPrediction);
    },
  };
  const predict = createBatchingPredictor(picky, 3);
  const results = await Promise.allSettled([
    predict(["one", "two"]),
    predict(["bad"]),
    predict(["three"]),
  ]);
  assert.equal(results[0].status, "fulfilled");
  assert.deepEqual(
    (results[0] as PromiseFulfilledResult<Prediction[]>).value,
    ["one", "two"].map(expectedPrediction),
  );
  assert.equal(results[1].status, "rejected");
  assert.deepEqual(
    (results[2] as PromiseFulfilledResult<Prediction[]>).value,
    [expectedPrediction("three")],
  );
  assert.ok(Math.max(...calls) <= 3, `a batch held ${Math.max(...calls)} texts`);
});

Deno.test("TextClassifier.predict() of a batch equals predicting each text alone (what batching relies on)", () => {
  const texts: string[] = [];
  const labels: Label[] = [];
  for (let i = 0; i < 60; i++) {
    const positive = i % 2 === 0;
    texts.push(
      positive
        ? `Severe rash ${i} appeared after treatment with zalomycin.`
        : `The brevatol dose was ${i} mg daily.`,
    );
    labels.push(positive ? "Adverse_Event" : "Not_AE");
  }
  const model = TextClassifier.fit(texts, labels, {
    ...DEFAULT_HYPERPARAMETERS,
    min_df: 1,
    threshold_folds: 0,
  }, { seed: 5 });
  const probe = [
    "Hepatitis after zalomycin.",
    "brevatol 5 mg",
    "Nothing in the vocabulary qwxz.",
    "Severe rash, severe rash, severe rash after brevatol.",
  ];
  assert.deepEqual(model.predict(probe), probe.map((text) => model.predict([text])[0]));
});
