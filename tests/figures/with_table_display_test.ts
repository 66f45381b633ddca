import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { recordsFrame, withTableDisplay } from "../../lib/figures/mod.ts";

type Bundle = Record<string, string>;
const display = Symbol.for("Jupyter.display");
const bundleOf = (frame: pl.DataFrame): Bundle =>
  (frame as unknown as Record<symbol, () => Bundle>)[display]();

Deno.test("withTableDisplay() rounds to 3 decimals and writes counts with thousands separators", () => {
  const frame = recordsFrame([
    { split: "grouped", test_rows: 4705, f1: 0.712345678, p: 0.0000123, diff: null },
    { split: "random", test_rows: 23516, f1: 1, p: 0.5, diff: -0.0104 },
  ]);
  const { "text/html": html, "text/plain": text } = bundleOf(frame);
  for (const cell of ["4,705", "23,516", "0.712", "1.000", "1.23e-5", "0.500", "—", "-0.010"]) {
    assert.ok(html.includes(`>${cell}</td>`), `${cell} in the HTML`);
    assert.ok(text.includes(cell), `${cell} in the text`);
  }
  assert.doesNotMatch(html, /0\.71234/);
  assert.equal(frame.getColumn("f1").toArray()[0], 0.712345678, "the frame keeps its values");
});

Deno.test("withTableDisplay() shows the key columns first and every column on demand", () => {
  const frame = withTableDisplay(
    pl.DataFrame({ n: [10], f1: [0.5], configuration: ["tuned"], recall: [0.25] }),
    { keyColumns: ["configuration", "f1", "not_a_column"] },
  );
  const html = bundleOf(frame)["text/html"];
  const [shown, hidden] = html.split("<details>");
  assert.deepEqual([...shown.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), [
    "configuration",
    "f1",
  ]);
  assert.match(hidden, /^<summary[^>]*>Show all 4 columns \(adds n, recall\)<\/summary>/);
  assert.deepEqual([...hidden.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), [
    "configuration",
    "f1",
    "n",
    "recall",
  ]);
  assert.match(
    bundleOf(frame)["text/plain"],
    /^configuration {2}f1[\s\S]*\(2 more columns: n, recall\)$/,
  );
});

Deno.test("withTableDisplay() shows at most maxRows rows and says how many there are", () => {
  const frame = recordsFrame(
    Array.from({ length: 1200 }, (_, i) => ({ row: i })),
    { maxRows: 5, decimals: 1 },
  );
  const { "text/html": html, "text/plain": text } = bundleOf(frame);
  assert.equal(html.match(/<tr>/g)?.length, 6);
  assert.match(html, /First 5 of 1,200 rows/);
  assert.match(text, /\(first 5 of 1200 rows\)$/);
});

Deno.test("withTableDisplay() escapes HTML in text cells and column names", () => {
  const html = bundleOf(recordsFrame([{ "<b>": "<script>x</script>" }]))["text/html"];
  assert.ok(html.includes("&lt;b&gt;") && html.includes("&lt;script&gt;x&lt;/script&gt;"));
  assert.doesNotMatch(html, /<script>/);
});
