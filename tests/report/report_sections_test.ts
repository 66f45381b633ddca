import assert from "node:assert/strict";
import { readJsonl } from "../../lib/core/mod.ts";
import type { OperatingPoint } from "../../lib/metrics/mod.ts";
import {
  buildReportContent,
  reportSection,
  type ReportSectionName,
  writeReport,
} from "../../lib/report/mod.ts";
import { REPORT_SECTIONS } from "../../lib/report/report_section.ts";
import { renderReportMarkdown } from "../../lib/report/_render_markdown.ts";
import { ExperimentStore } from "../../lib/track/mod.ts";
import { FIXTURE_DRUGS, makeFixtureStore } from "./_fixture.ts";

/** The reader's percent with one decimal, written here independently of the report's formatting. */
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const three = (value: number) => value.toFixed(3);

async function readMetrics(dir: string, configuration: string) {
  return JSON.parse(await Deno.readTextFile(`${dir}/models/${configuration}/metrics.json`));
}

/** Every run of four consecutive words of the texts. */
function fourWordRuns(texts: readonly string[]): string[] {
  const runs = new Set<string>();
  for (const text of texts) {
    const words = text.split(/\s+/).filter(Boolean);
    for (let i = 0; i + 4 <= words.length; i++) runs.add(words.slice(i, i + 4).join(" "));
  }
  return [...runs];
}

