import assert from "node:assert/strict";
import { resolveConfig } from "../../lib/pipeline/config.ts";
import { runStudy } from "../../lib/pipeline/run_study.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { writeSubsetCorpus } from "./_subset_corpus.ts";

function smallConfig(corpus: string) {
  return resolveConfig({
    data: { source: corpus },
    augment: { n: 20 },
    tune: { max_trials: 2, parallel: 1, trial_timeout_s: 300 },
  }, "test config");
}

Deno.test({
  name: "runStudy() runs every stage, reports three configurations and reproduces its metrics",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ade-study-" });
    try {
      const corpus = await writeSubsetCorpus(dir, 400);
      const lines: string[] = [];
      const first = await runStudy({
        config: smallConfig(corpus),
        outDir: `${dir}/one`,
        quiet: true,
        log: (line) => lines.push(line),
      });
      assert.deepEqual(first.evaluations.map((e) => e.name), [
        "baseline",
        "tuned",
        "tuned+synthetic",
      ]);
      assert.match(first.comparisonTable, /baseline[\s\S]*tuned[\s\S]*tuned\+synthetic/);
      assert.ok(
        (await Deno.stat(first.reportHtmlPath)).size > 1_000_000,
        "report.html inlines plotly.js",
      );
      assert.equal(first.smokeTest.agreeing, first.smokeTest.texts);
      assert.ok(lines.some((line) => line.startsWith("[9/9] cleanup")), "all nine stages ran");
      for (
        const sub of [
          "data/train.jsonl",
          "augment/synthetic.jsonl",
          "tune/best.json",
          "report/report.md",
          "models/baseline/model/MODEL_CARD.md",
          "models/tuned/model/MODEL_CARD.md",
        ]
      ) {
        await Deno.stat(`${dir}/one/${sub}`);
      }
      const store = await ExperimentStore.open(`${dir}/one/ade.sqlite`);
      try {
        const runs = store.listRuns({ runId: first.runId });
        const evaluations = runs.filter((r) => r.kind === "evaluate").map((r) => r.name).sort();
        assert.deepEqual(evaluations, [
          "baseline",
          "baseline (random split)",
          "tuned",
          "tuned+synthetic",
        ]);
        // The tuning stage and the report are recorded at the pipeline's layer: the tune run, one
        // tune-trial run per trial, each trial's own train run, and the report run.
        const named = (kind: string) => runs.filter((r) => r.kind === kind).map((r) => r.name);
        assert.equal(runs.find((r) => r.kind === "tune")?.status, "completed");
        assert.deepEqual(named("tune-trial").sort(), ["trial-1", "trial-2"]);
        assert.deepEqual(named("train").sort(), ["tune-trial-1", "tune-trial-2"]);
        assert.deepEqual(named("report"), ["comparison"]);
        const serve = runs.find((r) => r.kind === "serve");
        assert.equal(serve?.status, "completed", "the endpoint was stopped");
        assert.equal(runs.find((r) => r.kind === "pipeline")?.status, "completed");
      } finally {
        store.close();
      }

      const second = await runStudy({
        config: smallConfig(corpus),
        outDir: `${dir}/two`,
        quiet: true,
        log: () => {},
      });
      assert.deepEqual(
        second.evaluations.map((
          e,
        ) => [e.name, e.metrics.f1, e.metrics.roc_auc, e.metrics.threshold]),
        first.evaluations.map((
          e,
        ) => [e.name, e.metrics.f1, e.metrics.roc_auc, e.metrics.threshold]),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runStudy() names the stage that failed and keeps the earlier stages' outputs",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ade-study-fail-" });
    try {
      const corpus = await writeSubsetCorpus(dir, 150);
      const config = resolveConfig({
        data: { source: corpus },
        augment: { n: 5 },
        tune: { max_trials: 1, space: `${dir}/missing-space.json` },
      }, "test config");
      await assert.rejects(
        () => runStudy({ config, outDir: `${dir}/run`, quiet: true, log: () => {} }),
        (error: Error) =>
          /stage "tune[^"]*" failed/.test(error.message) && error.message.includes(`${dir}/run`),
      );
      await Deno.stat(`${dir}/run/data/train.jsonl`);
      await Deno.stat(`${dir}/run/models/baseline/metrics.json`);
      await Deno.stat(`${dir}/run/augment/synthetic.jsonl`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
