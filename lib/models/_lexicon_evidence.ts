/**
 * Private: corpus knowledge that transfers to other registers. The effect and drug mentions of the
 * training relations become two phrase sets (32-bit hashes of normalised token sequences, no text); a text's
 * evidence is whether it names a known effect, a known drug, or both. Effects are matched on 4-character
 * token stems, so lay and British forms (`dizzy`/`dizziness`, `diarrhoea`/`diarrhea`) meet; drugs on whole
 * tokens.
 */
import { AdeError } from "../core/mod.ts";
import { type CsrMatrix } from "./_sparse_matrix.ts";

/** Mention texts of one training row. */
export interface RowMentions {
  /** Effect mentions (e.g. from `effects[].text`). */
  effects: readonly string[];
  /** Drug mentions. */
  drugs: readonly string[];
}

/** The fitted evidence: phrase sets, the weights the linear model gave them, and the register rule. */
export interface LexiconEvidence {
  /** Sorted hashes of effect phrases (4-character stems). */
  effectHashes: Uint32Array;
  /** Sorted hashes of drug phrases (whole tokens). */
  drugHashes: Uint32Array;
  /** Weights of the three evidence features: names an effect, names a drug, names both. */
  weights: [number, number, number];
  /**
   * Register rule: a text whose word surprisal is above this percentile of the training data (a register
   * the model did not learn from) and that names a known effect scores at least the threshold. Null: off
   * (adapted models, whose threshold was fitted on their own source).
   */
  registerPercentile: number | null;
}

/** Number of evidence features. */
export const EVIDENCE_FEATURES = 3;
/** Percentile of the register rule in a fitted model. */
export const REGISTER_PERCENTILE = 98;
const EFFECT_STEM = 4;
const LONGEST_PHRASE = 6;
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

function _tokens(text: string, stem: number): string[] {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  return stem > 0 ? tokens.map((token) => token.slice(0, stem)) : tokens;
}

