import assert from "node:assert/strict";
import { AdeError } from "../../lib/core/mod.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  type ModelHyperparameters,
  TextClassifier,
} from "../../lib/models/mod.ts";
import { toyCorpus } from "./_fixture.ts";

const corpus = toyCorpus(300, 1);
const probe = toyCorpus(60, 2);

for (const model of ["tfidf-svm", "tfidf-logreg"] as const) {
  const hp: ModelHyperparameters = { ...DEFAULT_HYPERPARAMETERS, model, min_df: 1 };

  Deno.test(`TextClassifier.fit() is deterministic for a seed (${model})`, () => {
    const a = TextClassifier.fit(corpus.texts, corpus.labels, hp, {
      seed: 7,
      groups: corpus.groups,
    });
    const b = TextClassifier.fit(corpus.texts, corpus.labels, hp, {
      seed: 7,
      groups: corpus.groups,
    });
    assert.deepEqual(a.weights, b.weights);
    assert.equal(a.intercept, b.intercept);
    assert.equal(a.threshold, b.threshold);
    assert.deepEqual(a.scores(probe.texts), b.scores(probe.texts));
  });

  Deno.test(`TextClassifier.predict() learns the toy task (${model})`, () => {
    const classifier = TextClassifier.fit(corpus.texts, corpus.labels, hp, {
      seed: 7,
      groups: corpus.groups,
    });
    const predictions = classifier.predict(probe.texts);
    const correct = predictions.filter((p, i) => p.label === probe.labels[i]).length;
    assert.ok(correct / probe.texts.length > 0.85, `accuracy ${correct / probe.texts.length}`);
    predictions.forEach((p) => {
      assert.ok(p.score >= 0 && p.score <= 1);
      assert.equal(p.label, p.score >= classifier.threshold ? "Adverse_Event" : "Not_AE");
    });
    assert.ok(classifier.summary.outOfFoldF1 !== null);
  });
}

Deno.test("TextClassifier.fit() without threshold folds uses 0.5", () => {
  const hp = { ...DEFAULT_HYPERPARAMETERS, threshold_folds: 0 };
  const classifier = TextClassifier.fit(corpus.texts, corpus.labels, hp, { seed: 8 });
  assert.equal(classifier.threshold, 0.5);
  assert.equal(classifier.summary.outOfFoldF1, null);
  assert.equal(classifier.scores(["rash developed after aspirin"]).length, 1);
});

Deno.test("TextClassifier.fit() reports progress and checkpoints usable snapshots", () => {
  const stages: string[] = [];
  const epochs: number[] = [];
  const snapshotThresholds: number[] = [];
  const hp = { ...DEFAULT_HYPERPARAMETERS, tol: 1e-9, max_iter: 6 };
  const classifier = TextClassifier.fit(corpus.texts, corpus.labels, hp, {
    seed: 3,
    groups: corpus.groups,
    onProgress: (stage, fraction) => {
      if (fraction === 1) stages.push(stage);
    },
    checkpointEvery: 2,
    onCheckpoint: (epoch, snapshot) => {
      epochs.push(epoch);
      snapshotThresholds.push(snapshot.threshold);
      assert.equal(snapshot.predict(probe.texts).length, probe.texts.length);
    },
  });
  assert.deepEqual(stages, ["features", "folds", "fit"]);
  assert.deepEqual(epochs, [2, 4, 6]);
  assert.deepEqual(snapshotThresholds, [2, 4, 6].map(() => classifier.threshold));
  assert.equal(classifier.summary.passes, 6);
});

Deno.test("TextClassifier.fit() rejects one-class data, length mismatches and bad hyperparameters", () => {
  const hp = DEFAULT_HYPERPARAMETERS;
  assert.throws(
    () => TextClassifier.fit(["a b", "c d"], ["Not_AE", "Not_AE"], hp, { seed: 1 }),
    (error: unknown) =>
      error instanceof AdeError && /both Adverse_Event and Not_AE/.test(error.message),
  );
  assert.throws(() => TextClassifier.fit(["a b"], [], hp, { seed: 1 }), /1 texts but 0 labels/);
  assert.throws(
    () =>
      TextClassifier.fit(
        ["fever after x", "no fever", "rash after y"],
        [
          "Adverse_Event",
          "Not_AE",
          "Adverse_Event",
        ],
        hp,
        { seed: 1 },
      ),
    /cannot make 5 threshold folds .*threshold_folds=0/,
  );
  assert.throws(
    () => TextClassifier.fit(corpus.texts, corpus.labels, { ...hp, C: -1 }, { seed: 1 }),
    /"C" must be > 0/,
  );
});

Deno.test("TextClassifier.predict() of a batch equals predicting each text alone (batches and splits may be cut anywhere)", () => {
  const model = TextClassifier.fit(corpus.texts, corpus.labels, {
    ...DEFAULT_HYPERPARAMETERS,
    min_df: 1,
    threshold_folds: 0,
  }, { seed: 5 });
  const texts = [
    ...probe.texts.slice(0, 20),
    "Nothing in the vocabulary qwxz.",
    "Severe rash, severe rash, severe rash after brevatol.",
    "x",
  ];
  assert.deepEqual(model.predict(texts), texts.map((text) => model.predict([text])[0]));
});
