import assert from "node:assert/strict";
import {
  DEFAULT_HYPERPARAMETERS,
  explainPrediction,
  loadModel,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { toyCorpus } from "./_fixture.ts";

const corpus = toyCorpus(300, 11);
const model = TextClassifier.fit(corpus.texts, corpus.labels, {
  ...DEFAULT_HYPERPARAMETERS,
  min_df: 1,
}, { seed: 4, groups: corpus.groups });

Deno.test("explainPrediction() contributions sum with the intercept to the decision value", () => {
  const texts = [
    "Neutropenia developed after cisplatin daily.",
    "Aspirin was given for case report without rash.",
    "Unseen words ΣΟΦΟΣ 😀 İ, rash rash rash",
    "",
  ];
  for (const text of texts) {
    const explanation = explainPrediction(model, text, { top: Infinity });
    const [decision] = model.decisionValues([text]);
    const sum = explanation.contributions.reduce((total, c) => total + c.contribution, 0);
    assert.ok(Math.abs(explanation.decision - decision) < 1e-9, text);
    assert.ok(Math.abs(explanation.intercept + sum - decision) < 1e-9, text);
    const [{ label, score }] = model.predict([text]);
    assert.equal(explanation.label, label);
    assert.ok(Math.abs(explanation.score - score) < 1e-12);
  }
});

Deno.test("explainPrediction() shows the text's own n-grams, strongest first", () => {
  const text = "Hepatitis developed after warfarin.";
  const explanation = explainPrediction(model, text, { top: 5 });
  assert.equal(explanation.contributions.length, 5);
  const magnitudes = explanation.contributions.map((c) => Math.abs(c.contribution));
  assert.deepEqual(magnitudes, [...magnitudes].sort((a, b) => b - a));
  const lower = text.toLowerCase();
  for (const { kind, ngrams } of explanation.contributions) {
    assert.ok(ngrams.length >= 1);
    for (const gram of ngrams) {
      if (kind === "word") {
        assert.ok(lower.includes(gram), gram);
      } else assert.ok(` ${lower} `.includes(gram), gram);
    }
  }
  const words = explainPrediction(model, text, { top: Infinity }).contributions
    .filter((c) => c.kind === "word").flatMap((c) => c.ngrams);
  assert.ok(words.includes("developed after"), words.join(", "));
});

Deno.test("explainPrediction() explains an old-format model from the text too", async () => {
  const old = await loadModel(new URL("../fixtures/models/old-format", import.meta.url).pathname);
  const text = "Ankle swelling after velquorin.";
  const explanation = explainPrediction(old, text, { top: Infinity });
  const [decision] = old.decisionValues([text]);
  assert.ok(Math.abs(explanation.decision - decision) < 1e-9);
  assert.ok(explanation.contributions.some((c) => c.ngrams.includes("velquorin")));
});
