import assert from "node:assert/strict";
import { comparisonFrame, comparisonMarkdown, loadComparison } from "../../lib/report/mod.ts";
import { latestComparisonRunId } from "../../lib/report/comparison.ts";
import { formatMetric } from "../../lib/report/_format.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { makeFixtureStore } from "./_fixture.ts";

Deno.test("loadComparison() holds the three rows with CIs, paired differences and McNemar p", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  assert.equal(latestComparisonRunId(store), fixture.runId);
  const comparison = await loadComparison(store, { resamples: 300 });
  store.close();
  assert.equal(comparison.runId, fixture.runId);
  assert.deepEqual(comparison.entries.map((entry) => entry.configuration), [
    "baseline",
    "tuned",
    "tuned+synthetic",
  ]);
  assert.deepEqual(comparison.missing, []);
  for (const entry of comparison.entries) {
    const { f1, f1_ci } = entry.metrics;
    assert.ok(f1_ci.low <= f1 && f1 <= f1_ci.high, `${entry.configuration} CI around F1`);
    assert.ok(f1_ci.high > f1_ci.low);
    // The predictions are grouped by PubMed id, so the cluster interval is the one shown.
    assert.equal(f1_ci.method, "bootstrap-percentile-clusters");
    assert.equal(entry.predictions.length, 400);
  }
  const [baseline, tuned, synthetic] = comparison.entries;
  assert.equal(baseline.versusBaseline, undefined);
  for (const entry of [tuned, synthetic]) {
    const versus = entry.versusBaseline!;
    assert.ok(Math.abs(versus.difference - (entry.metrics.f1 - baseline.metrics.f1)) < 1e-12);
    assert.ok(versus.low <= versus.difference && versus.difference <= versus.high);
    assert.ok(versus.mcnemar.pValue >= 0 && versus.mcnemar.pValue <= 1);
  }
  // The fake tuned model separates the classes far better: a clear improvement.
  assert.ok(tuned.versusBaseline!.low > 0);
});

Deno.test("comparisonMarkdown() rows match the stored metrics", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 300 });
  const stored = store.listRuns({ runId: fixture.runId, kind: "evaluate" });
  store.close();
  const lines = comparisonMarkdown(comparison).trim().split("\n");
  assert.equal(lines.length, 2 + 3);
  for (const run of stored) {
    const line = lines.find((candidate) => candidate.startsWith(`| ${run.name} |`));
    assert.ok(line, `row for ${run.name}`);
    const cells = line.split("|").map((cell) => cell.trim()).slice(1, -1);
    const metrics = run.metrics as Record<string, number> & {
      f1_ci_pmid: { low: number; high: number };
    };
    assert.equal(cells[1], String(metrics.n));
    assert.equal(cells[2], formatMetric(metrics.precision));
    assert.equal(cells[3], formatMetric(metrics.recall));
    assert.equal(
      cells[4],
      `${formatMetric(metrics.f1)} (${formatMetric(metrics.f1_ci_pmid.low)}–${
        formatMetric(metrics.f1_ci_pmid.high)
      })`,
    );
    assert.equal(cells[5], formatMetric(metrics.roc_auc));
    assert.equal(cells[6], formatMetric(metrics.pr_auc));
    if (run.name === "baseline") assert.deepEqual(cells.slice(7), ["—", "—"]);
    else assert.match(cells[7], /^[+−]\d\.\d{3} \([+−]\d\.\d{3} to [+−]\d\.\d{3}\)$/);
  }
});

Deno.test("comparisonFrame() is a Polars frame with one row per configuration", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 300 });
  store.close();
  const frame = comparisonFrame(comparison);
  assert.equal(frame.height, 3);
  assert.deepEqual(frame.getColumn("configuration").toArray(), [
    "baseline",
    "tuned",
    "tuned+synthetic",
  ]);
  assert.deepEqual(
    frame.getColumn("f1").toArray(),
    comparison.entries.map((entry) => entry.metrics.f1),
  );
  const differences = frame.getColumn("f1_diff").toArray();
  assert.equal(differences[0], null);
  assert.equal(differences[1], comparison.entries[1].versusBaseline!.difference);
  assert.ok(frame.columns.includes("mcnemar_p") && frame.columns.includes("f1_ci_low"));
});

Deno.test("comparisonFrame() renders F1, the difference, their intervals and p first, rounded", async () => {
  const fixture = await makeFixtureStore();
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 300 });
  store.close();
  const bundle =
    (comparisonFrame(comparison) as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]();
  const [shown, more] = bundle["text/html"].split("<details>");
  assert.deepEqual([...shown.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]), [
    "configuration",
    "f1",
    "f1_ci_low",
    "f1_ci_high",
    "f1_diff",
    "f1_diff_ci_low",
    "f1_diff_ci_high",
    "mcnemar_p",
  ]);
  assert.match(
    more,
    /^<summary[^>]*>Show all 13 columns \(adds n, precision, recall, roc_auc, pr_auc\)<\/summary>/,
  );
  const numbers = [...shown.matchAll(/<td style="text-align:right">([^<]*)<\/td>/g)].map((m) =>
    m[1]
  );
  assert.ok(
    numbers.every((cell) => cell === "—" || /^-?\d+\.\d{3}$|e-/.test(cell)),
    numbers.join(" "),
  );
});

Deno.test("loadComparison() reports missing rows instead of failing", async () => {
  const fixture = await makeFixtureStore({ configurations: ["baseline"] });
  const store = await ExperimentStore.open(fixture.storePath);
  const comparison = await loadComparison(store, { resamples: 200 });
  store.close();
  assert.deepEqual(comparison.entries.map((entry) => entry.configuration), ["baseline"]);
  assert.deepEqual(comparison.missing, ["tuned", "tuned+synthetic"]);
  assert.ok(
    comparison.notes.some((note) => note.includes('"tuned" has no completed evaluate run')),
  );
  assert.equal(comparisonMarkdown(comparison).trim().split("\n").length, 3);
});

Deno.test("loadComparison() refuses configurations tested on different rows", async () => {
  const fixture = await makeFixtureStore({ dropFromOthers: 5 });
  const store = await ExperimentStore.open(fixture.storePath);
  await assert.rejects(
    loadComparison(store, { resamples: 200 }),
    /not evaluated on the same test rows as "baseline".*395 rows vs 400/,
  );
  store.close();
});

Deno.test("loadComparison() says what to do when the store has no baseline", async () => {
  const fixture = await makeFixtureStore({ configurations: [] });
  const store = await ExperimentStore.open(fixture.storePath);
  await assert.rejects(loadComparison(store), /no completed evaluate run named "baseline"/);
  await assert.rejects(loadComparison(store, { runId: "nope" }), /no runs with run id "nope"/);
  store.close();
});

Deno.test("loadComparison() names file, line and field of a malformed predictions row", async () => {
  const fixture = await makeFixtureStore({ configurations: ["baseline"] });
  const path = `${fixture.dir}/models/baseline/predictions.jsonl`;
  const lines = (await Deno.readTextFile(path)).split("\n");
  lines[2] = JSON.stringify({ id: "x", label: "Adverse_Event", score: "high", gold: "Not_AE" });
  await Deno.writeTextFile(path, lines.join("\n"));
  const store = await ExperimentStore.open(fixture.storePath);
  await assert.rejects(
    loadComparison(store),
    (error: Error) => error.message.startsWith(`${path}:3 field "score"`),
  );
  store.close();
});