function _hash(tokens: readonly string[], from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let t = from; t < to; t++) {
    const token = tokens[t];
    for (let i = 0; i < token.length; i++) {
      hash ^= token.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x20;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function _phraseSet(phrases: Iterable<string>, stem: number): Uint32Array {
  const hashes = new Set<number>();
  for (const phrase of phrases) {
    const tokens = _tokens(phrase, stem);
    if (tokens.length > 0 && tokens.length <= LONGEST_PHRASE) {
      hashes.add(_hash(tokens, 0, tokens.length));
    }
  }
  return Uint32Array.from(hashes).sort();
}

/** Bits of the phrase sets' filters (2^16: a set of a few thousand phrases fills a few per cent). */
const FILTER_BITS = 16;
const _filters = new WeakMap<Uint32Array, Uint32Array>();

/**
 * A bit per low-{@link FILTER_BITS}-bit pattern of the set's hashes: a clear bit means the value is not
 * in the set, so most lookups end in one step (built once per set).
 */
function _filterOf(sorted: Uint32Array): Uint32Array {
  let filter = _filters.get(sorted);
  if (!filter) {
    filter = new Uint32Array(1 << (FILTER_BITS - 5));
    for (const hash of sorted) {
      const low = hash & ((1 << FILTER_BITS) - 1);
      filter[low >>> 5] |= 1 << (low & 31);
    }
    _filters.set(sorted, filter);
  }
  return filter;
}

function _contains(sorted: Uint32Array, value: number, filter: Uint32Array): boolean {
  const bits = value & ((1 << FILTER_BITS) - 1);
  if ((filter[bits >>> 5] & (1 << (bits & 31))) === 0) return false;
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] === value) return true;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * Whether the tokens hold a phrase of the set: every run of up to {@link LONGEST_PHRASE} tokens from each
 * start, hashed as it grows (the same value {@link _hash} gives the run, without re-hashing or slicing the
 * tokens to their stems).
 */
function _names(tokens: readonly string[], hashes: Uint32Array, stem: number): boolean {
  if (hashes.length === 0) return false;
  const filter = _filterOf(hashes);
  for (let start = 0; start < tokens.length; start++) {
    let hash = 0x811c9dc5;
    const last = Math.min(tokens.length, start + LONGEST_PHRASE);
    for (let end = start; end < last; end++) {
      const token = tokens[end];
      const length = stem > 0 && token.length > stem ? stem : token.length;
      for (let i = 0; i < length; i++) {
        hash ^= token.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
      }
      hash ^= 0x20;
      hash = Math.imul(hash, 0x01000193);
      if (_contains(hashes, hash >>> 0, filter)) return true;
    }
  }
  return false;
}

/**
 * The phrase sets of some rows' mentions.
 * @param mentions the mentions of each row
 * @param rows which rows (default all)
 */
export function _lexiconOf(
  mentions: readonly (RowMentions | undefined)[],
  rows?: readonly number[],
): Pick<LexiconEvidence, "effectHashes" | "drugHashes"> {
  const picked = rows ?? mentions.map((_, i) => i);
  return {
    effectHashes: _phraseSet(picked.flatMap((row) => mentions[row]?.effects ?? []), EFFECT_STEM),
    drugHashes: _phraseSet(picked.flatMap((row) => mentions[row]?.drugs ?? []), 0),
  };
}

/**
 * A text's evidence features: [names a known effect, names a known drug, names both] as 0/1.
 * @param lexicon the phrase sets
 * @param text the text
 */
export function _evidenceOf(
  lexicon: Pick<LexiconEvidence, "effectHashes" | "drugHashes">,
  text: string,
): [number, number, number] {
  if (lexicon.effectHashes.length === 0 && lexicon.drugHashes.length === 0) return [0, 0, 0];
  const tokens = _tokens(text, 0); // tokenised once: effects match on the tokens' stems
  const effect = _names(tokens, lexicon.effectHashes, EFFECT_STEM) ? 1 : 0;
  const drug = _names(tokens, lexicon.drugHashes, 0) ? 1 : 0;
  return [effect, drug, effect * drug];
}

/**
 * Appends the evidence columns to a feature matrix (after its `columns`), skipping zeros.
 * @param matrix the hashed TF-IDF rows
 * @param evidence one feature triple per row
 */
export function _withEvidenceColumns(
  matrix: CsrMatrix,
  evidence: readonly (readonly number[])[],
): CsrMatrix {
  if (evidence.length !== matrix.rows) {
    throw new AdeError(`evidence for ${evidence.length} rows, matrix of ${matrix.rows}`);
  }
  let extra = 0;
  for (const row of evidence) for (const value of row) if (value !== 0) extra++;
  const indices = new Int32Array(matrix.indices.length + extra);
  const values = new Float32Array(indices.length);
  const rowStarts = new Int32Array(matrix.rows + 1);
  let at = 0;
  for (let row = 0; row < matrix.rows; row++) {
    for (let k = matrix.rowStarts[row]; k < matrix.rowStarts[row + 1]; k++) {
      indices[at] = matrix.indices[k];
      values[at++] = matrix.values[k];
    }
    evidence[row].forEach((value, j) => {
      if (value === 0) return;
      indices[at] = matrix.columns + j;
      values[at++] = value;
    });
    rowStarts[row + 1] = at;
  }
  return {
    rows: matrix.rows,
    columns: matrix.columns + EVIDENCE_FEATURES,
    rowStarts,
    indices,
    values,
  };
}

/** The evidence part of a model folder: `evidence.json` (numbers and counts) and `lexicon.bin`. */
export function _encodeEvidence(evidence: LexiconEvidence): { json: string; lexicon: Uint8Array } {
  const hashes = [...evidence.effectHashes, ...evidence.drugHashes];
  const lexicon = new Uint8Array(hashes.length * 4);
  const view = new DataView(lexicon.buffer);
  hashes.forEach((hash, i) => view.setUint32(i * 4, hash, true));
  const json = JSON.stringify(
    {
      features: ["names a known effect", "names a known drug", "names both"],
      weights: evidence.weights,
      effect_phrases: evidence.effectHashes.length,
      drug_phrases: evidence.drugHashes.length,
      effect_stem: EFFECT_STEM,
      register_percentile: evidence.registerPercentile,
    },
    null,
    2,
  ) + "\n";
  return { json, lexicon };
}

/** Reads what {@link _encodeEvidence} wrote. */
export function _decodeEvidence(
  json: string,
  lexicon: Uint8Array,
  origin: string,
): LexiconEvidence {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new AdeError(`${origin}/evidence.json: not valid JSON (${(error as Error).message})`);
  }
  const effects = value.effect_phrases;
  const drugs = value.drug_phrases;
  const weights = value.weights;
  if (
    !Number.isInteger(effects) || !Number.isInteger(drugs) || !Array.isArray(weights) ||
    weights.length !== EVIDENCE_FEATURES || weights.some((w) => typeof w !== "number") ||
    lexicon.length !== 4 * ((effects as number) + (drugs as number))
  ) {
    throw new AdeError(`${origin}/evidence.json: does not match lexicon.bin`);
  }
  const view = new DataView(lexicon.buffer, lexicon.byteOffset, lexicon.byteLength);
  const all = Uint32Array.from(
    { length: lexicon.length / 4 },
    (_, i) => view.getUint32(i * 4, true),
  );
  const percentile = value.register_percentile;
  return {
    effectHashes: all.slice(0, effects as number),
    drugHashes: all.slice(effects as number),
    weights: weights as [number, number, number],
    registerPercentile: typeof percentile === "number" ? percentile : null,
  };
}
