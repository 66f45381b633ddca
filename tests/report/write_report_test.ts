import assert from "node:assert/strict";
import { main } from "../../lib/cli/main.ts";
import { writeReport } from "../../lib/report/mod.ts";
import { formatMetric } from "../../lib/report/_format.ts";
import { REPORT_CONTENT_SECURITY_POLICY } from "../../lib/report/_render_html.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { makeFixtureStore } from "./_fixture.ts";
import { externalReferences } from "./_html_scan.ts";

Deno.test("externalReferences() finds src, href, @import and url() but not data: or script code", () => {
  assert.deepEqual(
    externalReferences(
      `<img src="https://x/a.png"><a href='//cdn/x'>x</a><script src=lib.js></script>` +
        `<style>@import "y.css"; b{background:url(http://z/b.png)}</style>` +
        `<img src="data:image/png;base64,AA"><a href="#top">t</a>` +
        `<script>var u = "https://plot.ly"; var s = '<img src="http://x">';</script>`,
    ),
    [
      'src="https://x/a.png"',
      "href='//cdn/x'",
      "src=lib.js",
      '@import "y.css"',
      "url(http://z/b.png)",
    ],
  );
});

Deno.test("writeReport() writes a self-contained HTML and a markdown report with three rows", async () => {
  const fixture = await makeFixtureStore();
  const outDir = `${fixture.dir}/report`;
  const written = await writeReport({ storePath: fixture.storePath, outDir, resamples: 300 });
  assert.deepEqual(written.configurations, ["baseline", "tuned", "tuned+synthetic"]);
  // leakage, F1, PR curves, confusion, operating points, reliability, F1 by length, tuning ×3
  assert.equal(written.figureCount, 10);
  const html = await Deno.readTextFile(written.htmlPath);
  // The only links lead to the model cards next to the models (navigation, nothing is loaded).
  assert.deepEqual(
    externalReferences(html).filter((reference) => !/^href="[^"]*MODEL_CARD\.md"$/.test(reference)),
    [],
  );
  assert.equal(html.match(/plotly\.js v\d+\.\d+\.\d+/g)?.length, 1, "plotly.js inlined once");
  assert.ok(html.includes(`content="${REPORT_CONTENT_SECURITY_POLICY}"`));
  assert.equal(html.match(/<script\b[^>]*\bsrc=/gi), null);
  assert.equal(html.match(/class="ade-figure"/g)?.length, 10);
  const comparisonTable = html.match(/<table class="comparison">[\s\S]*?<\/table>/)![0];
  assert.equal(comparisonTable.match(/<tbody>[\s\S]*?<\/tbody>/)![0].match(/<tr>/g)?.length, 3);

  const markdown = await Deno.readTextFile(written.markdownPath);
  const store = await ExperimentStore.open(fixture.storePath);
  for (const run of store.listRuns({ runId: fixture.runId, kind: "evaluate" })) {
    const line = markdown.split("\n").find((l) => l.startsWith(`| ${run.name} |`));
    assert.ok(line, `markdown row ${run.name}`);
    assert.ok(line.includes(`| ${formatMetric(run.metrics.f1 as number)} (`));
    assert.ok(comparisonTable.includes(`<td>${formatMetric(run.metrics.f1 as number)} (`));
  }
  assert.match(markdown, /## What is and is not significant/);
  assert.match(markdown, /tuned vs baseline: F1 .* significant improvement/);
  assert.match(markdown, /\| Dataset manifest SHA-256 \| `[0-9a-f]{64}` \|/);
  assert.match(markdown, /train `a{64}`, test `[0-9a-f]{64}`/);
  assert.match(markdown, new RegExp(`Deno ${Deno.version.deno.replaceAll(".", "\\.")}`));
  assert.match(markdown, /nodejs-polars@0\.25\.2/);
  assert.match(
    markdown,
    /\| baseline \| `evaluate-[^`]+` \| 42 \| `\{"model":"tfidf-svm","C":1\}`/,
  );

  // The library only reads the store: the report run is recorded by `recordWriteReport` (pipeline).
  assert.deepEqual(store.listRuns({ kind: "report" }), []);
  store.close();
});

Deno.test("writeReport() with only a baseline writes a one-row report with notes", async () => {
  const fixture = await makeFixtureStore({ configurations: ["baseline"], tuning: false });
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/out`,
    resamples: 200,
  });
  assert.deepEqual(written.missing, ["tuned", "tuned+synthetic"]);
  // leakage, F1, PR curves, confusion, operating points, reliability, F1 by length (no tuning)
  assert.equal(written.figureCount, 7);
  const markdown = await Deno.readTextFile(written.markdownPath);
  assert.match(markdown, /"tuned" has no completed evaluate run/);
  assert.match(markdown, /No tuning history found/);
});

Deno.test("writeReport() leaves nothing behind when the store has no baseline", async () => {
  const fixture = await makeFixtureStore({ configurations: [] });
  const outDir = `${fixture.dir}/out`;
  await assert.rejects(writeReport({ storePath: fixture.storePath, outDir }), /baseline/);
  await assert.rejects(Deno.stat(outDir), Deno.errors.NotFound);
});

Deno.test("ade report writes the report and ade report --export csv|json exports the runs", async () => {
  const fixture = await makeFixtureStore({ configurations: ["baseline", "tuned"] });
  const outDir = `${fixture.dir}/cli-report`;
  assert.equal(
    await main(["report", "--store", fixture.storePath, "--out", outDir, "--resamples", "200"]),
    0,
  );
  assert.ok((await Deno.stat(`${outDir}/report.html`)).size > 1_000_000);
  const store = await ExperimentStore.open(fixture.storePath);
  const reports = store.listRuns({ kind: "report" });
  store.close();
  assert.deepEqual(reports.map((run) => [run.name, run.status]), [["comparison", "completed"]]);
  const csvPath = `${fixture.dir}/runs.csv`;
  assert.equal(
    await main([
      "report",
      "--store",
      fixture.storePath,
      "--export",
      "csv",
      "--kind",
      "evaluate",
      "--out",
      csvPath,
    ]),
    0,
  );
  const csv = (await Deno.readTextFile(csvPath)).trim().split("\n");
  assert.equal(csv.length, 3);
  assert.ok(csv[0].startsWith("id,run_id,kind,name,"));
  const jsonPath = `${fixture.dir}/runs.json`;
  assert.equal(
    await main(["report", "--store", fixture.storePath, "--export", "json", "--out", jsonPath]),
    0,
  );
  const runs = JSON.parse(await Deno.readTextFile(jsonPath));
  assert.ok(runs.some((run: { kind: string }) => run.kind === "report"));
  assert.notEqual(await main(["report", "--store", fixture.storePath, "--export", "xml"]), 0);
  assert.notEqual(await main(["report", "--store", fixture.storePath]), 0);
});
