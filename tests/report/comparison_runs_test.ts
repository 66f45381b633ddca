import assert from "node:assert/strict";
import { toJsonl, writeJsonAtomic } from "../../lib/core/mod.ts";
import { DEFAULT_HYPERPARAMETERS } from "../../lib/models/mod.ts";
import {
  comparisonRunsMarkdown,
  ensureComparisonRuns,
  loadComparison,
} from "../../lib/report/mod.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";

const DRUGS = ["drugA", "drugB", "drugC", "drugD", "drugE", "drugF"];
const EFFECTS = ["rash", "nausea", "fever", "headache", "cough", "dizziness"];

/** Made-up sentences (no corpus text): positives name an effect caused by a drug. */
function fakeRows(count: number, offset: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = i + offset;
    const positive = n % 3 === 0;
    const drug = DRUGS[n % DRUGS.length];
    const effect = EFFECTS[(n * 7) % EFFECTS.length];
    return {
      id: `r${n}`,
      text: positive
        ? `Patient developed ${effect} after treatment with ${drug} number ${n}.`
        : `The study measured ${drug} levels in group ${n} without events.`,
      label: positive ? "Adverse_Event" : "Not_AE",
      pmid: `p${Math.floor(n / 2)}`,
    };
  });
}

Deno.test("ensureComparisonRuns() creates the three runs once, then reuses them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ade-compare-runs-" });
  const dataDir = `${dir}/data`;
  await Deno.mkdir(dataDir);
  await Deno.writeTextFile(`${dataDir}/train.jsonl`, toJsonl(fakeRows(120, 0)));
  await Deno.writeTextFile(`${dataDir}/test.jsonl`, toJsonl(fakeRows(60, 1000)));
  await writeJsonAtomic(`${dataDir}/manifest.json`, { split: "grouped", seed: 1 });
  const bestPath = `${dir}/best.json`;
  await writeJsonAtomic(bestPath, {
    trial: 3,
    params: { C: 2, model: "tfidf-logreg" },
    objective: 0.8,
  });
  const syntheticPath = `${dir}/synthetic.jsonl`;
  await Deno.writeTextFile(
    syntheticPath,
    toJsonl([
      {
        id: "s1",
        text: "Patient developed rash after treatment with drugZ.",
        label: "Adverse_Event",
      },
      {
        id: "s2",
        text: "Patient developed fever after treatment with drugY.",
        label: "Adverse_Event",
      },
    ]),
  );
  const storePath = `${dir}/ade.sqlite`;
  const options = {
    storePath,
    dataDir,
    outDir: `${dir}/compare`,
    bestParamsPath: bestPath,
    syntheticPath,
    seed: 3,
    resamples: 100,
    quiet: true,
  };
  const first = await ensureComparisonRuns(options);
  assert.deepEqual(first.created, ["baseline", "tuned", "tuned+synthetic"]);
  assert.deepEqual(first.reused, []);
  assert.match(comparisonRunsMarkdown(first), /hyperparameters of trial 3/);

  const store = await ExperimentStore.open(storePath);
  const runs = store.listRuns({ runId: first.runId, kind: "evaluate" });
  assert.deepEqual(runs.map((run) => run.name), ["baseline", "tuned", "tuned+synthetic"]);
  const hyperparameters = runs.map((run) => run.params.hyperparameters as Record<string, unknown>);
  assert.deepEqual(hyperparameters[0], { ...DEFAULT_HYPERPARAMETERS });
  assert.equal(hyperparameters[1].C, 2);
  assert.equal(hyperparameters[1].model, "tfidf-logreg");
  assert.deepEqual(hyperparameters[2], hyperparameters[1]);
  assert.equal(runs[2].params.train_rows, 122);
  const comparison = await loadComparison(store, { resamples: 100 });
  assert.equal(comparison.runId, first.runId);
  assert.equal(comparison.entries.length, 3);
  store.close();

  const second = await ensureComparisonRuns(options);
  assert.equal(second.runId, first.runId);
  assert.deepEqual(second.created, []);
  assert.deepEqual(second.reused, ["baseline", "tuned", "tuned+synthetic"]);
});
