import assert from "node:assert/strict";
import { compareAugmentation } from "../../lib/augment/mod.ts";
import type { Row } from "../../lib/data/types.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import { recordTrainAndEvaluate } from "../../lib/record/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";

function rows(prefix: string, count: number, offset = 0): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < count; i++) {
    const positive = i % 3 === 0;
    out.push({
      id: `${prefix}-${i}`,
      text: positive
        ? `Patient ${i + offset} developed severe rash number ${i % 7} after drug ${
          String.fromCharCode(97 + (i % 26))
        }.`
        : `Plasma level ${i + offset} was measured in volunteer group ${i % 5} without findings.`,
      label: positive ? "Adverse_Event" : "Not_AE",
      pmid: String(1000 + Math.floor(i / 2) + offset),
    });
  }
  return out;
}

Deno.test("compareAugmentation() trains with and without synthetic rows and pairs their test predictions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "augment-compare-" });
  try {
    const synthetic: Row[] = Array.from({ length: 10 }, (_, i) => ({
      id: `syn-${i}`,
      text: `A man developed severe rash number ${i} after drug z${i}.`,
      label: "Adverse_Event",
      source: "synthetic",
    }));
    const comparison = await compareAugmentation({
      trainRows: rows("train", 60),
      syntheticRows: synthetic,
      testRows: rows("test", 30, 500),
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS, threshold_folds: 0, min_df: 1, max_iter: 20 },
      seed: 1,
      resamples: 200,
      outDir: dir,
      evaluate: (options) =>
        recordTrainAndEvaluate(options, { storePath: `${dir}/ade.sqlite`, runId: "study-x" }),
    });
    assert.equal(comparison.trainRows, 60);
    assert.equal(comparison.syntheticRows, 10);
    assert.equal(comparison.testRows, 30);
    const difference = comparison.with.metrics.f1 - comparison.without.metrics.f1;
    assert.ok(Math.abs(comparison.f1Difference.difference - difference) < 1e-9);
    assert.ok(comparison.f1Difference.low <= comparison.f1Difference.difference);
    assert.ok(comparison.f1Difference.high >= comparison.f1Difference.difference);
    assert.ok(comparison.mcnemar.pValue >= 0 && comparison.mcnemar.pValue <= 1);
    assert.ok(await Deno.stat(`${dir}/with/metrics.json`));
    assert.ok(await Deno.stat(`${dir}/without/predictions.jsonl`));
    const store = await ExperimentStore.open(`${dir}/ade.sqlite`);
    try {
      const names = store.listRuns({ kind: "evaluate", runId: "study-x" }).map((run) => run.name)
        .sort();
      assert.deepEqual(names, ["with-synthetic", "without-synthetic"]);
    } finally {
      store.close();
    }
    await assert.rejects(
      compareAugmentation({
        trainRows: rows("train", 6),
        syntheticRows: [{ ...synthetic[0], label: "Not_AE" }],
        testRows: rows("test", 3),
        outDir: dir,
      }),
      RangeError,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
