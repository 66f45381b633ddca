/** How unusual each text's words are for the training data: mean surprisal under token frequencies. */
import { _visitTokenHashes } from "./_tokens.ts";
import type { ShiftReference } from "./shift_reference.ts";

/** The part of a reference that {@link rowSurprisals} reads. */
export type TokenCounts = Pick<
  ShiftReference,
  "documents" | "minDf" | "tokenHashes" | "tokenDocuments"
>;

/**
 * The surprisal of every counted token, looked up by hash: an open-addressing table (linear probing,
 * at most half full) from a token's hash to `−ln((df + 0.5) / (N + 1))`, built once per `tokenHashes`
 * array. Each value is the same expression {@link rowSurprisals} documents, computed once per token
 * instead of once per occurrence.
 */
interface _SurprisalTable {
  /** `slots[k]`: 1 + the index into `tokenHashes` of the token in slot k; 0 = empty. */
  slots: Int32Array;
  /** `slots.length − 1` (the table's size is a power of two). */
  mask: number;
  /** Surprisal of each token of `tokenHashes`, by index. */
  values: Float64Array;
}

const _tables = new WeakMap<Uint32Array, _SurprisalTable>();

function _tableOf(counts: TokenCounts): _SurprisalTable {
  let table = _tables.get(counts.tokenHashes);
  if (table) return table;
  const hashes = counts.tokenHashes;
  const total = counts.documents + 1;
  let size = 16;
  while (size < 2 * hashes.length) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  const values = new Float64Array(hashes.length);
  for (let entry = 0; entry < hashes.length; entry++) {
    const df = counts.tokenDocuments[entry];
    values[entry] = -Math.log(((df >= counts.minDf ? df : 0) + 0.5) / total);
    let slot = hashes[entry] & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }
  table = { slots, mask, values };
  _tables.set(hashes, table);
  return table;
}

/** The token's surprisal from the table, or `unseen` when the training data does not hold it. */
function _surprisalOf(
  table: _SurprisalTable,
  hashes: Uint32Array,
  hash: number,
  unseen: number,
): number {
  let slot = hash & table.mask;
  for (let entry = table.slots[slot]; entry !== 0; entry = table.slots[slot]) {
    if (hashes[entry - 1] === hash) return table.values[entry - 1];
    slot = (slot + 1) & table.mask;
  }
  return unseen;
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
  const table = _tableOf(counts);
  const hashes = counts.tokenHashes;
  const out = new Float64Array(texts.length);
  let sum = 0;
  const add = (hash: number) => (sum += _surprisalOf(table, hashes, hash, unseen));
  for (let row = 0; row < texts.length; row++) {
    sum = 0;
    const tokens = _visitTokenHashes(texts[row], add);
    out[row] = tokens === 0 ? unseen : sum / tokens;
  }
  return out;
}
