import assert from "node:assert/strict";
import { HashingVectorizer } from "../../lib/models/_hashing_vectorizer.ts";
import { multiplyRows } from "../../lib/models/_sparse_matrix.ts";
import type { CsrMatrix } from "../../lib/models/_sparse_matrix.ts";

const documents = ["Ab ab c", "A x-ray, Ab!  Naïve_1"];
const NO_COLLISIONS = 1 << 22;

function options(
  overrides: Partial<ConstructorParameters<typeof HashingVectorizer>[0]> = {},
) {
  return {
    wordNgramMax: 2,
    charNgramMin: 2,
    charNgramMax: 3,
    minDf: 1,
    nFeatures: NO_COLLISIONS,
    ...overrides,
  };
}

/** A row as feature id → value. */
function rowOf(matrix: CsrMatrix, row: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
    out.set(matrix.indices[k], matrix.values[k]);
  }
  return out;
}

Deno.test("HashingVectorizer.fit() computes sublinear tf, smooth idf and L2 blocks as scikit-learn", () => {
  const { vectorizer, matrix } = HashingVectorizer.fit(documents, options());
  // The same n-gram sets as scikit-learn (6 word, 42 char_wb 2–3 grams; no collisions at 2^22 buckets).
  assert.equal(vectorizer.wordFeatureCount, 6);
  assert.equal(vectorizer.featureCount - vectorizer.wordFeatureCount, 42);
  const first = rowOf(matrix, 0);
  const second = rowOf(matrix, 1);
  const word = (gram: string) => vectorizer.featureOfWordGram(gram);
  // scikit-learn: ab [0.769447, 0.335176], "ab ab" [0.638711, 0], "ray" [0, 0.471078]
  assert.ok(Math.abs(first.get(word("ab"))! - 0.769447) < 1e-6);
  assert.ok(Math.abs(first.get(word("ab ab"))! - 0.638711) < 1e-6);
  assert.ok(Math.abs(second.get(word("ab"))! - 0.335176) < 1e-6);
  assert.ok(Math.abs(second.get(word("ray"))! - 0.471078) < 1e-6);
  assert.equal(word("never seen"), -1);
  // Each block (word, char) has unit norm.
  for (const row of [first, second]) {
    let wordSquares = 0, charSquares = 0;
    for (const [feature, value] of row) {
      if (feature < vectorizer.wordFeatureCount) wordSquares += value * value;
      else charSquares += value * value;
    }
    assert.ok(Math.abs(wordSquares - 1) < 1e-6 && Math.abs(charSquares - 1) < 1e-6);
  }
});

Deno.test("HashingVectorizer.fit() drops buckets below min_df and its matrix equals transform()", () => {
  const texts = ["fever after drug", "fever after dose", "rash", "Fever!"];
  const { vectorizer, matrix } = HashingVectorizer.fit(
    texts,
    options({ charNgramMin: 3, charNgramMax: 4, minDf: 2 }),
  );
  assert.equal(vectorizer.wordFeatureCount, 3);
  for (const gram of ["fever", "fever after", "after"]) {
    assert.ok(vectorizer.featureOfWordGram(gram) >= 0, gram);
  }
  assert.equal(vectorizer.featureOfWordGram("drug"), -1);
  assert.equal(vectorizer.featureOfCharGram(" ras"), -1);
  assert.ok(vectorizer.featureOfCharGram(" fev") >= 0);
  const again = vectorizer.transform(texts);
  assert.deepEqual(again.rowStarts, matrix.rowStarts);
  assert.deepEqual(again.indices, matrix.indices);
  assert.deepEqual(again.values, matrix.values);
  // "rash" shares no kept n-gram: an empty row.
  assert.equal(matrix.rowStarts[3] - matrix.rowStarts[2], 0);
});

Deno.test("HashingVectorizer keeps bucket numbers only, ascending, whatever the order of the texts", () => {
  const texts = ["Fever after drug X.", "No fever; rash.", "Drug-induced rash", "rash after X"];
  const { vectorizer: forward } = HashingVectorizer.fit(texts, options());
  const { vectorizer: backward } = HashingVectorizer.fit([...texts].reverse(), options());
  for (const buckets of [forward.wordBuckets, forward.charBuckets]) {
    for (let k = 1; k < buckets.length; k++) assert.ok(buckets[k] > buckets[k - 1]);
  }
  assert.deepEqual(forward.wordBuckets, backward.wordBuckets);
  assert.deepEqual(forward.charBuckets, backward.charBuckets);
  assert.deepEqual(forward.idf, backward.idf);
});

