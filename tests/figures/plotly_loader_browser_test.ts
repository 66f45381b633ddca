import assert from "node:assert/strict";
import { figureHtml, plotlyFigure } from "../../lib/figures/mod.ts";
import { dumpDom, findChromium } from "../report/_chromium.ts";

const chromium = findChromium();
const PLOTLY =
  new URL("../../node_modules/plotly.js-dist-min/plotly.min.js", import.meta.url).pathname;

/** A page of two figures, without plotly.js in it, written to `path`. */
async function writeFigurePage(path: string): Promise<void> {
  const figures = [
    await figureHtml(
      plotlyFigure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: "A" }),
      "fa",
      false,
    ),
    await figureHtml(
      plotlyFigure([{ type: "scatter", x: [1, 2], y: [3, 1] }], { title: "B" }),
      "fb",
      false,
    ),
  ];
  await Deno.writeTextFile(
    path,
    `<!DOCTYPE html><html><head></head><body>${figures.join("\n")}</body></html>`,
  );
}

Deno.test({
  name: "figure HTML loads plotly.js once from node_modules above the page and draws every figure",
  ignore: !chromium,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.mkdir(`${dir}/node_modules/plotly.js-dist-min`, { recursive: true });
      await Deno.symlink(PLOTLY, `${dir}/node_modules/plotly.js-dist-min/plotly.min.js`);
      await Deno.mkdir(`${dir}/runs/notebooks`, { recursive: true });
      await writeFigurePage(`${dir}/runs/notebooks/page.html`);
      const { dom, stderr } = await dumpDom(chromium!, `${dir}/runs/notebooks/page.html`);
      assert.ok(dom.includes("</html>"), `no DOM dumped: ${stderr.slice(-1000)}`);
      assert.equal(dom.match(/class="plot-container plotly"/g)?.length, 2, "both figures drawn");
      assert.equal(dom.match(/<script[^>]*src="[^"]*plotly\.min\.js"/g)?.length, 1, "loaded once");
      assert.doesNotMatch(
        dom,
        />(Chart: [AB]\.|Chart not drawn)/,
        "no placeholder or message left",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "figure HTML says where it looked when plotly.js cannot be found",
  ignore: !chromium,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      await writeFigurePage(`${dir}/page.html`);
      const { dom } = await dumpDom(chromium!, `${dir}/page.html`);
      assert.equal(dom.match(/>Chart not drawn: plotly\.js was not found/g)?.length, 2);
      assert.doesNotMatch(dom, /class="plot-container plotly"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