Deno.test("writeReport() has every section, and its numbers are the metrics files'", async () => {
  const fixture = await makeFixtureStore({ randomSplit: true });
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report`,
    resamples: 200,
  });
  const markdown = await Deno.readTextFile(written.markdownPath);
  const html = await Deno.readTextFile(written.htmlPath);
  const headings = markdown.split("\n").filter((line) => line.startsWith("## "));
  assert.deepEqual(headings, [
    "## At a glance",
    "## The data behind the numbers",
    "## Training domain and other sources",
    "## Comparison on the test set",
    "## What is and is not significant",
    "## Operating points: what a recall target costs",
    "## Charts of the comparison",
    "## Calibration: do the scores mean what they say?",
    "## What tuned gets wrong",
    "## Tuning",
    "## Model cards",
    "## Reproducibility",
  ]);
  assert.ok(markdown.includes("**This report contains sentence text**"));

  // Data: the manifest's counts and leakage, and the random split's F1 beside the grouped one.
  const manifest = JSON.parse(await Deno.readTextFile(`${fixture.dir}/data/manifest.json`));
  assert.ok(
    markdown.includes(
      `| Test sentences | ${manifest.test_rows} (${manifest.test_positive} AE, ${
        percent(manifest.test_positive / manifest.test_rows)
      }) |`,
    ),
  );
  assert.ok(markdown.includes("| Test sentences whose abstract is in training | 0 |"));
  assert.ok(
    markdown.includes("| random (baseline (random split)) | 430 | 48.0% | 0.830 (0.800–0.860) |"),
  );
  assert.match(markdown, /Training domain: sentences from MEDLINE case reports/);

  // Operating points: one table row per stored point, threshold and intervals as stored.
  for (const configuration of written.configurations) {
    const metrics = await readMetrics(fixture.dir, configuration);
    assert.equal(metrics.operating_points.length, 4);
    for (const point of metrics.operating_points as OperatingPoint[]) {
      const label = point.target_recall === null
        ? "model threshold"
        : `recall ≥ ${point.target_recall.toFixed(2)}`;
      const row = `| ${configuration} | ${label} | ${point.threshold.toFixed(4)} | ${
        three(point.precision)
      } (${three(point.precision_ci.low)}–${three(point.precision_ci.high)}) | ${
        three(point.recall)
      } (${three(point.recall_ci.low)}–${three(point.recall_ci.high)}) | ${
        percent(point.flagged_share)
      } (${(100 * point.flagged_share_ci.low).toFixed(1)}–${
        percent(point.flagged_share_ci.high)
      }) | ${Math.round(point.flagged_share * 1000)} |`;
      assert.ok(markdown.includes(row), `operating-point row ${row}`);
    }
  }
  // The sentence a reviewer asks for, at a glance, from the focus configuration's stored point.
  const tuned = await readMetrics(fixture.dir, "tuned");
  const ninetyFive = (tuned.operating_points as OperatingPoint[]).find((p) =>
    p.target_recall === 0.95
  )!;
  assert.ok(
    markdown.includes(
      `**Review cost:** to catch 95% of AEs, review ${percent(ninetyFive.flagged_share)} of ` +
        `sentences (95% CI ${percent(ninetyFive.flagged_share_ci.low)}–${
          percent(ninetyFive.flagged_share_ci.high)
        }).`,
    ),
  );

  // Calibration: the Brier score computed directly from each predictions file.
  for (const configuration of written.configurations) {
    const rows = await readJsonl(`${fixture.dir}/models/${configuration}/predictions.jsonl`);
    const brier = rows.reduce(
      (sum, row) => sum + ((row.score as number) - (row.gold === "Adverse_Event" ? 1 : 0)) ** 2,
      0,
    ) / rows.length;
    assert.match(
      markdown,
      new RegExp(`\\| ${configuration.replace("+", "\\+")} \\| ${three(brier)} \\|`),
    );
  }

  // Every interval says its method and resample count: F1 as stored (300), ΔF1 as computed here (200).
  assert.ok(
    markdown.includes(
      "**Intervals:** F1 (95% CI): percentile bootstrap resampling whole PubMed abstracts, 300 " +
        "resamples, as stored by evaluate. ΔF1 (95% CI): paired percentile bootstrap resampling whole " +
        "PubMed abstracts, 200 resamples, seed 42.",
    ),
  );
  assert.ok(
    markdown.includes(
      "| F1 of tuned | percentile bootstrap resampling whole PubMed abstracts | 300 | 42 | 95% |",
    ),
  );
  assert.ok(
    markdown.includes(
      "| ΔF1 vs baseline | paired percentile bootstrap resampling whole PubMed abstracts | 200 | 42 | 95% |",
    ),
  );
  assert.doesNotMatch(html, /<pre class="reproducibility-summary">/, "the block is a table now");

  // Error analysis: the most confident false positive, with its sentence (public corpus).
  const predictions = await readJsonl(`${fixture.dir}/models/tuned/predictions.jsonl`);
  const testRows = await readJsonl(`${fixture.dir}/data/test.jsonl`);
  const [topFalsePositive] = predictions
    .filter((row) => row.gold === "Not_AE" && row.label === "Adverse_Event")
    .sort((a, b) => (b.score as number) - (a.score as number));
  const text = testRows.find((row) => row.id === topFalsePositive.id)!.text as string;
  assert.ok(
    markdown.includes(
      `| ${topFalsePositive.id} | ${topFalsePositive.pmid} | ${
        three(topFalsePositive.score as number)
      } | ${text} |`,
    ),
  );
  for (const drug of FIXTURE_DRUGS) {
    assert.match(markdown, new RegExp(`^\\| ${drug} \\| 100 \\|`, "m"));
  }
  assert.match(markdown, /### F1 by sentence length/);
  assert.match(markdown, /### Abstracts with the most errors/);

  // Model cards: linked, and their text in the HTML.
  assert.ok(markdown.includes("tuned: [MODEL_CARD.md](../models/tuned/model/MODEL_CARD.md)"));
  assert.ok(html.includes("<summary>Model card of tuned</summary><pre># Model card: tuned"));
});

Deno.test("writeReport() on your own data holds no sentence text, unless asked to show it", async () => {
  const fixture = await makeFixtureStore({ source: "user" });
  const texts = (await readJsonl(`${fixture.dir}/data/test.jsonl`)).map((row) =>
    row.text as string
  );
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report`,
    resamples: 100,
  });
  const html = await Deno.readTextFile(written.htmlPath);
  const markdown = await Deno.readTextFile(written.markdownPath);
  assert.ok(markdown.includes("**This report contains no sentence text**"));
  for (const run of fourWordRuns(texts)) {
    assert.ok(
      !markdown.includes(run) && !html.includes(run),
      `sentence text in the report: ${run}`,
    );
  }
  for (const drug of FIXTURE_DRUGS) assert.ok(!markdown.includes(drug), `drug name ${drug}`);
  assert.match(markdown, /\| row id \| PubMed id \| score \|\n/);
  assert.match(markdown, /F1 by drug and by effect is left out/);

  const shown = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report-text`,
    resamples: 100,
    showText: true,
  });
  const withText = await Deno.readTextFile(shown.markdownPath);
  assert.match(withText, /> \*\*Warning:\*\* This report contains sentence text of your own data/);
  assert.ok(texts.some((text) => withText.includes(text)));
});

Deno.test("writeReport({ runs }) compares any evaluate runs; a missing one says how to make it", async () => {
  const fixture = await makeFixtureStore({ configurations: ["alpha", "beta"], tuning: false });
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report`,
    runs: ["beta", "alpha"],
    resamples: 100,
  });
  assert.deepEqual(written.configurations, ["beta", "alpha"]);
  assert.deepEqual(written.missing, []);
  const markdown = await Deno.readTextFile(written.markdownPath);
  assert.match(markdown, /\| ΔF1 vs beta \(95% CI\) \|/);
  assert.match(markdown, /## What beta gets wrong/);
  await assert.rejects(
    writeReport({ storePath: fixture.storePath, outDir: `${fixture.dir}/x`, runs: ["gamma"] }),
    /no completed evaluate run named "gamma".*deno task ade evaluate --model DIR --test FILE --out metrics\.json --name "gamma"/,
  );
  await assert.rejects(
    writeReport({ storePath: fixture.storePath, outDir: `${fixture.dir}/y` }),
    /no completed evaluate run named "baseline".*deno task pipeline.*--runs A,B,C \(completed evaluate runs in the store: "alpha", "beta"\)/,
  );
});

