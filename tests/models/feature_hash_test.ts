import assert from "node:assert/strict";
import {
  finishHash,
  hashCharGram,
  hashToken,
  hashWordGram,
  mixBlock,
} from "../../lib/models/_feature_hash.ts";
import { NgramHasher } from "../../lib/models/_ngram_hasher.ts";
import { textNgrams } from "../../lib/models/_text_ngrams.ts";

/** Standard MurmurHash3 x86_32 over bytes, built from the module's block step and finaliser. */
function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  let h = seed | 0;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i * 4;
    h = mixBlock(
      h,
      bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24),
    );
  }
  let tail = 0;
  for (let k = bytes.length & 3; k > 0; k--) tail = (tail << 8) | bytes[blocks * 4 + k - 1];
  if ((bytes.length & 3) !== 0) {
    let k = Math.imul(tail, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  return finishHash(h, bytes.length);
}

Deno.test("mixBlock() and finishHash() are MurmurHash3 x86_32 (reference vectors, as scikit-learn's murmurhash3_32)", () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  assert.equal(murmur3Bytes(encode(""), 0), 0);
  assert.equal(murmur3Bytes(encode(""), 1), 0x514e28b7);
  assert.equal(murmur3Bytes(encode("abc"), 0), 0xb3dd93fa);
  assert.equal(murmur3Bytes(encode("Hello, world!"), 1234), 0xfaf6cdb3);
  assert.equal(
    murmur3Bytes(encode("The quick brown fox jumps over the lazy dog"), 0x9747b28c),
    0x2fa826cd,
  );
});

Deno.test("hashWordGram() depends on token order; hashes are fixed across runs", () => {
  const [a, b] = [hashToken("rash"), hashToken("after")];
  assert.notEqual(hashWordGram([a, b]), hashWordGram([b, a]));
  assert.notEqual(hashWordGram([a]), hashCharGram("rash"));
  // Pinned: a saved model's buckets stay valid only while these values never change.
  assert.equal(hashCharGram(" ras"), 0x291a702f);
  assert.equal(hashWordGram([a, b]), 0x4a7d0a54);
});

Deno.test("NgramHasher gives the hashes of textNgrams()' strings, in order, on mixed scripts", () => {
  const options = { wordNgramMax: 3, charNgramMin: 1, charNgramMax: 6 };
  const hasher = new NgramHasher(options);
  const texts = [
    "Severe RASH after Zalomycin; no fever.",
    "Naïve_1 x-ray\tİstanbul ΣΟΦΟΣ σ ΣΑ dizzy\u00a0spells\u2003ok",
    "𝐀𝐁𝐂 emoji 😀😀 a 𝐀 b",
    "",
    "   ",
    "a",
    "ǅungla ß ﬀ ΐ",
    "x".repeat(3000),
  ];
  for (const text of texts) {
    hasher.hash(text);
    const grams = textNgrams(text, options);
    const wordHashes = grams.word.map((gram) => hashWordGram(gram.split(" ").map(hashToken)) | 0);
    assert.deepEqual(
      Array.from(hasher.word.data.subarray(0, hasher.word.length)),
      wordHashes,
      text,
    );
    const charHashes = grams.char.map((gram) => hashCharGram(gram) | 0);
    assert.deepEqual(
      Array.from(hasher.char.data.subarray(0, hasher.char.length)),
      charHashes,
      text,
    );
  }
});
