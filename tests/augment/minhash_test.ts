import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  charShingles,
  jaccardSimilarity,
  lshCandidateProbability,
  MinHashIndex,
} from "../../lib/augment/_minhash.ts";

const WORDS = (
  "patient developed severe acute rash fever after treatment with the drug and hepatitis renal " +
  "failure was observed during therapy which resolved on withdrawal of medication in a woman man " +
  "child elderly dose daily weeks months case report induced associated toxicity"
).split(" ");

function sentence(rng: ReturnType<typeof createRng>, words: number): string {
  return Array.from({ length: words }, () => WORDS[rng.int(WORDS.length)]).join(" ");
}

function mutate(rng: ReturnType<typeof createRng>, text: string, edits: number): string {
  const words = text.split(" ");
  for (let i = 0; i < edits; i++) words[rng.int(words.length)] = WORDS[rng.int(WORDS.length)];
  return words.join(" ");
}

Deno.test("lshCandidateProbability() catches a 0.8 Jaccard pair with the default 20x5 bands", () => {
  assert.ok(lshCandidateProbability(0.8, 20, 5) > 0.999);
  assert.ok(lshCandidateProbability(0.3, 20, 5) < 0.06);
});

Deno.test("jaccardSimilarity() is 1 for normalised copies and 0 for disjoint texts", () => {
  assert.equal(
    jaccardSimilarity(charShingles("Fever  after ASPIRIN."), charShingles("fever after aspirin.")),
    1,
  );
  assert.equal(jaccardSimilarity(charShingles("aaaaaaa"), charShingles("bbbbbbb")), 0);
  assert.equal(charShingles("abc").size, 1);
});

Deno.test("MinHashIndex.query() finds the same matches as brute force on a random sample", () => {
  const rng = createRng(7);
  const index = new MinHashIndex({ seed: 3 });
  const bases: string[] = [];
  for (let i = 0; i < 400; i++) {
    const text = sentence(rng, 12 + rng.int(10));
    bases.push(text);
    index.add(`s${i}`, text);
  }
  const baseShingles = bases.map((text) => charShingles(text));
  let queries = 0;
  let matched = 0;
  for (let i = 0; i < 300; i++) {
    const base = bases[rng.int(bases.length)];
    const query = i % 3 === 0 ? sentence(rng, 15) : mutate(rng, base, rng.int(4));
    const fast = index.query(query, 0.8).map((m) => m.key).sort();
    const queryShingles = charShingles(query);
    const brute = baseShingles.map((shingles, j) => ({
      j,
      s: jaccardSimilarity(queryShingles, shingles),
    }))
      .filter(({ s }) => s >= 0.8).map(({ j }) => `s${j}`).sort();
    assert.deepEqual(fast, brute, `query ${i}`);
    assert.deepEqual(index.queryExhaustive(query, 0.8).map((m) => m.key).sort(), brute);
    queries++;
    if (brute.length > 0) matched++;
  }
  assert.equal(queries, 300);
  assert.ok(matched > 50, `the sample must contain near-duplicates (got ${matched})`);
});

Deno.test("MinHashIndex is deterministic for a seed", () => {
  const a = new MinHashIndex({ seed: 5 });
  const b = new MinHashIndex({ seed: 5 });
  for (
    const [i, text] of ["one two three four five six", "seven eight nine ten eleven"].entries()
  ) {
    a.add(String(i), text);
    b.add(String(i), text);
  }
  assert.deepEqual(
    a.query("one two three four five six!", 0.5),
    b.query("one two three four five six!", 0.5),
  );
  assert.throws(() => new MinHashIndex({ bands: 0 }), RangeError);
});
