import assert from "node:assert/strict";
import { rowSurprisals, type TokenCounts } from "../../lib/shift/mod.ts";
import { _distinctTokenHashes, _tokenHash, _visitTokenHashes } from "../../lib/shift/_tokens.ts";

/** The word-token rule as the regular expression the shift statistics were first defined with. */
function tokensByRegex(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
}

const TRICKY = [
  "",
  "a b c",
  "The patient developed a rash (grade 2) on day 14_b.",
  "Übelkeit, Schwindel und MÜDIGKEIT nach İbuprofen",
  "Ça m'a donné des nausées... j'ai 2 ans",
  "𝐀𝐁 x 𝐂 and 𝓍",
  "naïve café — 10mg/day; x_1",
  "日本語のテキスト 副作用",
  "emoji 😀😀 ok, lone \ud800 surrogate ab",
  "tab\tnew\nline  spaces__ __",
];

Deno.test("_visitTokenHashes() gives the hashes of the regular expression's tokens, in order, on tricky text", () => {
  for (const text of TRICKY) {
    const visited: number[] = [];
    const count = _visitTokenHashes(text, (hash) => visited.push(hash));
    const expected = tokensByRegex(text).map(_tokenHash);
    assert.deepEqual(visited, expected, JSON.stringify(text));
    assert.equal(count, expected.length);
  }
});

Deno.test("_distinctTokenHashes() keeps each token's hash once, in first-occurrence order", () => {
  assert.deepEqual(
    _distinctTokenHashes("Rash, rash and RASH then itch"),
    ["rash", "and", "then", "itch"].map(_tokenHash),
  );
});

Deno.test("rowSurprisals() is the mean of −ln((df + 0.5) / (N + 1)) over tokens, df 0 below minDf", () => {
  const hashes = ["rash", "itch", "the"].map(_tokenHash);
  const order = hashes.map((hash, i) => [hash, [5, 1, 9][i]] as const).sort((a, b) => a[0] - b[0]);
  const counts: TokenCounts = {
    documents: 9,
    minDf: 2,
    tokenHashes: Uint32Array.from(order, ([hash]) => hash),
    tokenDocuments: Uint32Array.from(order, ([, df]) => df),
  };
  const total = 10;
  const surprisal = (df: number) => -Math.log((df + 0.5) / total);
  const [rash, mixed, none] = rowSurprisals(counts, ["Rash!", "the itch, the zzz", "!"]);
  assert.equal(rash, surprisal(5));
  // itch is held by 1 row (< minDf): counted as unseen, like zzz.
  assert.equal(mixed, (surprisal(9) + surprisal(0) + surprisal(9) + surprisal(0)) / 4);
  assert.equal(none, surprisal(0));
});
