import assert from "node:assert/strict";
import { textNgrams } from "../../lib/models/_text_ngrams.ts";

const documents = ["Ab ab c", "A x-ray, Ab!  Naïve_1"];

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function gramsOf(options: { wordNgramMax: number; charNgramMin: number; charNgramMax: number }) {
  const grams = documents.map((text) => textNgrams(text, options));
  return {
    word: distinct(grams.flatMap((g) => g.word)),
    char: distinct(grams.flatMap((g) => g.char)),
  };
}

// Expected n-gram sets produced by scikit-learn 1.2.1's TfidfVectorizer on the same two documents.
Deno.test("textNgrams() forms scikit-learn's word 1–2 grams", () => {
  assert.deepEqual(gramsOf({ wordNgramMax: 2, charNgramMin: 2, charNgramMax: 3 }).word, [
    "ab",
    "ab ab",
    "ab naïve_1",
    "naïve_1",
    "ray",
    "ray ab",
  ]);
});

Deno.test("textNgrams() forms scikit-learn's char_wb 2–3 grams", () => {
  assert.deepEqual(
    gramsOf({ wordNgramMax: 1, charNgramMin: 2, charNgramMax: 3 }).char,
    // deno-fmt-ignore
    [" a", " a ", " ab", " c", " c ", " n", " na", " x", " x-", "! ", ", ", "-r", "-ra", "1 ", "_1", "_1 ",
      "a ", "ab", "ab ", "ab!", "ay", "ay,", "aï", "aïv", "b ", "b!", "b! ", "c ", "e_", "e_1", "na", "naï",
      "ra", "ray", "ve", "ve_", "x-", "x-r", "y,", "y, ", "ïv", "ïve"],
  );
});

Deno.test("textNgrams() emits short padded words whole, like scikit-learn's char_wb 4–5", () => {
  assert.deepEqual(
    gramsOf({ wordNgramMax: 1, charNgramMin: 4, charNgramMax: 5 }).char,
    // deno-fmt-ignore
    [" a ", " ab ", " ab!", " ab! ", " c ", " naï", " naïv", " x-r", " x-ra", "-ray", "-ray,", "ab! ", "ay, ",
      "aïve", "aïve_", "e_1 ", "naïv", "naïve", "ray,", "ray, ", "ve_1", "ve_1 ", "x-ra", "x-ray", "ïve_", "ïve_1"],
  );
});

Deno.test("textNgrams() keeps repeats in scanning order and treats astral letters as word characters", () => {
  const grams = textNgrams("ab AB 𝐀𝐁", { wordNgramMax: 2, charNgramMin: 3, charNgramMax: 3 });
  assert.deepEqual(grams.word, ["ab", "ab ab", "ab", "ab 𝐀𝐁", "𝐀𝐁"]);
  assert.deepEqual(grams.char.slice(0, 4), [" ab", "ab ", " ab", "ab "]);
});
