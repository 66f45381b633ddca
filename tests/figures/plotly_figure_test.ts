import assert from "node:assert/strict";
import { figureHtml, plotlyFigure, plotlyScript, showInNotebook } from "../../lib/figures/mod.ts";

const display = Symbol.for("Jupyter.display");
type Displayable = { [display](): Promise<Record<string, unknown>> };

Deno.test("plotlyScript() reads the plotly.js bundle from node_modules", async () => {
  const script = await plotlyScript();
  assert.match(script.slice(0, 200), /plotly\.js v\d+\.\d+\.\d+/);
  assert.ok(script.length > 1_000_000);
});

Deno.test("plotlyFigure() displays as Plotly MIME, HTML and text, never with plotly.js inside", async () => {
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
  for (const bundle of [firstBundle, secondBundle]) {
    const html = bundle["text/html"] as string;
    assert.doesNotMatch(html, /plotly\.js v\d/);
    assert.ok(html.length < 10_000, `${html.length} characters of HTML for one bar`);
    assert.match(html, /<div id="ade-fig-[0-9a-f]{8}" class="ade-figure"/);
    assert.match(html, /node_modules\/plotly\.js-dist-min\/plotly\.min\.js/);
  }
  assert.notEqual(
    /id="(ade-fig-[0-9a-f]{8})"/.exec(firstBundle["text/html"] as string)?.[1],
    /id="(ade-fig-[0-9a-f]{8})"/.exec(secondBundle["text/html"] as string)?.[1],
  );
});

Deno.test("figureHtml() shows a placeholder that says how to trust the notebook until drawn", async () => {
  const html = await figureHtml(plotlyFigure([], { title: "Leak <split>" }), "fig-1", false);
  const placeholder = /<div id="fig-1"[^>]*>([^<]*)<\/div>/.exec(html)?.[1] ?? "";
  assert.match(placeholder, /^Chart: Leak &lt;split&gt;\. .*Trust Notebook.*jupyter trust/);
  assert.doesNotMatch(html, /<\/script>[\s\S]*<\/script>[\s\S]*<\/script>/);
});

Deno.test("figureHtml() escapes </script> inside the figure's data", async () => {
  const figure = plotlyFigure([{ type: "bar", x: ["</script><b>x"], y: [1] }], {});
  const html = await figureHtml(figure, "fig-2", false);
  assert.equal(html.match(/<\/script>/gi)?.length, 1);
  assert.match(html, /<\\\/script><b>x/);
});

Deno.test("figureHtml() inlines plotly.js before the figure only when asked", async () => {
  const figure = plotlyFigure([{ type: "bar", y: [1] }], {});
  assert.match(await figureHtml(figure, "fig-3", true), /^<script[^>]*>[^<]*plotly\.js v\d/);
});

Deno.test("showInNotebook() does nothing outside the Jupyter kernel", async () => {
  assert.throws(() => (Deno as unknown as { jupyter: unknown }).jupyter, /deno jupyter/);
  const started = performance.now();
  await showInNotebook([plotlyFigure([], {})], 10_000);
  assert.ok(performance.now() - started < 5_000, "returned without waiting");
});
