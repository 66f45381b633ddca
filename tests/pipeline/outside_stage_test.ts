import assert from "node:assert/strict";
import { resolveConfig } from "../../lib/pipeline/config.ts";
import { runStudy } from "../../lib/pipeline/run_study.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { writeSubsetCorpus } from "./_subset_corpus.ts";

const LAY = new URL("../fixtures/lay_language/lay_language.jsonl", import.meta.url).pathname;

Deno.test({
  name:
    "runStudy() with data.outside adds the outside stage: per-source tables in outside.json and the report",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ade-study-outside-" });
    try {
      const corpus = await writeSubsetCorpus(dir, 400);
      const lay = (await Deno.readTextFile(LAY)).trim().split("\n").map((line) => JSON.parse(line))
        .filter((row) => row.source === "tweet" || row.source === "email");
      const outsidePath = `${dir}/outside.jsonl`;
      await Deno.writeTextFile(
        outsidePath,
        lay.map((row) => JSON.stringify(row)).join("\n") + "\n",
      );
      const lines: string[] = [];
      const outcome = await runStudy({
        config: resolveConfig({
          data: { source: corpus, outside: outsidePath },
          augment: { n: 10 },
          tune: { max_trials: 1, parallel: 1, trial_timeout_s: 300 },
        }, "test config"),
        outDir: `${dir}/run`,
        quiet: true,
        log: (line) => lines.push(line),
      });
      assert.ok(lines.some((line) => /^\[7\/10\] outside: /.test(line)), lines.join("\n"));
      assert.ok(lines.some((line) => line.startsWith("[10/10] cleanup")));
      const summary = JSON.parse(await Deno.readTextFile(`${dir}/run/outside/outside.json`));
      assert.deepEqual(summary.sources.map((s: { source: string }) => s.source), [
        "email",
        "tweet",
      ]);
      assert.deepEqual(outcome.outside?.sources.map((s) => s.source), ["email", "tweet"]);
      for (const source of summary.sources) {
        assert.equal(source.shift.flagged, true);
        assert.ok(source.adapted.held_out.f1 >= 0 && typeof source.no_labels.f1 === "number");
      }
      const markdown = await Deno.readTextFile(outcome.reportMarkdownPath);
      assert.match(markdown, /\| email \| \d+ \| \d+ \| yes/);
      assert.match(markdown, /\| tweet \| \d+ \| \d+ \| yes/);
      const store = await ExperimentStore.open(`${dir}/run/ade.sqlite`);
      try {
        const adapt = store.listRuns({ runId: outcome.runId }).find((run) => run.kind === "adapt");
        assert.equal(adapt?.status, "completed");
        assert.equal(JSON.stringify(adapt).includes(lay[0].text), false, "no text in the store");
      } finally {
        store.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("resolveConfig() takes data.outside as a path or null and refuses anything else", () => {
  assert.equal(resolveConfig({}, "c").data.outside, null);
  assert.equal(resolveConfig({ data: { outside: "x.jsonl" } }, "c").data.outside, "x.jsonl");
  assert.throws(
    () => resolveConfig({ data: { outside: 3 } }, "c.json"),
    /c\.json field "data\.outside": must be a non-empty string or null/,
  );
});
