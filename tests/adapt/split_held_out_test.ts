import assert from "node:assert/strict";
import { splitHeldOut } from "../../lib/adapt/mod.ts";
import { readRows, type Row } from "../../lib/data/mod.ts";

const FIXTURE = new URL("../fixtures/lay_language/lay_language.jsonl", import.meta.url).pathname;
const SOURCES = ["forum", "tweet", "call_note", "email"];

Deno.test("lay-language fixture: at least 400 rows in our schema, four registers, both labels each", async () => {
  const rows = await readRows(FIXTURE);
  assert.ok(rows.length >= 400, `${rows.length} rows`);
  assert.deepEqual([...new Set(rows.map((row) => row.source))].sort(), [...SOURCES].sort());
  for (const source of SOURCES) {
    const ofSource = rows.filter((row) => row.source === source);
    assert.ok(ofSource.length >= 100, `${source}: ${ofSource.length} rows`);
    const positives = ofSource.filter((row) => row.label === "Adverse_Event").length;
    assert.ok(positives >= 30 && positives < ofSource.length / 2, `${source}: ${positives} AEs`);
  }
  for (const row of rows) {
    assert.deepEqual(Object.keys(row).sort(), ["id", "label", "source", "text"]);
  }
  const texts = rows.map((row) => row.text.trim().toLowerCase());
  assert.equal(new Set(texts).size, texts.length, "no text occurs twice");
});

Deno.test("splitHeldOut() holds out 40% of every (source, label) stratum of the fixture, disjoint from the pool", async () => {
  const rows = await readRows(FIXTURE);
  const { pool, heldOut } = splitHeldOut(rows, { by: "source", heldOutShare: 0.4, seed: 42 });
  assert.equal(pool.length + heldOut.length, rows.length);
  const poolIds = new Set(pool.map((row) => row.id));
  assert.equal(heldOut.filter((row) => poolIds.has(row.id)).length, 0);
  for (const source of SOURCES) {
    for (const label of ["Adverse_Event", "Not_AE"]) {
      const all = rows.filter((row) => row.source === source && row.label === label).length;
      const held = heldOut.filter((row) => row.source === source && row.label === label).length;
      assert.equal(held, Math.round(0.4 * all), `${source}/${label}`);
    }
  }
  assert.equal(heldOut.length, 291);
});

Deno.test("splitHeldOut() depends on ids, not on file order, and changes with the seed", () => {
  const rows: Row[] = Array.from({ length: 60 }, (_, i) => ({
    id: `r${i}`,
    text: `text ${i}`,
    label: i % 3 === 0 ? "Adverse_Event" : "Not_AE",
    source: i % 2 === 0 ? "a" : "b",
  }));
  const ids = (split: { heldOut: Row[] }) => split.heldOut.map((row) => row.id).sort();
  const forward = splitHeldOut(rows, { seed: 7 });
  const backward = splitHeldOut([...rows].reverse(), { seed: 7 });
  assert.deepEqual(ids(forward), ids(backward));
  assert.notDeepEqual(ids(forward), ids(splitHeldOut(rows, { seed: 8 })));
  const grown = splitHeldOut([...rows, { id: "extra", text: "t", label: "Not_AE", source: "c" }], {
    seed: 7,
  });
  assert.deepEqual(ids(grown).filter((id) => id !== "extra"), ids(forward));
});

Deno.test("splitHeldOut() rejects a share outside (0, 1) and repeated ids", () => {
  const rows: Row[] = [{ id: "x", text: "t", label: "Not_AE" }];
  assert.throws(() => splitHeldOut(rows, { heldOutShare: 1 }), /heldOutShare must be in \(0, 1\)/);
  assert.throws(() => splitHeldOut([...rows, ...rows]), /id "x" occurs twice/);
});
