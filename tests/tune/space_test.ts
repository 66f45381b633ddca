import assert from "node:assert/strict";
import { DataError, UsageError } from "../../lib/core/mod.ts";
import { loadSearchSpace, localSpace, paramsFitSpace, seedSpace } from "../../lib/tune/mod.ts";
import { parseSearchSpace, SEED_MODEL_NAMES } from "../../lib/tune/space.ts";
import { fromUnit, toUnit } from "../../lib/tune/_unit_interval.ts";

Deno.test("seedSpace() is the reference study's space", () => {
  const space = seedSpace();
  const byName = Object.fromEntries(space.parameters.map((p) => [p.name, p]));
  assert.deepEqual(byName.learning_rate, {
    type: "continuous",
    name: "learning_rate",
    min: 5e-6,
    max: 5e-4,
    scaling: "Auto",
  });
  for (const name of ["max_seq_length", "train_batch_size"]) {
    assert.deepEqual(byName[name], { type: "categorical", name, values: [16, 32, 64, 128, 256] });
  }
  assert.deepEqual((byName.model_name as { values: string[] }).values, [...SEED_MODEL_NAMES]);
  assert.equal(SEED_MODEL_NAMES.length, 5);
  assert.equal(space.static?.epochs, 10);
});

Deno.test("fromUnit() honours Logarithmic and ReverseLogarithmic scaling and toUnit() inverts it", () => {
  const logC = {
    type: "continuous" as const,
    name: "C",
    min: 0.01,
    max: 100,
    scaling: "Logarithmic" as const,
  };
  assert.ok(Math.abs(fromUnit(logC, 0.5) - 1) < 1e-9);
  assert.ok(Math.abs(toUnit(logC, 1) - 0.5) < 1e-9);
  const reverse = {
    type: "continuous" as const,
    name: "beta",
    min: 0.9,
    max: 0.999,
    scaling: "ReverseLogarithmic" as const,
  };
  // Half of the unit interval lands above 0.99: dense near 1.
  assert.ok(Math.abs(fromUnit(reverse, 0.5) - 0.99) < 1e-9);
  for (const u of [0, 0.2, 0.7, 1]) {
    assert.ok(Math.abs(toUnit(reverse, fromUnit(reverse, u)) - u) < 1e-9);
  }
  const linear = {
    type: "continuous" as const,
    name: "x",
    min: 2,
    max: 4,
    scaling: "Linear" as const,
  };
  assert.equal(fromUnit(linear, 0.25), 2.5);
});

Deno.test("fromUnit() covers every integer of a range evenly", () => {
  const range = { type: "integer" as const, name: "min_df", min: 1, max: 5 };
  const counts = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    const v = fromUnit(range, (i + 0.5) / 1000);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4, 5]);
  for (const count of counts.values()) assert.equal(count, 200);
  assert.equal(fromUnit(range, toUnit(range, 4)), 4);
});

Deno.test("parseSearchSpace() names the file and field of a bad range", () => {
  assert.throws(
    () =>
      parseSearchSpace(
        { parameters: [{ name: "C", type: "continuous", min: 1, max: 0 }] },
        "s.json",
      ),
    (error: unknown) =>
      error instanceof DataError && error.location.field === "parameters[0].max" &&
      /greater than min/.test(error.message),
  );
  assert.throws(
    () =>
      parseSearchSpace(
        {
          parameters: [{
            name: "k",
            type: "integer",
            min: 0,
            max: 1,
            scaling: "ReverseLogarithmic",
          }],
        },
        "s.json",
      ),
    /parameters\[0\]\.scaling.*ReverseLogarithmic/,
  );
  assert.throws(() => parseSearchSpace({ parameters: [] }, "s.json"), /parameters.*non-empty/);
});

Deno.test("loadSearchSpace() reads presets and JSON files", async () => {
  assert.equal((await loadSearchSpace("local")).name, "local");
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/mine.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        parameters: [{ name: "C", type: "continuous", min: 0.1, max: 10, scaling: "Logarithmic" }],
        static: { model: "tfidf-logreg" },
      }),
    );
    const space = await loadSearchSpace(path);
    assert.equal(space.name, "mine");
    assert.deepEqual(space.static, { model: "tfidf-logreg" });
    await assert.rejects(() => loadSearchSpace("nonsense"), UsageError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("paramsFitSpace() reports values outside the space", () => {
  const space = localSpace();
  assert.deepEqual(
    paramsFitSpace(space, {
      model: "tfidf-svm",
      C: 1,
      word_ngram_max: 2,
      char_ngram_max: 5,
      min_df: 2,
      class_weight: "none",
    }),
    [],
  );
  assert.equal(paramsFitSpace(space, { model: "bert", C: 1000 }).length, 6);
});
