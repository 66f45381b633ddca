import assert from "node:assert/strict";
import { writeReport } from "../../lib/report/mod.ts";
import { SCRIPT_ERROR_ATTRIBUTE } from "../../lib/report/_render_html.ts";
import { dumpDom, findChromium } from "./_chromium.ts";
import { makeFixtureStore } from "./_fixture.ts";

const chromium = findChromium();
if (!chromium) {
  console.warn(
    "SKIPPED browser tests: no chromium installed (apt-get install -y chromium to run them)",
  );
}

Deno.test({
  name: "report.html draws every chart in headless chromium without script errors",
  ignore: !chromium,
  sanitizeResources: false,
  fn: async () => {
    const fixture = await makeFixtureStore({ randomSplit: true });
    const written = await writeReport({
      storePath: fixture.storePath,
      outDir: `${fixture.dir}/report`,
      resamples: 200,
    });
    const { dom, stderr } = await dumpDom(chromium!, written.htmlPath);
    assert.ok(dom.includes("</html>"), `no DOM dumped; chromium said: ${stderr.slice(-2000)}`);
    const errorMatch = new RegExp(`${SCRIPT_ERROR_ATTRIBUTE}="([^"]*)"`).exec(dom);
    assert.equal(errorMatch, null, `script error in the page: ${errorMatch?.[1]}`);
    assert.equal(dom.match(/class="plot-container plotly"/g)?.length, written.figureCount);
    // Every chart is drawn inside its own figure, with the data marks of its kind.
    const figures = new Map(
      [...dom.matchAll(/<figure id="figure-([^"]+)">([\s\S]*?)<\/figure>/g)].map((
        m,
      ) => [m[1], m[2]]),
    );
    assert.equal(figures.size, written.figureCount);
    const point = /class="point/, bar = /class="bartext/, error = /class="yerror"/;
    const line = /class="js-line"/;
    const marks: Record<string, RegExp[]> = {
      "leakage": [point, bar], // bars with their value labels
      "f1-ci": [point, error],
      "pr-curves": [line, point],
      "confusion": [/class="hm"/],
      "operating-points": [point, bar, error],
      "reliability": [line, error],
      "f1-by-length": [point, error],
      "tuning": [point, line],
      "tuning-parallel": [/class="parcoords/, /gl-canvas/],
      "tuning-importance": [point, bar],
    };
    for (const [key, body] of figures) {
      assert.ok(/class="main-svg"/.test(body), `${key}: no chart drawn`);
      assert.ok(marks[key], `${key}: a chart this test does not know`);
      for (const mark of marks[key]) assert.match(body, mark, `${key}: no ${mark} drawn`);
    }
    // The leakage chart's zero bars are labelled 0%.
    assert.match(figures.get("leakage")!, /<text[^>]*>0%<\/text>/);
  },
});

Deno.test({
  name: "the script-error marker shows up in chromium when a page script throws",
  ignore: !chromium,
  sanitizeResources: false,
  fn: async () => {
    // Guards the test above: a page whose script fails must be detected.
    const fixture = await makeFixtureStore({ configurations: ["baseline"], tuning: false });
    const written = await writeReport({
      storePath: fixture.storePath,
      outDir: `${fixture.dir}/report`,
      resamples: 100,
    });
    const html = await Deno.readTextFile(written.htmlPath);
    const broken = `${fixture.dir}/broken.html`;
    await Deno.writeTextFile(
      broken,
      html.replace("</body>", "<script>undefinedFunctionOfThisTest();</script></body>"),
    );
    const { dom } = await dumpDom(chromium!, broken);
    assert.match(dom, new RegExp(`${SCRIPT_ERROR_ATTRIBUTE}="[^"]*undefinedFunctionOfThisTest`));
  },
});