Deno.test("writeReport() with under 30 adverse events warns in plain words instead of a certain-looking interval", async () => {
  const fixture = await makeFixtureStore({
    configurations: ["baseline"],
    rows: 120,
    positiveShare: 0.1,
    tuning: false,
  });
  const metrics = await readMetrics(fixture.dir, "baseline");
  const positives = metrics.confusion.tp + metrics.confusion.fn;
  assert.ok(positives > 0 && positives < 30, `${positives} positives`);
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report`,
    resamples: 100,
  });
  const markdown = await Deno.readTextFile(written.markdownPath);
  assert.ok(
    markdown.includes(
      `> **Warning:** baseline: only ${positives} adverse-event rows in the test set (under 30)`,
    ),
  );
  assert.match(
    markdown,
    new RegExp(
      `\\| baseline \\| 120 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ [^|]*⚠ only ${positives} AE rows`,
    ),
  );
  assert.doesNotMatch(markdown, /0\.000–0\.000/);
});

Deno.test("writeReport() says plainly when the defaults won and the tuned row is the baseline again", async () => {
  const fixture = await makeFixtureStore({ defaultsWon: true });
  const written = await writeReport({
    storePath: fixture.storePath,
    outDir: `${fixture.dir}/report`,
    resamples: 100,
  });
  const markdown = await Deno.readTextFile(written.markdownPath);
  assert.match(markdown, /\*\*The defaults won:\*\* the best of 5 completed trials \(trial 6/);
  assert.match(
    markdown,
    /\*\*tuned is the same model as baseline:\*\* .* the untuned defaults won the tuning/,
  );
  assert.match(markdown, /The curves of tuned and baseline coincide/);
  assert.match(markdown, /\| hyperparameter \| share of the objective's variance \(η²\) \|/);
});

Deno.test("reportSection() gives a notebook the report's own words, tables and charts", async () => {
  const fixture = await makeFixtureStore({ randomSplit: true });
  const store = await ExperimentStore.open(fixture.storePath);
  let content;
  try {
    content = await buildReportContent(store, { resamples: 100 });
  } finally {
    store.close();
  }
  const whole = renderReportMarkdown(content);
  for (const name of REPORT_SECTIONS) {
    const section = reportSection(content, name);
    for (const paragraph of section.markdown.split("\n\n").filter((part) => part.trim() !== "")) {
      assert.ok(
        whole.includes(paragraph.trim()),
        `${name}: "${paragraph.slice(0, 80)}…" not in the report`,
      );
    }
  }
  const operating = reportSection(content, "operating-points");
  assert.deepEqual(
    operating.figures,
    content.figures.filter((item) => item.key === "operating-points").map((item) => item.figure),
  );
  assert.equal(reportSection(content, "data").figures.length, 1, "the leakage chart");
  assert.equal(reportSection(content, "tuning").figures.length, 3);
  assert.throws(
    () => reportSection(content, "nope" as ReportSectionName),
    /unknown section "nope" \(sections: summary, data,/,
  );
});
