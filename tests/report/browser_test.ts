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
    const fixture = await makeFixtureStore();
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
    const svgs = dom.match(/<svg\b[^>]*class="main-svg"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
    assert.ok(svgs.length >= written.figureCount, `${svgs.length} main SVGs`);
    // Drawn charts hold data marks: scatter points/lines and heatmap images.
    assert.ok(/class="(point|js-line)"/.test(dom), "scatter marks drawn");
    assert.ok(/class="hm"/.test(dom), "heatmap drawn");
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
