import assert from "node:assert/strict";
import { deduplicateRows } from "../../lib/data/_deduplicate.ts";
import { measureLeakage } from "../../lib/data/_leakage.ts";
import {
  defaultCorpusSource,
  loadSource,
  normalizeText,
  type Row,
  splitRows,
} from "../../lib/data/mod.ts";

const { rows } = await loadSource(defaultCorpusSource());

function pmidsOf(row: Row): string[] {
  return Array.isArray(row.pmids) ? row.pmids as string[] : [row.pmid!];
}

Deno.test("deduplicateRows() merges the corpus into 20,895 rows without label conflicts", () => {
  const deduplicated = deduplicateRows(rows);
  assert.equal(deduplicated.rows.length, 20_895);
  assert.equal(deduplicated.duplicatesRemoved, 23_516 - 20_895);
  assert.equal(deduplicated.labelConflicts, 0);
  assert.equal(deduplicated.rows.filter((row) => row.label === "Adverse_Event").length, 4_271);
});

Deno.test("deduplicateRows() counts texts seen with both labels and keeps them as Adverse_Event", () => {
  const merged = deduplicateRows([
    { id: "a", text: "Rash  after drug.", label: "Not_AE", pmid: "1" },
    { id: "b", text: "rash after DRUG.", label: "Adverse_Event", pmid: "2" },
    { id: "c", text: "Other.", label: "Not_AE", pmid: "1" },
  ]);
  assert.equal(merged.labelConflicts, 1);
  assert.deepEqual(merged.rows[0], {
    id: "a",
    text: "Rash  after drug.",
    label: "Adverse_Event",
    pmid: "1",
    pmids: ["1", "2"],
  });
});

Deno.test("splitRows() grouped keeps every PubMed id and every text on one side", () => {
  const split = splitRows(rows, { split: "grouped", seed: 42, testSize: 0.2 });
  assert.equal(split.split, "grouped");
  const trainTexts = new Set(split.train.map((row) => normalizeText(row.text)));
  const trainPmids = new Set(split.train.flatMap(pmidsOf));
  assert.equal(split.test.filter((row) => trainTexts.has(normalizeText(row.text))).length, 0);
  assert.equal(
    split.test.filter((row) => pmidsOf(row).some((pmid) => trainPmids.has(pmid))).length,
    0,
  );
  assert.deepEqual(measureLeakage(split.train, split.test), {
    text_overlap: 0,
    pmid_overlap: 0,
    test_positive_text_in_train: 0,
  });
});

Deno.test("splitRows() grouped puts 0.20 ± 0.01 of the de-duplicated rows in test, stratified by label", () => {
  for (const seed of [1, 42]) {
    const split = splitRows(rows, { split: "grouped", seed, testSize: 0.2 });
    const total = split.train.length + split.test.length;
    assert.equal(total, 20_895);
    assert.ok(
      Math.abs(split.test.length / total - 0.2) <= 0.01,
      `test share ${split.test.length / total}`,
    );
    const testPositive = split.test.filter((row) => row.label === "Adverse_Event").length;
    assert.ok(
      Math.abs(testPositive / 4_271 - 0.2) <= 0.01,
      `positive share ${testPositive / 4_271}`,
    );
  }
});

Deno.test("splitRows() gives a different split for another seed", () => {
  const a = splitRows(rows, { split: "grouped", seed: 42, testSize: 0.2 });
  const b = splitRows(rows, { split: "grouped", seed: 43, testSize: 0.2 });
  const idsA = new Set(a.test.map((row) => row.id));
  const shared = b.test.filter((row) => idsA.has(row.id)).length;
  assert.ok(shared < 0.5 * b.test.length, `${shared} of ${b.test.length} test rows shared`);
});

Deno.test("splitRows() random (reference protocol) leaks about half of the test positives into train", () => {
  const split = splitRows(rows, { split: "random", seed: 42, testSize: 0.2 });
  assert.equal(split.train.length + split.test.length, 23_516);
  const leakage = measureLeakage(split.train, split.test);
  assert.ok(
    leakage.test_positive_text_in_train > 0.4 && leakage.test_positive_text_in_train < 0.6,
    `leaked share ${leakage.test_positive_text_in_train}`,
  );
  assert.ok(leakage.text_overlap > 500);
  assert.ok(leakage.pmid_overlap > 0.9 * split.test.length);
});

Deno.test("splitRows() dedup removes text overlap but not PubMed-id overlap", () => {
  const split = splitRows(rows, { split: "dedup", seed: 42, testSize: 0.2 });
  const leakage = measureLeakage(split.train, split.test);
  assert.equal(leakage.text_overlap, 0);
  assert.ok(leakage.pmid_overlap > 0);
});

Deno.test("splitRows() grouped falls back to dedup with a warning when rows have no PubMed id", () => {
  const withoutPmid = rows.slice(0, 2_000).map(({ pmid: _pmid, ...row }) => row as Row);
  const split = splitRows(withoutPmid, { split: "grouped", seed: 42, testSize: 0.2 });
  assert.equal(split.split, "dedup");
  assert.match(split.warnings.join("\n"), /falls back to dedup/);
});

Deno.test("splitRows() rejects a test size outside (0, 1)", () => {
  assert.throws(
    () => splitRows(rows, { split: "grouped", seed: 1, testSize: 1 }),
    /between 0 and 1/,
  );
});
