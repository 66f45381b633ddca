/** How unusual each text's words are for the training data: mean surprisal under token frequencies. */
import { _tokenHash, _wordTokens } from "./_tokens.ts";
import type { ShiftReference } from "./shift_reference.ts";

/** The part of a reference that {@link rowSurprisals} reads. */
export type TokenCounts = Pick<
  ShiftReference,
  "documents" | "minDf" | "tokenHashes" | "tokenDocuments"
>;

function _documentsOf(counts: TokenCounts, hash: number): number {
  const hashes = counts.tokenHashes;
  let low = 0;
  let high = hashes.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = hashes[middle];
    if (value === hash) return counts.tokenDocuments[middle];
    if (value < hash) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

/**
 * Mean surprisal of each text's word tokens: −ln((df + 0.5) / (N + 1)) averaged over the tokens, where
 * df is the number of training rows holding the token (0 below `minDf`) and N the number of training
 * rows. Words the training data never or rarely uses (lay words, slang, misspellings, first-person
 * pronouns in case-report data) raise it; a text without word tokens gets the unseen-token value.
 * @param counts token counts of the training data
 * @param texts texts to score
 * @returns one value per text
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadShiftReference } from "./shift_reference_files.ts";
 * const reference = (await loadShiftReference("tests/fixtures/models/tiny"))!;
 * const [seen, unseen] = rowSurprisals(reference, ["The patient developed rash.", "zzz qqq xxx"]);
 * assert.ok(seen < unseen);
 * ```
 */
export function rowSurprisals(counts: TokenCounts, texts: readonly string[]): Float64Array {
  const total = counts.documents + 1;
  const unseen = -Math.log(0.5 / total);
  const out = new Float64Array(texts.length);
  for (let row = 0; row < texts.length; row++) {
    const tokens = _wordTokens(texts[row]);
    if (tokens.length === 0) {
      out[row] = unseen;
      continue;
    }
    let sum = 0;
    for (const token of tokens) {
      const df = _documentsOf(counts, _tokenHash(token));
      sum += -Math.log(((df >= counts.minDf ? df : 0) + 0.5) / total);
    }
    out[row] = sum / tokens.length;
  }
  return out;
}
