import assert from "node:assert/strict";
import {
  classBalance,
  compareSplitLeakage,
  duplicateStructure,
  loadSource,
} from "../../lib/data/mod.ts";
import { FIXTURE_CORPUS } from "./_fixtures.ts";

const { rows } = await loadSource(FIXTURE_CORPUS);

Deno.test("classBalance() counts rows and distinct texts per label", () => {
  assert.deepEqual(classBalance(rows), [
    { label: "Adverse_Event", rows: 5, share: 5 / 12, unique_texts: 4, rows_per_text: 5 / 4 },
    { label: "Not_AE", rows: 7, share: 7 / 12, unique_texts: 6, rows_per_text: 7 / 6 },
  ]);
});

Deno.test("duplicateStructure() groups texts by how many rows share them", () => {
  assert.deepEqual(duplicateStructure(rows), [
    { copies: 1, texts: 8, positive_texts: 3, negative_texts: 5, rows: 8, abstracts: 8 },
    { copies: 2, texts: 2, positive_texts: 1, negative_texts: 1, rows: 4, abstracts: 3 },
  ]);
});

Deno.test("compareSplitLeakage() shows leakage for random and none for grouped", () => {
  const lines = compareSplitLeakage(rows, { seed: 3, testSize: 0.3 });
  assert.deepEqual(lines.map((line) => line.split), ["random", "dedup", "grouped"]);
  const grouped = lines[2];
  assert.equal(grouped.text_overlap, 0);
  assert.equal(grouped.pmid_overlap, 0);
  assert.equal(lines[0].train_rows + lines[0].test_rows, 12);
});
