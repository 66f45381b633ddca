import assert from "node:assert/strict";
import { defaultCorpusSource, loadSource, normalizeText } from "../../lib/data/mod.ts";
import { FIXTURE_CORPUS } from "./_fixtures.ts";

const corpus = await loadSource(defaultCorpusSource());

Deno.test("loadSource() reads the corpus folder into 23,516 rows: 6,821 Adverse_Event, 16,695 Not_AE", () => {
  assert.equal(corpus.rows.length, 23_516);
  assert.equal(corpus.rows.filter((row) => row.label === "Adverse_Event").length, 6_821);
  assert.equal(corpus.rows.filter((row) => row.label === "Not_AE").length, 16_695);
  assert.deepEqual(corpus.rejects, []);
});

Deno.test("loadSource() corpus rows hold 20,895 unique normalised texts, 4,271 of them positive", () => {
  assert.equal(new Set(corpus.rows.map((row) => normalizeText(row.text))).size, 20_895);
  const positives = corpus.rows.filter((row) => row.label === "Adverse_Event");
  assert.equal(new Set(positives.map((row) => normalizeText(row.text))).size, 4_271);
});

Deno.test("loadSource() gives every corpus row a unique id derived from PubMed id and line", () => {
  assert.equal(new Set(corpus.rows.map((row) => row.id)).size, corpus.rows.length);
  for (const row of corpus.rows) {
    assert.ok(row.pmid && /^[0-9]+$/.test(row.pmid));
    assert.match(row.id, new RegExp(`^(ae|neg)-${row.pmid}-[0-9]+$`));
  }
  assert.equal(corpus.rows[0].id, `ae-${corpus.rows[0].pmid}-1`);
});

Deno.test("loadSource() places every mention inside its sentence and keeps the document offsets", () => {
  let mentions = 0;
  for (const row of corpus.rows.filter((row) => row.label === "Adverse_Event")) {
    assert.equal(row.drugs?.length, 1);
    assert.equal(row.effects?.length, 1);
    const drug = row.drugs![0], effect = row.effects![0];
    for (const mention of [drug, effect]) {
      assert.equal(row.text.slice(mention.start, mention.end), mention.text);
      assert.equal(mention.doc_end! - mention.doc_start!, mention.text.length);
      mentions++;
    }
    // Both mentions imply the same document offset for the sentence.
    assert.equal(drug.doc_start! - drug.start, effect.doc_start! - effect.start);
  }
  assert.equal(mentions, 2 * 6_821);
});

Deno.test("loadSource() picks the occurrence that matches the document offsets when a mention repeats", async () => {
  const { rows } = await loadSource(FIXTURE_CORPUS);
  const repeated = rows.find((row) => row.id === "ae-1002-3")!;
  // "Beta caused hepatitis; hepatitis recurred with beta ...": the file points at the second "hepatitis".
  assert.deepEqual(repeated.effects, [{
    text: "hepatitis",
    start: 23,
    end: 32,
    doc_start: 51,
    doc_end: 60,
  }]);
  assert.deepEqual(repeated.drugs, [{
    text: "beta",
    start: 47,
    end: 51,
    doc_start: 75,
    doc_end: 79,
  }]);
  assert.equal(rows.filter((row) => row.label === "Not_AE").length, 7);
});
