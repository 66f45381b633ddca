import assert from "node:assert/strict";
import { deduplicateRows } from "../../lib/data/_deduplicate.ts";
import {
  defaultCorpusSource,
  groupedStratifiedKFold,
  loadSource,
  normalizeText,
  type Row,
} from "../../lib/data/mod.ts";

const { rows: rawRows } = await loadSource(defaultCorpusSource());
const rows = deduplicateRows(rawRows).rows;

function pmidsOf(row: Row): string[] {
  return Array.isArray(row.pmids) ? row.pmids as string[] : [row.pmid!];
}

Deno.test("groupedStratifiedKFold() keeps every PubMed id and every text inside one fold", () => {
  const folds = groupedStratifiedKFold(rows, 5, 42);
  assert.equal(folds.length, 5);
  const foldOfPmid = new Map<string, number>();
  const foldOfText = new Map<string, number>();
  const seen = new Set<number>();
  folds.forEach(({ train, validation }, fold) => {
    assert.equal(train.length + validation.length, rows.length);
    for (const index of validation) {
      assert.ok(!seen.has(index), `row ${index} validated twice`);
      seen.add(index);
      for (const pmid of pmidsOf(rows[index])) {
        assert.equal(foldOfPmid.get(pmid) ?? fold, fold);
        foldOfPmid.set(pmid, fold);
      }
      const text = normalizeText(rows[index].text);
      assert.equal(foldOfText.get(text) ?? fold, fold);
      foldOfText.set(text, fold);
    }
  });
  assert.equal(seen.size, rows.length);
});

Deno.test("groupedStratifiedKFold() also groups raw rows that share a normalised text", () => {
  const folds = groupedStratifiedKFold(rawRows.slice(0, 3_000), 3, 1);
  for (const { train, validation } of folds) {
    const trainTexts = new Set(train.map((index) => normalizeText(rawRows[index].text)));
    assert.ok(validation.every((index) => !trainTexts.has(normalizeText(rawRows[index].text))));
  }
});

Deno.test("groupedStratifiedKFold() gives each fold about the overall positive share", () => {
  const overall = rows.filter((row) => row.label === "Adverse_Event").length / rows.length;
  for (const { validation } of groupedStratifiedKFold(rows, 5, 7)) {
    const share = validation.filter((index) => rows[index].label === "Adverse_Event").length /
      validation.length;
    assert.ok(Math.abs(share - overall) < 0.01, `fold positive share ${share} vs ${overall}`);
    assert.ok(Math.abs(validation.length / rows.length - 0.2) < 0.01);
  }
});

Deno.test("groupedStratifiedKFold() is seeded: same seed same folds, another seed other folds", () => {
  const a = groupedStratifiedKFold(rows, 4, 11);
  assert.deepEqual(groupedStratifiedKFold(rows, 4, 11), a);
  assert.notDeepEqual(groupedStratifiedKFold(rows, 4, 12), a);
});

Deno.test("groupedStratifiedKFold() refuses fewer than two folds or more folds than groups", () => {
  assert.throws(() => groupedStratifiedKFold(rows, 1, 1), /folds must be/);
  const tiny: Row[] = [
    { id: "a", text: "One.", label: "Adverse_Event", pmid: "1" },
    { id: "b", text: "Two.", label: "Not_AE", pmid: "1" },
  ];
  assert.throws(() => groupedStratifiedKFold(tiny, 2, 1), /only 1 independent groups/);
});
