import assert from "node:assert/strict";
import { UsageError } from "../../lib/core/mod.ts";
import {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_NAMES,
  parseHyperparameters,
} from "../../lib/models/mod.ts";

Deno.test("HYPERPARAMETER_NAMES lists the contract's names", () => {
  assert.deepEqual([...HYPERPARAMETER_NAMES], [
    "model",
    "C",
    "class_weight",
    "word_ngram_max",
    "char_ngram_min",
    "char_ngram_max",
    "min_df",
    "n_features",
    "max_iter",
    "tol",
    "threshold_folds",
    "evidence",
  ]);
});

Deno.test("parseHyperparameters() starts from the defaults", () => {
  assert.deepEqual(parseHyperparameters({}, "test"), DEFAULT_HYPERPARAMETERS);
});

Deno.test("parseHyperparameters() reads plain and JSON-encoded strings (SageMaker style)", () => {
  const hp = parseHyperparameters({
    model: '"tfidf-logreg"',
    C: '"2.5"',
    class_weight: "none",
    word_ngram_max: "3",
    char_ngram_min: 3,
    char_ngram_max: '"6"',
    min_df: "1",
    n_features: '"65536"',
    max_iter: 7,
    tol: "1e-3",
    threshold_folds: "0",
    evidence: '"none"',
  }, "hyperparameters.json");
  assert.deepEqual(hp, {
    model: "tfidf-logreg",
    C: 2.5,
    class_weight: "none",
    word_ngram_max: 3,
    char_ngram_min: 3,
    char_ngram_max: 6,
    min_df: 1,
    n_features: 65536,
    max_iter: 7,
    tol: 0.001,
    threshold_folds: 0,
    evidence: "none",
  });
});

Deno.test("parseHyperparameters() ignores names starting with an underscore", () => {
  const hp = parseHyperparameters({ _tuning_objective_metric: '"f1"', C: "1" }, "test");
  assert.equal(hp.C, 1);
});

Deno.test("parseHyperparameters() rejects a misspelt name, listing the valid ones", () => {
  assert.throws(
    () => parseHyperparameters({ learning_rat: "0.1" }, "--hp"),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /--hp: unknown hyperparameter "learning_rat"/);
      for (const name of HYPERPARAMETER_NAMES) assert.ok(error.message.includes(name));
      return true;
    },
  );
  assert.throws(() => parseHyperparameters({ c: "1" }, "--hp"), /did you mean "C"/);
});

Deno.test("parseHyperparameters() rejects bad values with the name and value", () => {
  const cases: Array<[Record<string, string | number>, RegExp]> = [
    [{ model: "bert" }, /"model" must be one of tfidf-svm, tfidf-logreg \(got "bert"\)/],
    [{ C: "0" }, /"C" must be > 0/],
    [{ C: "abc" }, /"C" must be a number/],
    [{ word_ngram_max: "4" }, /"word_ngram_max" must be an integer 1–3/],
    [{ min_df: "1.5" }, /"min_df" must be an integer ≥ 1/],
    [{ n_features: "3000" }, /"n_features" must be a power of two/],
    [{ n_features: "512" }, /"n_features" must be an integer 1024–16777216/],
    [{ threshold_folds: "1" }, /threshold_folds/],
    [{ class_weight: "auto" }, /"class_weight" must be one of none, balanced/],
    [
      { char_ngram_min: "5", char_ngram_max: "3" },
      /char_ngram_max \(3\) must be ≥ char_ngram_min \(5\)/,
    ],
  ];
  for (const [values, pattern] of cases) {
    assert.throws(() => parseHyperparameters(values, "test"), pattern);
  }
});
