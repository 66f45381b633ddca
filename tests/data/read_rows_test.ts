import assert from "node:assert/strict";
import { readRows } from "../../lib/data/mod.ts";
import { parseLabel } from "../../lib/data/read_rows.ts";
import { FIXTURE_DIR } from "./_fixtures.ts";

Deno.test("readRows() reads a CSV with quotes, embedded line breaks, 1/0 labels and a group column", async () => {
  const rows = await readRows(`${FIXTURE_DIR}/user_rows.csv`);
  assert.deepEqual(rows, [
    { id: "u1", text: "Fever after drug alpha, then rash.", label: "Adverse_Event", pmid: "g1" },
    { id: "u2", text: 'The patient said "fine" at follow-up.', label: "Not_AE", pmid: "g1" },
    { id: "u3", text: "A second\nline inside quotes.", label: "Adverse_Event", pmid: "g2" },
    { id: "u4", text: "Plain sentence without quotes.", label: "Not_AE", pmid: "g3" },
  ]);
});

Deno.test("readRows() reads JSONL, keeps mentions and extra fields, and numbers rows without id", async () => {
  const rows = await readRows(`${FIXTURE_DIR}/user_rows.jsonl`);
  assert.deepEqual(rows, [
    {
      id: "j1",
      text: "Drug alpha caused a rash.",
      label: "Adverse_Event",
      pmid: "11",
      drugs: [{ text: "Drug alpha", start: 0, end: 10 }],
    },
    { id: "line-2", text: "Nothing happened.", label: "Not_AE", pmid: "11", source: "synthetic" },
    { id: "j3", text: "Hepatitis after beta.", label: "Adverse_Event" },
  ]);
});

Deno.test("parseLabel() accepts the label names and 1/0 only", () => {
  assert.equal(parseLabel("Adverse_Event"), "Adverse_Event");
  assert.equal(parseLabel(1), "Adverse_Event");
  assert.equal(parseLabel("0"), "Not_AE");
  assert.equal(parseLabel("not_ae"), undefined);
  assert.equal(parseLabel(2), undefined);
});