Deno.test("new HashingVectorizer() rebuilds identical features from buckets and idf, and checks them", () => {
  const texts = ["Fever after drug X.", "No fever; rash.", "Drug-induced rash"];
  const settings = options({ wordNgramMax: 3, charNgramMax: 5, nFeatures: 1 << 12 });
  const { vectorizer } = HashingVectorizer.fit(texts, settings);
  const rebuilt = new HashingVectorizer(
    settings,
    vectorizer.wordBuckets,
    vectorizer.charBuckets,
    vectorizer.idf,
  );
  const probe = ["fever after rash", "unseen words only", ""];
  assert.deepEqual(rebuilt.transform(probe), vectorizer.transform(probe));
  const idf = new Float64Array(2);
  assert.throws(
    () => new HashingVectorizer(settings, Int32Array.from([5, 5]), new Int32Array(0), idf),
    /not ascending/,
  );
  assert.throws(
    () => new HashingVectorizer(settings, Int32Array.from([1, 1 << 12]), new Int32Array(0), idf),
    /out of range/,
  );
  assert.throws(
    () => new HashingVectorizer(settings, Int32Array.from([1]), new Int32Array(0), idf),
    /1 buckets but 2 idf values/,
  );
  assert.throws(
    () =>
      new HashingVectorizer(
        { ...settings, nFeatures: 1000 },
        new Int32Array(0),
        new Int32Array(0),
        new Float64Array(0),
      ),
    /power of two/,
  );
});

Deno.test("HashingVectorizer.transform() gives the same rows whether texts come in one call or many", () => {
  const { vectorizer, matrix: fitted } = HashingVectorizer.fit(
    documents,
    options({ charNgramMax: 5 }),
  );
  const texts = [...documents, "ab ab ab c", documents[1], "", "Ab"];
  const together = vectorizer.transform(texts);
  assert.deepEqual(
    Array.from(together.indices.slice(0, fitted.indices.length)),
    Array.from(fitted.indices),
  );
  for (let round = 0; round < 3; round++) {
    texts.forEach((text, row) => {
      assert.deepEqual(rowOf(vectorizer.transform([text]), 0), rowOf(together, row));
    });
  }
});

Deno.test("HashingVectorizer.decisionValues() equals multiplying the rows of transform()", () => {
  const texts = ["Severe rash after zalomycin.", "Brevatol 5 mg daily.", "rash rash rash", ""];
  const { vectorizer } = HashingVectorizer.fit(texts, options({ nFeatures: 1 << 10 }));
  const weights = Float64Array.from({ length: vectorizer.featureCount }, (_, i) => Math.sin(i));
  const probe = [...texts, "zalomycin", "Σ İ 😀 unseen"];
  assert.deepEqual(
    vectorizer.decisionValues(probe, weights, 0.25),
    multiplyRows(vectorizer.transform(probe), weights, 0.25),
  );
});

Deno.test("HashingVectorizer.decisionValues() equals transform() for counts past 63 and texts past the buffers", () => {
  const texts = ["rash after zalomycin", "brevatol daily dose"];
  const { vectorizer } = HashingVectorizer.fit(texts, options({ charNgramMax: 5 }));
  const weights = Float64Array.from({ length: vectorizer.featureCount }, (_, i) => Math.cos(i));
  // 100 repeats: term counts above the sublinear-tf table; 5,000 words: past every initial buffer.
  const long = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? "rash" : `w${i}`)).join(" ");
  const probe = ["rash ".repeat(100), long, "rash after zalomycin"];
  const expected = multiplyRows(vectorizer.transform(probe), weights, -0.5);
  assert.deepEqual(vectorizer.decisionValues(probe, weights, -0.5), expected);
  // The same answers again, after the buffers grew.
  assert.deepEqual(
    vectorizer.decisionValues(probe.toReversed(), weights, -0.5),
    expected.toReversed(),
  );
});

Deno.test("HashingVectorizer shares a bucket between colliding n-grams in a small space", () => {
  const texts = Array.from({ length: 40 }, (_, i) => `word${i} other${i}`);
  const { vectorizer } = HashingVectorizer.fit(texts, options({ nFeatures: 16, minDf: 1 }));
  // 80 distinct word unigrams and 40 bigrams in 16 buckets: every bucket is used, never more.
  assert.equal(vectorizer.wordFeatureCount, 16);
  assert.ok(vectorizer.featureCount - vectorizer.wordFeatureCount <= 16);
});
