import assert from "node:assert/strict";
import { TfidfVectorizer } from "../../lib/models/mod.ts";

const documents = ["Ab ab c", "A x-ray, Ab!  Naïve_1"];

function sorted(values: string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function rowAsMap(
  vectorizer: TfidfVectorizer,
  matrix: ReturnType<typeof vectorizer.transform>,
  row: number,
) {
  const { word, char } = vectorizer.vocabulary();
  const names = [...word.map((w) => `w:${w}`), ...char.map((c) => `c:${c}`)];
  const out = new Map<string, number>();
  for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
    out.set(names[matrix.indices[k]], matrix.values[k]);
  }
  return out;
}

// Expected n-gram sets produced by scikit-learn 1.2.1's TfidfVectorizer on the same two documents.
Deno.test("TfidfVectorizer.fit() extracts scikit-learn's word 1–2 grams", () => {
  const { vectorizer } = TfidfVectorizer.fit(documents, {
    wordNgramMax: 2,
    charNgramMin: 2,
    charNgramMax: 3,
    minDf: 1,
  });
  assert.deepEqual(sorted(vectorizer.vocabulary().word), [
    "ab",
    "ab ab",
    "ab naïve_1",
    "naïve_1",
    "ray",
    "ray ab",
  ]);
});

Deno.test("TfidfVectorizer.fit() extracts scikit-learn's char_wb 2–3 grams", () => {
  const { vectorizer } = TfidfVectorizer.fit(documents, {
    wordNgramMax: 1,
    charNgramMin: 2,
    charNgramMax: 3,
    minDf: 1,
  });
  assert.deepEqual(
    sorted(vectorizer.vocabulary().char),
    // deno-fmt-ignore
    [" a", " a ", " ab", " c", " c ", " n", " na", " x", " x-", "! ", ", ", "-r", "-ra", "1 ", "_1", "_1 ",
      "a ", "ab", "ab ", "ab!", "ay", "ay,", "aï", "aïv", "b ", "b!", "b! ", "c ", "e_", "e_1", "na", "naï",
      "ra", "ray", "ve", "ve_", "x-", "x-r", "y,", "y, ", "ïv", "ïve"],
  );
});

Deno.test("TfidfVectorizer.fit() emits short padded words whole, like scikit-learn's char_wb 4–5", () => {
  const { vectorizer } = TfidfVectorizer.fit(documents, {
    wordNgramMax: 1,
    charNgramMin: 4,
    charNgramMax: 5,
    minDf: 1,
  });
  assert.deepEqual(
    sorted(vectorizer.vocabulary().char),
    // deno-fmt-ignore
    [" a ", " ab ", " ab!", " ab! ", " c ", " naï", " naïv", " x-r", " x-ra", "-ray", "-ray,", "ab! ", "ay, ",
      "aïve", "aïve_", "e_1 ", "naïv", "naïve", "ray,", "ray, ", "ve_1", "ve_1 ", "x-ra", "x-ray", "ïve_", "ïve_1"],
  );
});

Deno.test("TfidfVectorizer.fit() computes sublinear tf, smooth idf and L2 rows as scikit-learn", () => {
  const { vectorizer, matrix } = TfidfVectorizer.fit(documents, {
    wordNgramMax: 2,
    charNgramMin: 2,
    charNgramMax: 3,
    minDf: 1,
  });
  const first = rowAsMap(vectorizer, matrix, 0);
  const second = rowAsMap(vectorizer, matrix, 1);
  // scikit-learn: ab [0.769447, 0.335176], "ab ab" [0.638711, 0], "ray" [0, 0.471078]
  assert.ok(Math.abs(first.get("w:ab")! - 0.769447) < 1e-6);
  assert.ok(Math.abs(first.get("w:ab ab")! - 0.638711) < 1e-6);
  assert.ok(Math.abs(second.get("w:ab")! - 0.335176) < 1e-6);
  assert.ok(Math.abs(second.get("w:ray")! - 0.471078) < 1e-6);
  // Each block (word, char) has unit norm.
  for (const row of [first, second]) {
    let word = 0, char = 0;
    for (const [name, value] of row) {
      if (name.startsWith("w:")) word += value * value;
      else char += value * value;
    }
    assert.ok(Math.abs(word - 1) < 1e-6 && Math.abs(char - 1) < 1e-6);
  }
});

Deno.test("TfidfVectorizer.fit() drops n-grams below min_df and its matrix equals transform()", () => {
  const texts = ["fever after drug", "fever after dose", "rash", "Fever!"];
  const { vectorizer, matrix } = TfidfVectorizer.fit(texts, {
    wordNgramMax: 2,
    charNgramMin: 3,
    charNgramMax: 4,
    minDf: 2,
  });
  assert.deepEqual(vectorizer.vocabulary().word, ["fever", "fever after", "after"]);
  assert.ok(!vectorizer.vocabulary().char.includes(" ras"));
  assert.ok(vectorizer.vocabulary().char.includes(" fev"));
  const again = vectorizer.transform(texts);
  assert.deepEqual(again.rowStarts, matrix.rowStarts);
  assert.deepEqual(again.indices, matrix.indices);
  assert.deepEqual(again.values, matrix.values);
  // "rash" shares no n-gram with the vocabulary: an empty row.
  assert.equal(matrix.rowStarts[3] - matrix.rowStarts[2], 0);
});

Deno.test("TfidfVectorizer.fromVocabulary() rebuilds identical features", () => {
  const texts = ["Fever after drug X.", "No fever; rash.", "Drug-induced rash"];
  const options = { wordNgramMax: 3, charNgramMin: 2, charNgramMax: 5, minDf: 1 };
  const { vectorizer } = TfidfVectorizer.fit(texts, options);
  const rebuilt = TfidfVectorizer.fromVocabulary(options, vectorizer.vocabulary(), vectorizer.idf);
  const probe = ["fever after rash", "unseen words only", ""];
  assert.deepEqual(rebuilt.transform(probe), vectorizer.transform(probe));
  assert.throws(
    () =>
      TfidfVectorizer.fromVocabulary(options, { word: ["a", "a"], char: [] }, new Float64Array(2)),
    /duplicate word n-gram/,
  );
});

Deno.test("TfidfVectorizer.transform() gives the same rows whether texts come in one call or many", () => {
  const { vectorizer, matrix: fitted } = TfidfVectorizer.fit(documents, {
    wordNgramMax: 2,
    charNgramMin: 2,
    charNgramMax: 5,
    minDf: 1,
  });
  const texts = [...documents, "ab ab ab c", documents[1], "", "Ab"];
  const together = vectorizer.transform(texts);
  assert.deepEqual(
    Array.from(together.indices.slice(0, fitted.indices.length)),
    Array.from(fitted.indices),
  );
  for (let round = 0; round < 3; round++) {
    texts.forEach((text, row) => {
      assert.deepEqual(
        rowAsMap(vectorizer, vectorizer.transform([text]), 0),
        rowAsMap(vectorizer, together, row),
      );
    });
  }
});
