import assert from "node:assert/strict";
import { plotlyFigure, plotlyScript, showInNotebook } from "../../lib/figures/mod.ts";

const display = Symbol.for("Jupyter.display");
type Displayable = { [display](): Promise<Record<string, unknown>> };

Deno.test("plotlyScript() reads the plotly.js bundle from node_modules", async () => {
  const script = await plotlyScript();
  assert.match(script.slice(0, 200), /plotly\.js v\d+\.\d+\.\d+/);
  assert.ok(script.length > 1_000_000);
});

Deno.test("plotlyFigure() displays as Plotly MIME, HTML and text, inlining plotly.js only once", async () => {
  const first = plotlyFigure([{ type: "bar", x: ["a"], y: [1] }], { title: { text: "One" } });
  const second = plotlyFigure([{ type: "bar", x: ["b"], y: [2] }], { title: "Two" });
  const firstBundle = await (first as unknown as Displayable)[display]();
  const secondBundle = await (second as unknown as Displayable)[display]();
  assert.deepEqual(firstBundle["application/vnd.plotly.v1+json"], {
    data: [{ type: "bar", x: ["a"], y: [1] }],
    layout: { title: { text: "One" } },
  });
  assert.equal(firstBundle["text/plain"], "Plotly figure: One");
  assert.equal(secondBundle["text/plain"], "Plotly figure: Two");
  const firstHtml = firstBundle["text/html"] as string;
  const secondHtml = secondBundle["text/html"] as string;
  assert.match(firstHtml, /plotly\.js v\d/);
  assert.doesNotMatch(secondHtml, /plotly\.js v\d/);
  assert.match(secondHtml, /Plotly\.newPlot\("ade-fig-[0-9a-f]{8}"/);
  assert.ok(!secondHtml.includes("</script>" + "</script>"));
});

Deno.test("showInNotebook() does nothing outside the Jupyter kernel", async () => {
  assert.throws(() => (Deno as unknown as { jupyter: unknown }).jupyter, /deno jupyter/);
  const started = performance.now();
  await showInNotebook([plotlyFigure([], {})], 10_000);
  assert.ok(performance.now() - started < 5_000, "returned without waiting");
});
