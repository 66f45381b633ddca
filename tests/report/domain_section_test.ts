import assert from "node:assert/strict";
import { measureOutsideSources } from "../../lib/adapt/mod.ts";
import { writeReport } from "../../lib/report/mod.ts";
import { makeFixtureStore } from "./_fixture.ts";
import { DIR, MODEL_DIR } from "../adapt/_adapt_fixture.ts";

const LAY = new URL("../fixtures/lay_language/lay_language.jsonl", import.meta.url).pathname;

Deno.test("writeReport() always says what the training domain is and what the numbers do not cover", async () => {
  const fixture = await makeFixtureStore();
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/r1`,
    resamples: 200,
  });
  const markdown = await Deno.readTextFile(written.markdownPath);
  const html = await Deno.readTextFile(written.htmlPath);
  for (const text of [markdown, html]) {
    assert.match(text, /Training domain and other sources/);
    assert.match(text, /MEDLINE case reports/);
    assert.match(text, /Not covered: patient-forum posts/);
  }
  assert.equal(
    /class="by-source"/.test(html),
    false,
    "no per-source table without outside results",
  );
});

Deno.test("writeReport() with an outside summary shows one row per source, numbers from the summary", async () => {
  const summary = await measureOutsideSources({
    modelDir: MODEL_DIR,
    labelledPath: LAY,
    outDir: `${DIR}/outside-report`,
    sampleSize: 60,
    resamples: 200,
  });
  const fixture = await makeFixtureStore();
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/r2`,
    resamples: 200,
    outsideSummaryPath: `${DIR}/outside-report/outside.json`,
  });
  const markdown = await Deno.readTextFile(written.markdownPath);
  const html = await Deno.readTextFile(written.htmlPath);
  assert.equal(
    html.match(/<table class="by-source">[\s\S]*?<\/table>/)![0].match(/<tr>/g)?.length,
    5,
  );
  for (const source of summary.sources) {
    const line = markdown.split("\n").find((l) => l.startsWith(`| ${source.source} |`))!;
    assert.ok(line, source.source);
    assert.ok(line.includes(source.no_labels.f1.toFixed(3)), line);
    assert.ok(line.includes(source.adapted!.held_out.f1.toFixed(3)), line);
    assert.ok(line.includes(source.shift.flagged ? "yes" : "no"), line);
    if (source.no_labels.warnings.length > 0) assert.match(line, /no interval/);
  }
  assert.ok(summary.sources.every((source) => source.shift.flagged));
  assert.ok(
    summary.sources.every((source) => source.adapted!.held_out.f1 > source.no_labels.f1),
    "adapting on pool texts of a source helps on its held-out rows",
  );
});
